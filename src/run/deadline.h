/* A limit on the run's time that stops while the job is stopped (^Z):
   --timeout, and the boot watchdog's --boot-timeout. */
#pragma once

#include <stdbool.h>

#include <libvirt/libvirt.h>

struct deadline {
	int timer;           /* the event loop's timer; -1: none */
	long long at_ms;     /* when it runs out (monotonic) */
	long long left_ms;   /* what was left of it when it was paused */
	bool paused;
};

#define DEADLINE_IDLE { .timer = -1 }

/* Run EXPIRED(OPAQUE) on the event loop SECONDS from now; 0: never. */
int deadline_start(struct deadline *deadline, unsigned seconds, virEventTimeoutCallback expired, void *opaque);

/* Stop the clock, keeping what is left. */
void deadline_pause(struct deadline *deadline);

/* Start the clock again with what was left. */
void deadline_resume(struct deadline *deadline);

/* Remove its timer: it will not run out. */
void deadline_stop(struct deadline *deadline);
