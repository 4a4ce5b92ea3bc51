/* A matrix's results directory: per target its report.json, kernel.log,
   stdout and stderr, per kernel tree its build.log, and junit.xml. */
#pragma once

#include "mxstate.h"

/* Make DIR (NULL: a temporary one, removed by mxresults_finish) with a
   directory per target; -1 with a message, also when DIR holds anything. */
int mxresults_prepare(struct mx_run *run, const char *dir, bool *temporary);

/* TARGET's run ended with the wait status STATUS: its state and reason,
   from its report when it wrote one. */
void mxresults_judge(const struct mx_run *run, struct mx_target *target, int status);

/* Remove a temporary results directory. */
void mxresults_remove(const char *dir);
