/* Deciding the shape of the guest from the settings and the kernel. */
#pragma once

#include "inspect.h"
#include "options.h"
#include "plan.h"

/* Fill PLAN; refuses a kernel command line longer than the kernel takes. */
int plan_make(const struct settings *settings, const struct inspection *inspection, struct plan *plan);


/* The private directory of the run that names its domain NAME, in this
   user's directory of run directories (allocated). */
char *plan_run_dir(const char *name);
