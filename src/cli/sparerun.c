#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cache.h"
#include "connection.h"
#include "error.h"
#include "fdio.h"
#include "interrupt.h"
#include "log.h"
#include "paths.h"
#include "rundir.h"
#include "runfiles.h"
#include "sparelock.h"
#include "spareprep.h"
#include "strv.h"
#include "sparerun.h"
#include "sysio.h"
#include "util.h"
#include "xalloc.h"

extern char **environ;

/* The reason the last spare could not be prepared, in the cache. */
#define FAILURE_NOTE "spare-failure"

/* How long the run waits for the preparing process to take its directory. */
#define ADOPT_WAIT_MS 5000

/* The request's records: KEY=VALUE, each NUL-terminated. */
static char *
request_records(const struct plan *plan, const char *xml, const char *versions, size_t *len)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	if (!out)
		die_oom();
	fprintf(out, "uri=%s%c" "snapshot=%s%c" "versions=%s%c" "run-dir=%s%c" "user=%s%c" "idle=%u%c" "keep=%u%c"
		     "version=%s%c" "xml=%s%c",
		plan->uri, 0, plan->snapshot, 0, versions, 0, plan->spare_dir, 0,
		plan->host_user ? plan->host_user : "", 0, plan->spare_idle, 0, plan->spare_keep, 0,
		plan->domain.kernel_version, 0, xml, 0);
	if (fclose(out) != 0)
		die_oom();
	*len = size;
	return text;
}

/* The spare's directory, with its copy of the run's initrd. */
static int
make_spare_dir(const struct plan *plan)
{
	cleanup_free char *initrd = xasprintf("%s/" RUN_INITRD, plan->spare_dir);
	cleanup_fd int in = -1, out = -1;

	if (rundir_create(plan->spare_dir) < 0)
		return -1;
	if (link(plan->initrd_path, initrd) == 0)
		return 0;
	in = fd_open_regular(plan->initrd_path);
	out = open(initrd, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (in < 0 || out < 0 || fd_copy_file(in, out, initrd) < 0)
		return err_sys("cannot copy the initrd into %s", plan->spare_dir);
	return 0;
}

/* This program again, in a session of its own, its stdin SOCK, its output
   nowhere; its PID, or -1 with a message. */
static pid_t
spawn_preparer(int sock)
{
	cleanup_free char *self = paths_self();
	char name[] = "eudyptula-boot";
	char *argv[] = { name, NULL };
	cleanup_strv char **env = NULL;
	posix_spawn_file_actions_t actions;
	posix_spawnattr_t attr;
	sigset_t none, defaults;
	pid_t pid = -1;
	int rc;

	if (!self)
		return -1;
	for (char **e = environ; *e; e++)
		strv_append(&env, *e);
	strv_append(&env, SPARERUN_ENV "=1");
	sigemptyset(&none);
	sigfillset(&defaults);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &defaults);
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_adddup2(&actions, sock, STDIN_FILENO);
	posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	rc = posix_spawn(&pid, self, &actions, &attr, argv, env);
	posix_spawn_file_actions_destroy(&actions);
	posix_spawnattr_destroy(&attr);
	if (rc != 0) {
		errno = rc;
		return err_sys("cannot start %s", self);
	}
	return pid;
}

/* Hand the request to a preparing process, and wait until it has taken
   the directory (a run starting meanwhile could take it for a killed
   run's). */
static int
hand_over(const char *records, size_t len)
{
	int pair[2];
	struct pollfd pfd = { .events = POLLIN };
	char answer = 0;
	int rc = -1;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0)
		return err_sys("cannot make a socket pair");
	pfd.fd = pair[0];
	if (spawn_preparer(pair[1]) < 0)
		goto out;
	if (write_all(pair[0], records, len) != len || shutdown(pair[0], SHUT_WR) < 0)
		err_sys("cannot hand the spare over");
	else if (poll(&pfd, 1, ADOPT_WAIT_MS) == 1 && read(pair[0], &answer, 1) == 1 && answer == '1')
		rc = 0;
	else
		err_set("the process preparing the spare did not start");
out:
	close(pair[0]);
	close(pair[1]);
	return rc;
}

