#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "connection.h"
#include "contract.h"
#include "detached.h"
#include "domainplan.h"
#include "error.h"
#include "facts.h"
#include "fdio.h"
#include "log.h"
#include "planning.h"
#include "replay.h"
#include "runfiles.h"
#include "session.h"
#include "sysio.h"
#include "upload.h"
#include "uri.h"
#include "util.h"
#include "xalloc.h"

/* TEXT as the whole of the file PATH. */
static int
write_text(const char *path, const char *text)
{
	cleanup_fd int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0 || write_all(fd, text, strlen(text)) != strlen(text))
		return err_sys("cannot write %s", path);
	return 0;
}

/* The whole of the small file PATH (allocated); NULL when it is not there. */
static char *
read_text(const char *path)
{
	cleanup_fd int fd = fd_open_regular(path);
	size_t len;

	return fd >= 0 ? fd_read_all(fd, 4096, &len) : NULL;
}

/* The files of a detached run on another host: its record here names the
   pool there, and an empty control log marks it a detached run's. */
static int
keep_remote_record(const struct plan *plan)
{
	cleanup_free char *pool = xasprintf("%s/" RUN_REMOTE_POOL, plan->run_dir);
	cleanup_free char *control = xasprintf("%s/" RUN_CHANNEL_CONTROL RUN_LOG_SUFFIX, plan->run_dir);
	const char *name = plan->pool ? plan->pool : UPLOAD_POOL;

	if (write_text(pool, name) < 0 || write_text(control, "") < 0)
		return -1;
	return 0;
}

/* Bring the files of the ended detached run NAME from the pool of its
   host into its record RUN_DIR, if it ran there. */
static int
fetch_remote(virConnectPtr conn, const char *name, const char *run_dir)
{
	static const char *const files[] = { RUN_KERNEL_LOG, RUN_CHANNEL_STDOUT RUN_LOG_SUFFIX,
					     RUN_CHANNEL_STDERR RUN_LOG_SUFFIX, RUN_CHANNEL_CONTROL RUN_LOG_SUFFIX };
	cleanup_free char *pool_file = xasprintf("%s/" RUN_REMOTE_POOL, run_dir), *pool_name = read_text(pool_file);
	virStoragePoolPtr pool;
	int rc = 0;

	if (!pool_name)
		return 0;
	pool = virStoragePoolLookupByName(conn, pool_name);
	if (!pool)
		return err_set("no storage pool %s there, where %s kept its output: %s", pool_name, name,
			       connection_last_error());
	for (size_t i = 0; i < ARRAY_SIZE(files) && rc >= 0; i++) {
		cleanup_free char *volume = xasprintf("%s-%s", name, files[i]), *path = xasprintf("%s/%s", run_dir, files[i]);

		rc = upload_fetch(pool, volume, path);
	}
	virStoragePoolFree(pool);
	return rc < 0 ? -1 : 0;
}

int
detached_start(virConnectPtr conn, const char *xml, const struct plan *plan, const struct run_facts *facts)
{
	cleanup_free char *facts_path = xasprintf("%s/" RUN_FACTS, plan->run_dir);
	virDomainPtr dom;

	if (facts_write(facts, facts_path) < 0 || (plan->remote && keep_remote_record(plan) < 0))
		return -1;
	dom = virDomainCreateXML(conn, xml, VIR_DOMAIN_START_VALIDATE);
	if (!dom)
		return err_set("libvirt refused the domain: %s", connection_start_error(false));
	virDomainFree(dom);
	printf("%s\n", plan->name);
	fflush(stdout);
	log_info("%s runs on its own: eudyptula-boot --attach=%s (or virsh console %s --devname console1; virsh console %s alone for a second shell), eudyptula-boot --status=%s",
		 plan->name, plan->name, plan->name, plan->name, plan->name);
	if (plan->remote)
		log_info("its output goes to %s on %s; eudyptula-boot --connect=%s --status=%s fetches it once it has ended",
			 plan->remote_log_dir, plan->remote_host, plan->uri, plan->name);
	else
		log_info("its output goes to %s/" RUN_CHANNEL_STDOUT RUN_LOG_SUFFIX " and %s/" RUN_CHANNEL_STDERR RUN_LOG_SUFFIX,
			 plan->run_dir, plan->run_dir);
	return 0;
}

/* The status the guest recorded in RUN_DIR/control.log; -1 when none. */
static int
recorded_status(const char *run_dir)
{
	char path[4096], line[256];
	cleanup_file FILE *log = NULL;
	int status = -1, value;

	snprintf(path, sizeof path, "%s/" RUN_CHANNEL_CONTROL RUN_LOG_SUFFIX, run_dir);
	log = fopen(path, "r");
	while (log && fgets(line, sizeof line, log))
		if (sscanf(line, EB_CTL_EXIT " %d", &value) == 1)
			status = value;
	return status;
}

