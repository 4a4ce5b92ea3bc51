/* The options that say what a run's verdict weighs: --fail-on,
   --allow-splat, and how --bisect counts each outcome. */
#pragma once

#include <stdbool.h>

#include "bisect.h"

/* Set *MASK (1 << class) from the classes in ARG, a comma list of splat
   class names, "all" or "none"; a NULL ARG leaves it.  NAME is what set
   it, for the message. */
int verdictopts_fail_on(const char *name, const char *arg, unsigned *mask);

/* Append ARG to ALLOWED once it compiles as an extended regular expression. */
int verdictopts_allow(const char *name, const char *arg, char ***allowed);

/* --bisect-OUTCOME=bad|skip into *SKIP (1 << outcome), and --bisect with it. */
int verdictopts_bisect(const char *name, const char *arg, enum bisect_outcome outcome, unsigned *skip, bool *bisect);
