#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "connection.h"
#include "contract.h"
#include "domainplan.h"
#include "error.h"
#include "log.h"
#include "reclaim.h"
#include "runfiles.h"
#include "pumps.h"
#include "session.h"
#include "snapshot.h"
#include "spare.h"
#include "sysio.h"
#include "terminal.h"
#include "timings.h"
#include "util.h"
#include "xalloc.h"

#define DIED_LOG_LINES 20

/* A pause in this process this long is worth naming when the connection goes. */
#define STALL_NOTICE_MS 10000

/* Every descriptor, watch and timer unset, for a new session. */
#define SESSION_IDLE \
	.kernel = { .fd = -1 }, .console = { .fd = -1 }, .out = { .fd = -1 }, \
	.err = { .fd = -1 }, .control = { .fd = -1 }, \
	.stdin_watch = -1, .signal_pipe = { -1, -1 }, .signal_watch = -1, \
	.timeout_clock = DEADLINE_IDLE, .boot_clock = DEADLINE_IDLE, .grace_timer = -1, .beat_timer = -1, .end_mark_timer = -1, .lifecycle_callback = -1, \
	.extra_consoles = { [0 ... EB_EXTRA_CONSOLES_MAX - 1] = CONSOCK_IDLE }, \
	.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER, \
	.stdin_tty = isatty(STDIN_FILENO)

/* A non-blocking stream on the domain's console DEVICE. */
static int
open_console(struct session *s, const char *device, virStreamPtr *stream)
{
	*stream = virStreamNew(s->conn, VIR_STREAM_NONBLOCK);
	if (!*stream || virDomainOpenConsole(s->dom, device, *stream, VIR_DOMAIN_CONSOLE_FORCE) < 0)
		return err_set("cannot open the guest console %s: %s", device, connection_last_error());
	return 0;
}

/* A non-blocking stream on the virtio channel NAME. */
static int
open_channel(struct session *s, const char *name, virStreamPtr *stream)
{
	*stream = virStreamNew(s->conn, VIR_STREAM_NONBLOCK);
	if (!*stream || virDomainOpenChannel(s->dom, name, *stream, 0) < 0)
		return err_set("cannot open the guest channel %s: %s", name, connection_last_error());
	return 0;
}

/* The terminal on hvc0: its output to stdout, stdin to it. */
static int
open_shell_console(struct session *s)
{
	if (open_console(s, "console1", &s->console.stream) < 0)
		return -1;
	s->console.fd = STDOUT_FILENO;
	s->input = s->console.stream;
	return 0;
}

/* Attach every stream while the guest is paused, so no byte is lost. */
static int
open_streams(struct session *s)
{
	/* An attached terminal takes the shell's console only. */
	if (s->attached)
		return open_shell_console(s);
	/* A claimed spare's control channel is open: that is the claim. */
	if (open_console(s, DOMAIN_KERNEL_LOG_ALIAS, &s->kernel.stream) < 0 ||
	    (!s->control.stream && open_channel(s, EB_PORT_CONTROL, &s->control.stream) < 0))
		return -1;
	if (s->console_mode)
		return open_shell_console(s);
	if (open_channel(s, EB_PORT_STDOUT, &s->out.stream) < 0 ||
	    open_channel(s, EB_PORT_STDERR, &s->err.stream) < 0 ||
	    open_channel(s, EB_PORT_STDIN, &s->input) < 0)
		return -1;
	s->out.fd = STDOUT_FILENO;
	s->err.fd = STDERR_FILENO;
	return 0;
}

/* The guest stopped: if it had not reported, that is a death. */
static int
lifecycle_event(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
	struct session *s = opaque;

	if (event != VIR_DOMAIN_EVENT_STOPPED && event != VIR_DOMAIN_EVENT_CRASHED)
		return 0;
	pthread_mutex_lock(&s->lock);
	virEventUpdateTimeout(s->grace_timer, 300);
	pthread_mutex_unlock(&s->lock);
	return 0;
}

