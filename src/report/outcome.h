/* After a run: its splats said on stderr, symbolized, weighed into the
   verdict, its kernel log copied, and its reports written. */
#pragma once

#include <stdbool.h>

#include "inspect.h"
#include "plan.h"
#include "session.h"

/* What a JUnit report keeps of the command's stdout and of its stderr: their ends. */
#define REPORT_OUTPUT_MAX (64 * 1024)

struct outcome_input {
	const struct plan *plan;
	const struct inspection *inspection;
	struct session_result *result; /* NULL: the guest never ran */
	int status;                    /* the exit status the run ended with */
	bool verbose;                  /* -v: each splat's whole text too */
	long long started;             /* seconds since the epoch */
	const char *kernel_log;        /* where the run kept the whole kernel log; NULL: nowhere */
};

/* Say, weigh and report IN; returns the run's exit status. */
int outcome_finish(const struct outcome_input *in);
