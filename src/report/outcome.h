/* After a run: its splats said on stderr, symbolized, weighed into the
   verdict, its kernel log copied, and its reports written. */
#pragma once

#include <stdbool.h>

#include "session.h"

/* What a JUnit report keeps of the command's stdout and of its stderr: their ends. */
#define REPORT_OUTPUT_MAX (64 * 1024)

/* What is known of the run and its kernel, whoever started it. */
struct run_facts {
	const char *kernel_path;
	const char *kernel_version;
	const char *build_dir;     /* the kernel's build tree; NULL: none */
	const char *modules_dir;   /* its modules; NULL: none */
	const char *vmlinux;       /* --vmlinux or the booted ELF kernel; NULL: look for one */
	const char *uri;
	const char *domain;
	char *const *command;      /* NULL: a shell */
};

struct outcome_input {
	struct run_facts facts;
	unsigned fail_on;              /* 1 << splat class */
	char *const *allowed;          /* --allow-splat */
	const char *kernel_log_copy;   /* --kernel-log; NULL: none */
	const char *report;            /* --report; NULL: none */
	const char *junit;             /* --junit; NULL: none */
	bool bisect;                   /* --bisect: the status for git bisect run */
	unsigned bisect_skip;          /* the outcomes it counts as skip: 1 << enum bisect_outcome */
	struct session_result *result; /* NULL: the guest never ran */
	int status;                    /* the exit status the run ended with */
	bool verbose;                  /* -v: each splat's whole text too */
	long long started;             /* seconds since the epoch */
	const char *kernel_log;        /* where the run kept the whole kernel log; NULL: nowhere */
};

/* Say, weigh and report IN; returns the run's exit status. */
int outcome_finish(const struct outcome_input *in);
