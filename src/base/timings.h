/* Where a run's time goes, for --timings. */
#pragma once

#include <stddef.h>

enum timing_step {
	STEP_START,       /* the tool started */
	STEP_INSPECTED,   /* kernel, config and modules checked, XML rendered */
	STEP_INITRAMFS,   /* the initramfs is ready */
	STEP_CONNECTED,   /* libvirt answered */
	STEP_CREATED,     /* the domain exists, paused, streams attached */
	STEP_RESUMED,     /* the vCPUs run */
	STEP_STATUS,      /* the guest reported, with all its output */
	STEP_END,         /* the tool is about to exit */
	STEP_COUNT
};

/* Record that STEP is reached now. */
void timings_mark(enum timing_step step);

/* When STEP_START was marked: seconds since the epoch. */
long long timings_started(void);

/* The guest's own clock (ms since its boot): init started, the command
   started, the command ended. */
void timings_guest(long long init_ms, long long command_ms, long long done_ms);

/* A span of a run, named as --timings names it; ms is -1 when it did not happen. */
struct timing_span {
	const char *name;
	long long ms;
};

/* The spans --timings shows, host then guest, in its order (MAX at most). */
size_t timings_spans(struct timing_span *spans, size_t max);

/* The way the run's machine started, for --timings: "cold", "snapshot",
   "spare" or "cold, snapshot taken", and its STEP that took MS ("restore",
   "claim", "save"; NULL: none); static strings. */
void timings_warm(const char *path, const char *step, long long ms);

/* What the run uploaded to HOST (kept by the caller), in MS, for --timings. */
void timings_upload(const char *host, unsigned long long bytes, long long ms);

/* Print the steps reached, in ms, and the peak RSS on stderr. */
void timings_print(void);
