/* Running a helper program on a text and reading what it prints, bounded
   in time and in output: no shell, an argument vector. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct capture {
	char *out;      /* its stdout, NUL-terminated (allocated, also when empty) */
	size_t len;
	int status;     /* its wait status */
	bool timed_out; /* killed at the deadline */
	bool cut;       /* killed for printing more than the bound */
};

/* Run ARGV[0] (looked up in PATH) in a process group of its own, with
   INPUT (LEN bytes; /dev/null when NULL) on its stdin, stderr to
   /dev/null, the default signal dispositions and no signal blocked;
   keep up to MAX_OUT bytes of its stdout in CAP.  Its group is killed
   when now_ms() passes DEADLINE_MS or it prints more than MAX_OUT, and
   whatever of it is left when it ends.  0 once it has ended (CAP says
   how), -1 with a message when it could not start. */
int capture_run(char *const argv[], const char *input, size_t len, size_t max_out, long long deadline_ms,
		struct capture *cap);

/* Start ARGV[0] (looked up in PATH) in a process group of its own with
   IN, OUT and ERR as its stdin, stdout and stderr (-1: /dev/null), the
   default signal dispositions and no signal blocked; -1 with a message
   when it could not start. */
int capture_spawn(char *const argv[], int in, int out, int err, pid_t *pid);

/* Free CAP's output. */
void capture_free(struct capture *cap);

/* Whether CAP ran to its end and exited 0. */
bool capture_succeeded(const struct capture *cap);
