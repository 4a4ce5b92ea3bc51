#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "connection.h"
#include "contract.h"
#include "domainplan.h"
#include "error.h"
#include "runfiles.h"
#include "snapshot.h"
#include "snapstore.h"
#include "spare.h"
#include "sparelock.h"
#include "spareprep.h"
#include "sysio.h"
#include "util.h"
#include "xalloc.h"

/* How long a restored spare has to answer "idle". */
#define ANSWER_MS 60000

/* The directory the run directories are in (allocated). */
static char *
parent_of(const char *run_dir)
{
	char *parent = xstrdup(run_dir);
	char *slash = strrchr(parent, '/');

	if (slash)
		*slash = '\0';
	return parent;
}

/* All of LEN bytes of BUF on the non-blocking STREAM before DEADLINE. */
static int
stream_send_all(virStreamPtr stream, const char *buf, size_t len, long long deadline)
{
	size_t done = 0;

	while (done < len && now_ms() < deadline) {
		int n = virStreamSend(stream, buf + done, len - done);

		if (n == -2)
			nanosleep(&(struct timespec){ .tv_nsec = 5000000 }, NULL);
		else if (n < 0)
			return err_set("cannot write to the spare's control channel: %s", connection_last_error());
		else
			done += (size_t)n;
	}
	return done == len ? 0 : err_set("the spare's control channel took nothing for %d s", ANSWER_MS / 1000);
}

/* Read STREAM until the line WANT arrives, before DEADLINE. */
static int
await_line(virStreamPtr stream, const char *want, long long deadline)
{
	char buf[512];
	size_t len = 0;
	int n;

	while (now_ms() < deadline) {
		n = virStreamRecv(stream, buf + len, sizeof buf - 1 - len);
		if (n == -2) {
			nanosleep(&(struct timespec){ .tv_nsec = 5000000 }, NULL);
			continue;
		}
		if (n <= 0)
			return err_set("the spare's init went away: %s", n < 0 ? connection_last_error() : "end of its channel");
		len += (size_t)n;
		buf[len] = '\0';
		if (strstr(buf, want))
			return 0;
		/* Keep the last partial line only. */
		if (len == sizeof buf - 1)
			len = 0;
	}
	return err_set("the spare did not answer within %d s", ANSWER_MS / 1000);
}

/* The snapshot's kernel log, for the run that claims the spare. */
static int
keep_log(const char *run_dir, const struct snap_file *file)
{
	cleanup_free char *path = xasprintf("%s/" RUN_SPARE_LOG, run_dir);
	cleanup_fd int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0 || write_all(fd, file->log, file->log_len) != file->log_len)
		return err_sys("cannot write %s", path);
	return 0;
}

/* Restore FILE into the paused DOM, let it run, and tell it it is a spare. */
static int
bring_up(virConnectPtr conn, virDomainPtr dom, const struct spare_request *request, struct snap_file *file)
{
	cleanup_free char *socket = xasprintf("%s/" RUN_MIGRATE_SOCKET, request->run_dir);
	char idle[48];
	virStreamPtr stream = virStreamNew(conn, VIR_STREAM_NONBLOCK);
	long long deadline = now_ms() + ANSWER_MS;
	int rc = -1;

	snprintf(idle, sizeof idle, EB_CTL_IDLE " %u\n", request->idle);
	if (!stream || virDomainOpenChannel(dom, EB_PORT_CONTROL, stream, 0) < 0)
		err_set("cannot open the spare's control channel: %s", connection_last_error());
	else if (snapshot_restore(dom, socket, file) == 0 && keep_log(request->run_dir, file) == 0) {
		if (virDomainResume(dom) < 0)
			err_set("cannot resume the spare: %s", connection_last_error());
		else if (stream_send_all(stream, idle, strlen(idle), deadline) == 0 &&
			 await_line(stream, EB_CTL_STAGE " " EB_STAGE_SPARE "\n", deadline) == 0)
			rc = 0;
	}
	if (stream) {
		virStreamFinish(stream);
		virStreamFree(stream);
	}
	return rc;
}

/* Mark DOM ready for a run, in its element and its title. */
static int
mark_ready(virDomainPtr dom, const struct spare_request *request)
{
	cleanup_free char *title = NULL;

	if (spare_set_state(dom, snapstore_name(request->snapshot), request->user, EB_SPARE_READY) < 0)
		return -1;
	title = xasprintf("eudyptula-boot: %s: warm spare, ready (ends after %u s idle)", request->version,
			  request->idle);
	virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, title, NULL, NULL, VIR_DOMAIN_AFFECT_LIVE);
	return 0;
}

/* Create the spare's domain, paused, unless KEEP spares are there already
   or spares were ended in PARENT since the request: the domain, or NULL
   (*WANTED false when none was wanted). */
static virDomainPtr
create_spare(virConnectPtr conn, const struct spare_request *request, const char *parent, bool *wanted)
{
	int lock = sparelock_take(parent), count;
	virDomainPtr dom = NULL;

	*wanted = false;
	if (lock < 0)
		return NULL;
	count = spare_count(conn, snapstore_name(request->snapshot), request->user, false);
	if (count >= 0 && (unsigned)count < request->keep && !sparelock_ended_since(parent, &request->since)) {
		*wanted = true;
		dom = virDomainCreateXML(conn, request->xml, VIR_DOMAIN_START_PAUSED | VIR_DOMAIN_START_VALIDATE);
		if (!dom)
			err_set("libvirt refused the spare: %s", connection_last_error());
	}
	close(lock);
	return dom;
}

int
spare_prepare(const struct spare_request *request)
{
	cleanup_free char *parent = parent_of(request->run_dir);
	struct snap_file file = { .fd = -1 };
	virConnectPtr conn;
	virDomainPtr dom = NULL;
	bool embedded, wanted = false;
	int rc = 0;

	if (snapstore_open(request->snapshot, request->versions, &file) <= 0)
		return 0;
	conn = connection_open(request->uri, NULL, &embedded);
	if (conn && !embedded)
		dom = create_spare(conn, request, parent, &wanted);
	if (dom && bring_up(conn, dom, request, &file) == 0 && mark_ready(dom, request) == 0)
		rc = 1;
	else if (dom && sparelock_ended_since(parent, &request->since))
		rc = 0; /* --end-spares destroyed it while it was being brought up */
	else if (wanted || !conn)
		rc = -1;
	if (dom && rc < 0)
		virDomainDestroy(dom);
	if (dom)
		virDomainFree(dom);
	if (conn)
		virConnectClose(conn);
	snap_file_close(&file);
	return rc;
}
