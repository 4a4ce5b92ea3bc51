/* --dry-run: what a run would do, without doing it. */
#pragma once

#include "inspect.h"
#include "plan.h"

/* Print the kernel, its config and modules, the initramfs cache state,
   the URI and the domain name on stdout. */
int dryrun_print(const struct inspection *inspection, const struct plan *plan);
