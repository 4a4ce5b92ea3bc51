/* --matrix=FILE: many kernels x commands x hosts from one file, each
   target an ordinary run, with one table and one JUnit XML at the end. */
#pragma once

#include <stdbool.h>

struct matrix_request {
	const char *path;        /* --matrix=FILE */
	char *const *names;      /* the targets to run (NULL: all) */
	bool list_only;          /* --matrix-list */
	const char *results;     /* --results=DIR; NULL: a temporary directory */
};

/* Exit statuses of a matrix (see the man page). */
enum {
	MATRIX_PASSED = 0,
	MATRIX_FAILED = 1,       /* a target failed, none erred */
	MATRIX_ERROR = 2,        /* a target could not be judged (host, build, tool) */
};

/* Run REQUEST's matrix: its exit status (125 for a bad file, before anything starts). */
int matrix_main(const struct matrix_request *request);