/* libvirtd went away (stopped, restarted, keepalive lost): end the run. */
static void
connection_closed(virConnectPtr conn, int reason, void *opaque)
{
	struct session *s = opaque;

	(void)conn;
	pthread_mutex_lock(&s->lock);
	session_note_stall(s);
	s->close_reason = reason;
	session_finish(s, END_CONN_LOST);
	pthread_mutex_unlock(&s->lock);
}

/* Wait on the main thread until some callback ends the run. */
static void
wait_for_end(struct session *s)
{
	pthread_mutex_lock(&s->lock);
	while (s->end == END_RUNNING)
		pthread_cond_wait(&s->cond, &s->lock);
	pthread_mutex_unlock(&s->lock);
}

/* Say the connection is gone; a run's own guest is then destroyed once
   libvirtd is back, since its autodestroy went with the connection.  A
   process that did not run for long (stopped, starved) lost it to
   libvirtd's keepalive, which gives a silent client about 30 s. */
static int
connection_lost(struct session *s)
{
	if (s->stall_ms >= STALL_NOTICE_MS)
		log_error("lost the connection to %s: this process did not run for %lld s (stopped or starved), longer than "
			  "libvirtd's keepalive waits for a client: libvirtd closed the connection and destroyed the guest",
			  s->uri ? s->uri : "libvirt", s->stall_ms / 1000);
	else
		log_error("lost the connection to %s (%s): libvirtd stopped or restarted under the run",
			  s->uri ? s->uri : "libvirt", connection_close_reason(s->close_reason));
	if (!s->attached)
		reclaim_domain(s->uri, s->uuid, s->name);
	return EXIT_GUEST_DIED;
}

/* The tool's exit status for how the run ended. */
static int
end_status(struct session *s)
{
	if (s->init_program && (s->end == END_GUEST_DIED || s->end == END_STATUS)) {
		initprog_flush(&s->split, s->log);
		return initprog_status(s->log);
	}
	if (s->end == END_STATUS && s->status == EXIT_TOOL) {
		log_error("the guest init failed; its last messages:");
		kernlog_print_tail(s->log, STDERR_FILENO, DIED_LOG_LINES);
	} else if (s->end == END_TIMEOUT) {
		log_error("the guest ran longer than --timeout=%u seconds: destroyed it", s->timeout);
	} else if (s->end == END_BOOT_TIMEOUT) {
		log_error("the guest did not start the command within --boot-timeout=%u seconds: %s; destroyed it; "
			  "its last kernel messages:", s->boot_timeout, runend_stage_text(s->stage));
		kernlog_print_tail(s->log, STDERR_FILENO, DIED_LOG_LINES);
	} else if (s->end == END_CONN_LOST) {
		return connection_lost(s);
	}
	if (s->end != END_GUEST_DIED && s->end != END_RUNNING)
		return runend_exit_status(s->end, s->status, s->end_signal);
	if (kernlog_panic_reason(s->log))
		log_error("the guest kernel panicked: %s; its last messages:", kernlog_panic_reason(s->log));
	else
		log_error("the guest stopped without reporting a status (panic, crash or destroyed); its last kernel messages:");
	kernlog_print_tail(s->log, STDERR_FILENO, DIED_LOG_LINES);
	return EXIT_GUEST_DIED;
}

/* Each extra console on RUN_DIR/consoleN.sock; its libvirt alias is
   console(N+1), console1 being the tool's own. */
static int
start_extra_consoles(struct session *s)
{
	char path[4096], alias[16];

	for (unsigned i = 0; i < s->extra_console_count; i++) {
		snprintf(path, sizeof path, "%s/" RUN_CONSOLE_SOCKET_FORMAT, s->run_dir, i + 1);
		snprintf(alias, sizeof alias, "console%u", i + 2);
		if (consock_start(&s->extra_consoles[i], s->dom, alias, path) < 0)
			return -1;
	}
	return 0;
}

/* The kernel log up to the snapshot point, as the snapshot kept it. */
static void
replay_log(struct session *s, const char *log, size_t len)
{
	pthread_mutex_lock(&s->lock);
	kernlog_append(s->log, log, len);
	/* -v shows the boot as the snapshot saw it. */
	if (s->verbose)
		write_all(STDERR_FILENO, log, len);
	session_reach_stage(s, STAGE_INIT);
	pthread_mutex_unlock(&s->lock);
}

