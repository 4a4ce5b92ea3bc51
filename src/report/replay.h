/* A detached run's record, read back: what its guest wrote in its run
   directory (control.log, kernel.log) as the result of a run. */
#pragma once

#include "session.h"

/* Fill RESULT (session_result_init'ed) from RUN_DIR's record of an ended
   run; returns the run's exit status (EXIT_GUEST_DIED when the guest
   reported none). */
int replay_run(const char *run_dir, struct session_result *result);
