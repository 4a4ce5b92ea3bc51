/* The targets of a matrix: every kernel x command x host the file picks,
   each an ordinary run with its own verdict. */
#pragma once

#include <stddef.h>
#include <sys/types.h>

#include "mxfile.h"

enum mx_state {
	MX_QUEUED,
	MX_BUILDING,  /* its kernel tree is being built */
	MX_BOOTING,   /* its run started */
	MX_RUNNING,   /* its command started in the guest */
	MX_PASSED,
	MX_FAILED,    /* the verdict failed: a status, a splat, a timeout, a hang, a panic */
	MX_ERROR,     /* it could not be judged: the host, the build or the tool failed */
	MX_CANCELLED, /* the matrix was interrupted before it ended */
};

struct mx_target {
	char *name;                      /* KERNEL/COMMAND/HOST */
	size_t kernel, command, host;    /* indexes into the spec */
	enum mx_state state;
	int exit_status;                 /* the run's; -1 until it ended */
	char *reason;                    /* why it failed or erred, else NULL */
	double started, ended;           /* seconds on the monotonic clock; 0: not yet */
	double command_started;          /* when its command started in the guest; 0: not yet */
	pid_t pid;                       /* its run while it runs, else 0 */
	int progress_fd;                 /* what its run says, else -1 */
	char *dir;                       /* its results directory */
};

struct mx_targets {
	struct mx_target *items;
	size_t count;
};

/* The targets SPEC picks, restricted to NAMES when given (each a target's
   name or the name of a kernel, command or host: every target with it);
   -1 with a message for a name that is none. */
int mxtarget_expand(const struct mx_spec *spec, char *const *names, struct mx_targets *targets);

/* What STATE is called in the status lines and the table. */
const char *mxtarget_state_name(enum mx_state state);

/* Whether STATE is an end. */
static inline int
mxtarget_done(enum mx_state state)
{
	return state >= MX_PASSED;
}

/* How long TARGET ran, until NOW while it runs; 0 before it started. */
static inline double
mxtarget_seconds(const struct mx_target *target, double now)
{
	if (!target->started)
		return 0.0;
	return (target->ended ? target->ended : now) - target->started;
}

void mxtarget_set_reason(struct mx_target *target, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void mxtargets_clear(struct mx_targets *targets);