/* Load the snapshot into the paused domain, with the kernel log it kept;
   a claimed spare has its log only. */
static int
warm_begin(struct session *s)
{
	long long start = now_ms();

	if (s->spare) {
		replay_log(s, s->spare->log, s->spare->log_len);
		return 0;
	}
	if (!s->warm || !s->warm->restore)
		return 0;
	if (snapshot_restore(s->dom, s->warm->socket, s->warm->restore) < 0) {
		s->warm->failed = true;
		return -1;
	}
	s->warm->ms = now_ms() - start;
	replay_log(s, s->warm->restore->log, s->warm->restore->log_len);
	return 0;
}

/* The run's domain: created paused from XML, a claimed spare (running,
   its control channel open), or the one --attach names. */
static int
take_domain(struct session *s, const char *xml)
{
	unsigned flags = VIR_DOMAIN_START_PAUSED | VIR_DOMAIN_START_VALIDATE;

	if (!s->embedded)
		flags |= VIR_DOMAIN_START_AUTODESTROY;
	if (s->spare) {
		s->dom = s->spare->dom;
		virDomainRef(s->dom);
		s->control.stream = s->spare->control;
		s->spare->control = NULL;
	} else if (!s->attached) {
		s->dom = virDomainCreateXML(s->conn, xml, flags);
	}
	if (!s->dom) {
		err_set("libvirt refused the domain: %s", connection_start_error(s->verbose));
		/* Asked after the reason is kept: asking resets libvirt's last error. */
		if (virConnectIsAlive(s->conn) == 0)
			err_set("lost the connection to %s while creating the domain", s->uri ? s->uri : "libvirt");
		return -1;
	}
	if (virDomainGetUUID(s->dom, s->uuid) < 0)
		return err_set("cannot read the domain's UUID: %s", connection_last_error());
	s->name = xstrdup(virDomainGetName(s->dom));
	return 0;
}

/* Start the domain and its streams, then let it run. */
static int
start(struct session *s, const char *xml, bool resume)
{
	int rc;

	if (take_domain(s, xml) < 0 || open_streams(s) < 0)
		return -1;
	timings_mark(STEP_CREATED);
	s->close_callback = virConnectRegisterCloseCallback(s->conn, connection_closed, s, NULL) == 0;
	s->lifecycle_callback = virConnectDomainEventRegisterAny(s->conn, s->dom, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
								 VIR_DOMAIN_EVENT_CALLBACK(lifecycle_event), s, NULL);
	/* Callbacks take the lock: none runs before every watch id is recorded. */
	pthread_mutex_lock(&s->lock);
	rc = session_pumps_start(s);
	pthread_mutex_unlock(&s->lock);
	if (rc < 0)
		return err_set("cannot follow the guest's streams: %s", connection_last_error());
	if (start_extra_consoles(s) < 0)
		return -1;
	if (s->console_mode && s->stdin_tty && terminal_raw(STDIN_FILENO) < 0)
		return -1;
	pthread_mutex_lock(&s->lock);
	session_send_winsize(s);
	pthread_mutex_unlock(&s->lock);
	if (warm_begin(s) < 0)
		return -1;
	/* With --gdb-wait, gdb's continue starts the vCPUs; a spare runs. */
	if (resume && !s->attached && !s->spare && virDomainResume(s->dom) < 0)
		return err_set("cannot resume the guest: %s", connection_last_error());
	timings_mark(STEP_RESUMED);
	/* A restored guest waits in its init already. */
	if (s->spare || (s->warm && s->warm->restore)) {
		pthread_mutex_lock(&s->lock);
		pumps_send_conf(s);
		pthread_mutex_unlock(&s->lock);
	}
	return 0;
}

/* Undo everything start() did, in reverse.  Every stream is closed, and
   libvirtd has let go of it, before the domain is destroyed: libvirt 9.0
   deadlocks when QEMU exits while a console or channel stream is open
   (freeing the chardevs and aborting the stream take the same two locks
   in opposite orders). */