void
sparerun_leave(const struct plan *plan, const char *xml, const char *versions)
{
	size_t len;
	cleanup_free char *records = NULL;

	/* Stopped by a signal, the user wants the tool gone, not a machine left. */
	if (interrupt_pending() || access(plan->snapshot, R_OK) < 0)
		return;
	records = request_records(plan, xml, versions, &len);
	if (make_spare_dir(plan) < 0 || hand_over(records, len) < 0) {
		log_warn("no warm spare left for the next run: %s", err_get());
		rundir_remove(plan->spare_dir);
	}
}

/* Where a spare that could not be prepared leaves its reason, for the
   next run to tell (allocated; NULL: no cache). */
static char *
failure_note_path(void)
{
	cleanup_free char *dir = cache_dir();

	return dir ? xasprintf("%s/" FAILURE_NOTE, dir) : NULL;
}

/* Nobody sees this process's output: keep why it failed for the next run. */
static void
note_failure(const char *why)
{
	cleanup_free char *path = failure_note_path();
	cleanup_fd int fd = path ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600) : -1;

	if (fd >= 0)
		write_all(fd, why, strlen(why));
}

void
sparerun_tell_failure(void)
{
	cleanup_free char *path = failure_note_path();
	cleanup_fd int fd = path ? fd_open_regular(path) : -1;
	cleanup_free char *why = NULL;
	size_t len;

	if (fd < 0)
		return;
	why = fd_read_all(fd, 4096, &len);
	unlink(path);
	if (why && len)
		log_warn("the last warm spare could not be prepared: %s", why);
}

/* The value of KEY among the request's LEN bytes of records, or NULL. */
static const char *
record(const char *data, size_t len, const char *key)
{
	size_t key_len = strlen(key);

	for (const char *p = data; p < data + len; p += strlen(p) + 1)
		if (!strncmp(p, key, key_len) && p[key_len] == '=')
			return p + key_len + 1;
	return NULL;
}

/* The request, read from DATA (LEN bytes); -1 when a part is missing. */
static int
parse_request(const char *data, size_t len, struct spare_request *request)
{
	const char *idle = record(data, len, "idle"), *keep = record(data, len, "keep");

	*request = (struct spare_request){
		.uri = record(data, len, "uri"),
		.xml = record(data, len, "xml"),
		.snapshot = record(data, len, "snapshot"),
		.versions = record(data, len, "versions"),
		.run_dir = record(data, len, "run-dir"),
		.user = record(data, len, "user"),
		.version = record(data, len, "version"),
		.idle = idle ? (unsigned)strtoul(idle, NULL, 10) : 0,
		.keep = keep ? (unsigned)strtoul(keep, NULL, 10) : 0,
	};
	return request->uri && request->xml && request->snapshot && request->versions && request->run_dir &&
			       request->user && request->version && request->idle && request->keep
		       ? 0
		       : -1;
}

/* Take the directory, tell the run, and let go of its socket. */
static int
adopt(const char *run_dir)
{
	int null_fd;

	if (rundir_adopt(run_dir) < 0 || write(STDIN_FILENO, "1", 1) != 1)
		return -1;
	null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (null_fd >= 0 && null_fd != STDIN_FILENO) {
		dup2(null_fd, STDIN_FILENO);
		close(null_fd);
	}
	return 0;
}

int
sparerun_prepare_main(void)
{
	/* Before the run hears from this process, so any later --end-spares counts. */
	struct timespec since = sparelock_now();
	struct spare_request request;
	size_t len = 0;
	cleanup_free char *data = fd_read_all(STDIN_FILENO, 64u << 20, &len);
	int rc;

	unsetenv(SPARERUN_ENV);
	if (!data || parse_request(data, len, &request) < 0 || adopt(request.run_dir) < 0)
		return EXIT_TOOL;
	request.since = since;
	rc = events_start() == 0 ? spare_prepare(&request) : -1;
	events_stop();
	if (rc <= 0)
		rundir_remove(request.run_dir);
	if (rc < 0)
		note_failure(err_get());
	return rc < 0 ? EXIT_TOOL : 0;
}
