#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "connection.h"
#include "error.h"
#include "log.h"
#include "runfiles.h"
#include "snapshot.h"
#include "timings.h"
#include "util.h"
#include "warmrun.h"
#include "xalloc.h"

/* Say which way the machine started, for --timings. */
static void
note_path(const struct warm_run *warm)
{
	if (warm->restore)
		timings_warm("snapshot", warm->ms);
	else if (warm->taken)
		timings_warm("cold, snapshot taken", warm->ms);
	else
		timings_warm("cold", -1);
}

/* Open PLAN's snapshot for WARM: restore it when usable; a damaged one,
   or one of other versions, goes (and is taken again). */
static void
choose(const struct plan *plan, struct warm_run *warm, struct snap_file *file)
{
	int found = snapstore_open(plan->snapshot, warm->versions, file);

	if (found > 0) {
		warm->restore = file;
		log_ok("Restoring the snapshot %s", plan->snapshot);
		return;
	}
	if (found < 0) {
		log_warn("%s: booting cold, and taking a new one", err_get());
		unlink(plan->snapshot);
	}
}

/* The session, cold or warm; a restore that failed boots cold. */
static int
run(virConnectPtr conn, const struct plan *plan, const struct run_xml *xml, struct warm_run *warm,
    struct session_options *options, struct session_result *result, size_t output_tail)
{
	int status = session_run(conn, warm->restore ? xml->warm : xml->cold, options, result);

	if (status >= 0 || !warm->failed)
		return status;
	log_warn("the snapshot %s could not be restored (%s): booting cold, and taking a new one", plan->snapshot,
		 err_get());
	unlink(plan->snapshot);
	snap_file_close(warm->restore);
	warm->restore = NULL;
	warm->failed = false;
	session_result_clear(result);
	session_result_init(result, output_tail);
	/* The failed session stopped the event loop with the rest. */
	if (events_start() < 0)
		return -1;
	return session_run(conn, xml->cold, options, result);
}

int
warmrun_session(virConnectPtr conn, const struct plan *plan, bool embedded, const struct run_xml *xml,
		struct session_options *options, struct session_result *result, size_t output_tail)
{
	cleanup_free char *versions = NULL, *socket = xasprintf("%s/" RUN_MIGRATE_SOCKET, plan->run_dir);
	struct snap_file file = { .fd = -1 };
	struct warm_run warm = { .path = plan->snapshot, .socket = socket };
	int status;

	/* The embedded driver's guests end with this process: nothing to share. */
	if (!plan->snapshot || embedded || !xml->warm || !(versions = snapshot_versions(conn))) {
		timings_warm("cold", -1);
		return session_run(conn, xml->cold, options, result);
	}
	warm.versions = versions;
	choose(plan, &warm, &file);
	options->warm = &warm;
	status = run(conn, plan, xml, &warm, options, result, output_tail);
	options->warm = NULL;
	note_path(&warm);
	snap_file_close(&file);
	return status;
}
