/* A run's verdict: pass, fail or error, why, and the exit status once
   --fail-on and --allow-splat have weighed the kernel's splats. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "session.h"

enum verdict_kind {
	VERDICT_PASS,    /* the command succeeded and no splat --fail-on names came */
	VERDICT_FAIL,    /* the command failed, the kernel splatted, panicked or hung, or time ran out */
	VERDICT_ERROR,   /* no judgement: the tool failed or the run was interrupted */
};

/* What the verdict weighs. */
struct verdict_input {
	int status;                        /* the exit status the run ended with */
	const struct session_result *result; /* NULL: the guest never ran */
	unsigned fail_on;                  /* 1 << splat class */
	char *const *allowed;              /* regular expressions over splat titles; NULL: none */
};

struct verdict {
	enum verdict_kind kind;
	int status;            /* the tool's exit status */
	char *why;             /* one line */
	char *meaning;         /* what the exit status means */
	bool *allowed;         /* per splat of the result: --allow-splat matched it */
	size_t failing;        /* splats --fail-on names and no --allow-splat matched */
};

/* Weigh IN into VERDICT. */
void verdict_weigh(const struct verdict_input *in, struct verdict *verdict);

/* "pass", "fail" or "error". */
const char *verdict_kind_name(enum verdict_kind kind);

void verdict_clear(struct verdict *verdict);
