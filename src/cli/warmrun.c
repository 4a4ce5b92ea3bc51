#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "connection.h"
#include "domainplan.h"
#include "error.h"
#include "hints.h"
#include "log.h"
#include "rundir.h"
#include "runfiles.h"
#include "snapshot.h"
#include "snapstore.h"
#include "spare.h"
#include "sparerun.h"
#include "sysio.h"
#include "timings.h"
#include "util.h"
#include "warmrun.h"
#include "xalloc.h"

/* Say which way the machine started, for --timings. */
static void
note_path(const struct warm_run *warm)
{
	if (warm->restore)
		timings_warm("snapshot", "restore", warm->ms);
	else if (warm->taken)
		timings_warm("cold, snapshot taken", "save", warm->ms);
	else
		timings_warm("cold", NULL, -1);
}

/* The hints for the domain the run is on: SPARE's when it claimed one. */
static void
print_hints(const struct plan *plan, const struct spare *spare)
{
	struct plan shown = *plan;

	if (spare) {
		shown.name = spare->name;
		shown.run_dir = spare->run_dir;
	}
	hints_print(&shown);
}

/* Run on a ready spare of PLAN's shape: false when none was free; else
   *STATUS is the run's. */
static bool
on_spare(virConnectPtr conn, struct plan *plan, struct session_options *options, struct session_result *result,
	 int *status)
{
	cleanup_free char *title = domain_make_title(plan->domain.kernel_version, plan->domain.command);
	struct spare spare;
	long long start = now_ms();

	if (spare_claim(conn, snapstore_name(plan->snapshot), plan->host_user, title, &spare) <= 0)
		return false;
	timings_warm("spare", "claim", now_ms() - start);
	log_ok("Claimed the warm spare %s", spare.name);
	print_hints(plan, &spare);
	free(plan->name);
	plan->name = xstrdup(spare.name);
	options->spare = &spare;
	options->run_dir = spare.run_dir;
	*status = session_run(conn, NULL, options, result);
	options->spare = NULL;
	options->run_dir = plan->run_dir;
	rundir_remove(spare.run_dir);
	spare_release(&spare);
	return true;
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

	/* Without libvirtd, neither the snapshot nor a cold boot can be tried. */
	if (status >= 0 || !warm->failed || virConnectIsAlive(conn) != 1)
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
warmrun_session(virConnectPtr conn, struct plan *plan, bool embedded, const struct run_xml *xml,
		struct session_options *options, struct session_result *result, size_t output_tail)
{
	cleanup_free char *versions = NULL, *socket = xasprintf("%s/" RUN_MIGRATE_SOCKET, plan->run_dir);
	struct snap_file file = { .fd = -1 };
	cleanup_free char *kernel = realpath(plan->domain.kernel_path, NULL);
	struct warm_run warm = { .path = plan->snapshot, .socket = socket, .kernel = kernel ? kernel : "-" };
	int status;

	/* The embedded driver's guests end with this process: nothing to share. */
	if (!plan->snapshot || embedded || !xml->warm || !(versions = snapshot_versions(conn))) {
		timings_warm("cold", NULL, -1);
		print_hints(plan, NULL);
		return session_run(conn, xml->cold, options, result);
	}
	if (plan->spare)
		sparerun_tell_failure();
	if (plan->spare && on_spare(conn, plan, options, result, &status)) {
		sparerun_leave(plan, xml->spare, versions);
		return status;
	}
	print_hints(plan, NULL);
	warm.versions = versions;
	snapstore_prune(plan->snapshot);
	choose(plan, &warm, &file);
	options->warm = &warm;
	status = run(conn, plan, xml, &warm, options, result, output_tail);
	options->warm = NULL;
	note_path(&warm);
	snap_file_close(&file);
	if (plan->spare)
		sparerun_leave(plan, xml->spare, versions);
	return status;
}
