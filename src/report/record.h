/* What the reports say of one run: gathered once, written as JSON
   (--report) and JUnit XML (--junit). */
#pragma once

#include <stddef.h>

#include "session.h"
#include "verdict.h"

struct report_record {
	const char *kernel_path;
	const char *kernel_version;
	const char *uri;
	const char *domain;
	char *const *command;          /* the argv; NULL: a shell */
	const struct verdict *verdict;
	const struct session_result *result; /* NULL: the guest never ran */
	char *const *symbolized;       /* per splat: its text with file:line, or NULL; NULL: none */
	const char *kernel_log;        /* where the whole kernel log is kept; NULL: nowhere */
	const char *out;               /* the end of the command's stdout (the console's, on a terminal) */
	size_t out_len;
	const char *err;               /* the end of its stderr */
	size_t err_len;
	long long started;             /* when the run started, seconds since the epoch */
	long long total_ms;            /* how long it took; -1: unknown */
};

/* The command as one line, its words quoted where a shell would need it
   (allocated); "(a shell)" for none. */
char *report_command_line(char *const *command);
