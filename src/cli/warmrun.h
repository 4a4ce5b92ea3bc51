/* A run's guest started from the snapshot of its shape when the cache
   holds a usable one, else booted cold, taking one at the snapshot point. */
#pragma once

#include <libvirt/libvirt.h>

#include "plan.h"
#include "session.h"

/* The domain XML of a run: booting cold, waiting for a saved state (NULL
   when the run has no snapshot to use), and the spare it leaves (NULL: none). */
struct run_xml {
	char *cold;
	char *warm;
	char *spare;
};

/* session_run for PLAN's guest on CONN with OPTIONS, on a claimed warm
   spare (PLAN then names its domain), from its snapshot or cold, printing
   the hints for the domain it is on; leaving a spare with --warm=spare; RESULT as session_run fills it (bounding its output tails to
   OUTPUT_TAIL, should a failed restore make it start again). */
int warmrun_session(virConnectPtr conn, struct plan *plan, bool embedded, const struct run_xml *xml,
		    struct session_options *options, struct session_result *result, size_t output_tail);
