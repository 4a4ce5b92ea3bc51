/* Making a warm spare: a domain of the snapshot's shape, restored from
   it, resumed, told its idle limit, marked ready and left waiting in its
   init for a run to claim it (spare.h). */
#pragma once

#include <time.h>

/* What the run that leaves a spare asks for. */
struct spare_request {
	const char *uri;
	const char *xml;       /* the spare's domain, waiting for a saved state */
	const char *snapshot;  /* the snapshot file to restore */
	const char *versions;  /* what the snapshot must be bound to */
	const char *run_dir;   /* the spare's directory, its initrd inside */
	const char *user;
	const char *version;   /* the kernel's, for its title */
	unsigned idle;         /* seconds it waits for a run, counted in the guest */
	unsigned keep;         /* at most this many spares of the snapshot */
	struct timespec since; /* when it was asked for (sparelock_now) */
};

/* 1 when a spare waits, 0 when none was wanted (KEEP reached, no usable
   snapshot, spares ended since the request), -1 with a message (no domain
   left). */
int spare_prepare(const struct spare_request *request);