/* The domain NAME if it runs and is ours; NULL otherwise. */
static virDomainPtr
find_ours(virConnectPtr conn, const char *name)
{
	virDomainPtr dom = virDomainLookupByName(conn, name);
	char *metadata;

	if (!dom)
		return NULL;
	metadata = virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, EB_METADATA_NS, 0);
	if (!metadata) {
		virDomainFree(dom);
		return NULL;
	}
	free(metadata);
	return dom;
}

/* Connect to the URI the settings name; embedded guests are not visible. */
static virConnectPtr
connect_for(const struct settings *settings)
{
	const char *why;
	bool embedded;

	return connection_open(uri_choose(settings->connect_uri, &why), NULL, &embedded);
}

/* The verdict of the ended run in RUN_DIR, as a run's own end gives it:
   its splats said, its report written in RUN_DIR; its exit status. */
static int
judge_ended(const struct settings *settings, const char *run_dir, struct kept_facts *kept)
{
	cleanup_free char *report = settings->report ? xstrdup(settings->report) : xasprintf("%s/" RUN_REPORT, run_dir);
	cleanup_free char *kernel_log = xasprintf("%s/" RUN_KERNEL_LOG, run_dir);
	struct session_result result;
	struct outcome_input outcome = {
		.facts = kept->facts,
		.fail_on = settings->fail_on,
		.allowed = settings->allowed_splats,
		.kernel_log_copy = settings->kernel_log,
		.report = report,
		.junit = settings->junit,
		.result = &result,
		.verbose = settings->verbose,
		.kernel_log = kernel_log,
	};
	int status;

	session_result_init(&result, 0);
	outcome.status = replay_run(run_dir, &result);
	status = outcome_finish(&outcome);
	session_result_clear(&result);
	return status;
}

/* The exit status of a guest that has stopped, from its record. */
static int
ended_status(const struct settings *settings, const char *name)
{
	cleanup_free char *run_dir = plan_run_dir(name);
	cleanup_free char *facts_path = NULL;
	struct kept_facts kept;
	struct stat st;
	int status;

	if (stat(run_dir, &st) < 0)
		return err_set("no guest named %s is running, and none left a record in %s: see eudyptula-boot --list",
			       name, run_dir);
	status = recorded_status(run_dir);
	if (status < 0)
		printf("%s stopped without reporting a status\n", name);
	else
		printf("%s exited %d; its output is in %s/" RUN_CHANNEL_STDOUT RUN_LOG_SUFFIX " and %s/" RUN_CHANNEL_STDERR
		       RUN_LOG_SUFFIX "\n", name, status, run_dir, run_dir);
	fflush(stdout);
	facts_path = xasprintf("%s/" RUN_FACTS, run_dir);
	if (facts_read(facts_path, &kept) < 0)
		return status < 0 ? EXIT_GUEST_DIED : status;
	status = judge_ended(settings, run_dir, &kept);
	facts_clear(&kept);
	return status;
}

int
detached_status(const struct settings *settings)
{
	virConnectPtr conn = connect_for(settings);
	virDomainPtr dom;
	int rc;

	if (!conn)
		return -1;
	dom = find_ours(conn, settings->status_of);
	if (dom) {
		printf("%s running\n", settings->status_of);
		virDomainFree(dom);
		rc = 0;
	} else {
		cleanup_free char *run_dir = plan_run_dir(settings->status_of);

		rc = fetch_remote(conn, settings->status_of, run_dir);
		if (rc == 0)
			rc = ended_status(settings, settings->status_of);
	}
	virConnectClose(conn);
	if (rc < 0)
		return -1;
	return fflush(stdout) == 0 ? rc : err_sys("writing to stdout");
}

int
detached_attach(const struct settings *settings)
{
	virConnectPtr conn;
	virDomainPtr dom;
	int rc;

	if (events_start() < 0)
		return -1;
	conn = connect_for(settings);
	if (!conn) {
		events_stop();
		return -1;
	}
	dom = find_ours(conn, settings->attach);
	if (!dom) {
		virConnectClose(conn);
		events_stop();
		return err_set("no running guest of eudyptula-boot is named %s: see eudyptula-boot --list", settings->attach);
	}
	log_info("attached to %s; ^] leaves it running", settings->attach);
	rc = session_attach(conn, dom);
	virDomainFree(dom);
	virConnectClose(conn);
	events_stop();
	if (rc == SESSION_ATTACH_GUEST_STOPPED) {
		cleanup_free char *run_dir = plan_run_dir(settings->attach);
		int status = recorded_status(run_dir);

		return status >= 0 ? status : EXIT_GUEST_DIED;
	}
	return rc;
}
