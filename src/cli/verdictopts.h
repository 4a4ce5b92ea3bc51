/* The options that say what a run's verdict weighs: --fail-on, --allow-splat. */
#pragma once

/* Set *MASK (1 << class) from the classes in ARG, a comma list of splat
   class names, "all" or "none"; a NULL ARG leaves it.  NAME is what set
   it, for the message. */
int verdictopts_fail_on(const char *name, const char *arg, unsigned *mask);

/* Append ARG to ALLOWED once it compiles as an extended regular expression. */
int verdictopts_allow(const char *name, const char *arg, char ***allowed);
