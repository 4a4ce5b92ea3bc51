/* --bisect: a run's exit status as git bisect run reads it: 0 good, 1 to
   127 but 125 bad, 125 skip, anything else stops the bisection. */
#pragma once

#include "session.h"

/* The outcomes whose count --bisect-OUTCOME=bad|skip changes. */
enum bisect_outcome {
	BISECT_TIMEOUT,   /* --timeout ran out */
	BISECT_PANIC,     /* the guest died: a panic, or no status */
	BISECT_SPLAT,     /* a splat --fail-on names (exit 123) */
	BISECT_BOOT,      /* the boot watchdog (exit 122) */
};

/* STATUS, the run's exit status (RESULT NULL: the guest never ran, the
   build or the tool failed), mapped for git bisect run; SKIP holds
   1 << outcome for the outcomes that count as skip, not bad. */
int bisect_status(int status, const struct session_result *result, unsigned skip);