static void
stop(struct session *s, bool destroy)
{
	terminal_restore();
	events_stop();
	for (unsigned i = 0; i < EB_EXTRA_CONSOLES_MAX; i++)
		consock_stop(&s->extra_consoles[i]);
	/* The control channel goes last: its end tells the guest to stop. */
	session_pumps_stop(s);
	if (s->dom && destroy)
		virDomainDestroy(s->dom);
	if (s->lifecycle_callback >= 0)
		virConnectDomainEventDeregisterAny(s->conn, s->lifecycle_callback);
	if (s->close_callback)
		virConnectUnregisterCloseCallback(s->conn, connection_closed);
	if (s->dom && !s->attached)
		virDomainFree(s->dom);
}

/* What an attached terminal's end means for the caller of session_attach. */
static int
attach_end_status(struct session *s)
{
	if (s->end == END_DETACH) {
		fputs("\r\n", stderr);
		return 0;
	}
	if (s->end == END_SIGNAL)
		return 128 + s->end_signal;
	if (s->end == END_CONN_LOST)
		return connection_lost(s);
	return SESSION_ATTACH_GUEST_STOPPED;
}

int
session_attach(virConnectPtr conn, virDomainPtr dom)
{
	struct session_result unused;
	struct session s = {
		.conn = conn,
		.dom = dom,
		.log = &unused.log,
		.out_tail = &unused.out,
		.err_tail = &unused.err,
		.attached = true,
		.console_mode = true,
		SESSION_IDLE,
	};
	int status = -1;

	session_result_init(&unused, 0);
	if (start(&s, NULL, false) == 0) {
		wait_for_end(&s);
		stop(&s, false);
		status = attach_end_status(&s);
	} else {
		stop(&s, false);
	}
	session_result_clear(&unused);
	free(s.name);
	return status;
}

void
session_result_init(struct session_result *result, size_t output_tail)
{
	memset(result, 0, sizeof *result);
	splat_scanner_init(&result->log.splats);
	tailbuf_init(&result->out, output_tail);
	tailbuf_init(&result->err, output_tail);
}

void
session_result_clear(struct session_result *result)
{
	kernlog_clear(&result->log);
	tailbuf_clear(&result->out);
	tailbuf_clear(&result->err);
}

int
session_run(virConnectPtr conn, const char *xml, const struct session_options *options,
	    struct session_result *result)
{
	struct session s = {
		.conn = conn,
		.uri = options->uri,
		.run_dir = options->run_dir,
		.extra_console_count = options->extra_consoles < EB_EXTRA_CONSOLES_MAX ? options->extra_consoles
											   : EB_EXTRA_CONSOLES_MAX,
		.console_mode = options->console_mode,
		.verbose = options->verbose,
		.timeout = options->timeout,
		.boot_timeout = options->boot_timeout,
		.log = &result->log,
		.out_tail = &result->out,
		.err_tail = &result->err,
		.embedded = options->embedded,
		.init_program = options->init_program,
		.conf = options->conf,
		.conf_len = options->conf_len,
		.warm = options->warm,
		.spare = options->spare,
		.job_control = true,
		.split = { .verbose = options->verbose },
		SESSION_IDLE,
	};
	int status;

	endmark_init(&s.console_end, options->console_end);
	if (options->kernel_log && kernlog_keep_in(s.log, options->kernel_log) < 0)
		return -1;
	if (start(&s, xml, !options->gdb_wait) < 0) {
		stop(&s, true);
		kernlog_close(s.log);
		free(s.name);
		return -1;
	}
	wait_for_end(&s);
	/* Closing the connection destroys an autodestroy domain without waiting
	   for libvirt's teardown; an embedded one must be destroyed here.  A
	   claimed spare that reported stops itself once its control channel closes. */
	stop(&s, s.end != END_STATUS || s.embedded);
	kernlog_close(s.log);
	if (s.console_mode && s.end == END_DETACH)
		fputs("\r\n", stderr);
	status = end_status(&s);
	result->end = s.end;
	result->stage = s.stage;
	result->command_status = s.status;
	free(s.name);
	return status;
}
