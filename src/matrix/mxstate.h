/* A matrix while it runs: each kernel's build, each host's runs, and
   where the results go. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

#include "mxfile.h"
#include "mxtarget.h"

enum mx_build {
	MX_BUILD_NONE,     /* an image: nothing to build */
	MX_BUILD_WAITING,
	MX_BUILD_RUNNING,
	MX_BUILD_DONE,
	MX_BUILD_FAILED,
};

struct mx_kernel_state {
	enum mx_build build;
	pid_t pid;          /* the build while it runs */
	char *boot_path;    /* what the runs give --kernel: the image, or the built tree */
	char *log_path;     /* the build's output */
	double started, ended;
};

struct mx_host_state {
	const char *uri;    /* the host's, or the default one */
	unsigned jobs;      /* the most runs at once there */
	unsigned running;
	unsigned peak;      /* the most that ran at once */
	char *unreachable;  /* why it could not be reached, else NULL */
};

struct mx_run {
	const struct mx_spec *spec;
	struct mx_targets *targets;
	struct mx_kernel_state *kernels;
	struct mx_host_state *hosts;
	char *results;      /* the results directory, absolute */
	char *exe;          /* this program, for the runs */
	char *prefix;       /* the guests' domain names start with it */
	int signal;         /* the signal that ended the matrix, else 0 */
	double started;
	bool live;          /* redraw the status in place (a terminal) */
	unsigned drawn;     /* lines of the live status on the terminal now */
};

/* Seconds on the monotonic clock. */
static inline double
mx_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
