/* Moving bytes between libvirt streams and the host's descriptors.
   Every callback here runs on the event loop thread. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "connection.h"
#include "contract.h"
#include "error.h"
#include "interrupt.h"
#include "jobctl.h"
#include "log.h"
#include "progress.h"
#include "pumps.h"
#include "runconf.h"
#include "snapshot.h"
#include "sysio.h"
#include "terminal.h"
#include "timings.h"
#include "util.h"


/* The most a stream read hands over at once. */
#define STREAM_CHUNK 65536

/* The guest reported but the console's end mark has not come (someone
   else may have taken the console): finish anyway after this long. */
#define CONSOLE_END_WAIT_MS 5000

void
session_finish(struct session *s, enum session_end end)
{
	if (s->end != END_RUNNING)
		return;
	s->end = end;
	pthread_cond_signal(&s->cond);
}

/* True once the guest reported and all it said it wrote has arrived. */
static bool
output_complete(const struct session *s)
{
	const struct run_tally tally = {
		.have_status = s->have_status,
		.want_out = s->want_out,
		.want_err = s->want_err,
		.got_out = s->out.bytes,
		.got_err = s->err.bytes,
		.out_closed = s->out.closed,
		.err_closed = s->err.closed,
		.console_end_expected = s->console_end.text != NULL,
		.console_end_found = s->console_end.found,
		.console_closed = s->console.closed,
	};

	return runend_output_complete(&tally);
}

/* Finish once everything is in; wait a bounded time for a late end mark. */
static void
finish_when_complete(struct session *s, const struct outlet *outlet)
{
	if (output_complete(s)) {
		timings_mark(STEP_STATUS);
		session_finish(s, END_STATUS);
	}
	else if (s->have_status && outlet == &s->control && s->console_end.text)
		virEventUpdateTimeout(s->end_mark_timer, CONSOLE_END_WAIT_MS);
}

/* Send LEN bytes on the control channel, waiting up to 30 s while it is
   full; -1 if they did not all go. */
static int
control_write(struct session *s, const char *buf, size_t len)
{
	long long deadline = now_ms() + 30000;
	size_t done = 0;

	while (done < len && now_ms() < deadline) {
		int n = virStreamSend(s->control.stream, buf + done, len - done);

		if (n == -2) {
			poll(NULL, 0, 10);
			continue;
		}
		if (n < 0)
			return -1;
		done += (size_t)n;
	}
	return done == len ? 0 : -1;
}

void
pumps_control_send(struct session *s, const char *line)
{
	size_t held = strlen(s->control_held);

	/* The guest reads its settings first: what comes before them (stdin's
	   end) waits for them. */
	if (s->conf && !s->conf_sent) {
		if (held + strlen(line) < sizeof s->control_held)
			memcpy(s->control_held + held, line, strlen(line) + 1);
		return;
	}
	control_write(s, line, strlen(line));
}

/* The guest waits at the snapshot point: save it there, then let it go on. */
static void
take_snapshot(struct session *s)
{
	long long start = now_ms();

	if (snapshot_save(s->dom, s->warm, s->log->data, s->log->len) < 0)
		log_warn("no snapshot taken: %s", err_get());
	else
		s->warm->taken = true;
	s->warm->ms = now_ms() - start;
	if (virDomainResume(s->dom) < 0)
		log_warn("cannot resume the guest after its snapshot: %s", connection_last_error());
}

/* What a restored guest must not share with the others restored from the
   same snapshot: the time, and fresh randomness for its entropy pool. */
static size_t
fresh_records(char *out, size_t size, bool claimed)
{
	unsigned char seed[32];
	char hex[sizeof seed * 2 + 1];
	struct timespec now;
	int len;

	if (getentropy(seed, sizeof seed) < 0)
		memset(seed, 0, sizeof seed);
	for (size_t i = 0; i < sizeof seed; i++)
		snprintf(hex + 2 * i, 3, "%02x", seed[i]);
	clock_gettime(CLOCK_REALTIME, &now);
	len = snprintf(out, size, EB_KEY_CLOCK "=%lld.%09ld%c" EB_KEY_SEED "=%s%c%s", (long long)now.tv_sec,
		       now.tv_nsec, '\0', hex, '\0', claimed ? EB_KEY_CLAIMED "=1" : "");
	/* The last record's NUL. */
	if (claimed && len > 0 && (size_t)len < size - 1)
		out[len++] = '\0';
	return len > 0 ? (size_t)len : 0;
}

/* The guest's init waits for its settings: send them, then the terminal's
   size, which it could not have used before them. */
void
pumps_send_conf(struct session *s)
{
	char header[48], fresh[160];
	size_t fresh_len;

	if (!s->conf || s->conf_sent || !s->control.stream)
		return;
	s->conf_sent = true;
	if (s->warm && !s->warm->restore && !s->warm->taken)
		take_snapshot(s);
	fresh_len = fresh_records(fresh, sizeof fresh, s->spare != NULL);
	snprintf(header, sizeof header, EB_CTL_CONF " %zu\n", s->conf_len + fresh_len);
	/* A guest that does not get them stays in its init: the watchdog and --timeout end it. */
	if (control_write(s, header, strlen(header)) == 0 && control_write(s, s->conf, s->conf_len) == 0)
		control_write(s, fresh, fresh_len);
	if (s->control_held[0])
		control_write(s, s->control_held, strlen(s->control_held));
	session_send_winsize(s);
}

/* Parse one control line from the guest. */
static void
control_line(struct session *s, const char *line)
{
	int status, errnum;
	uint64_t out_bytes, err_bytes, acked;
	long long init_ms, command_ms, done_ms;
	char where[8], stage[16];

	if (sscanf(line, EB_CTL_STAGE " %15s", stage) == 1) {
		session_reach_stage(s, !strcmp(stage, EB_STAGE_COMMAND) ? STAGE_COMMAND : STAGE_INIT);
		if (!strcmp(stage, EB_STAGE_INIT))
			pumps_send_conf(s);
	} else if (sscanf(line, EB_CTL_TIMES " %lld %lld %lld", &init_ms, &command_ms, &done_ms) == 3) {
		timings_guest(init_ms, command_ms, done_ms);
	} else if (sscanf(line, EB_CTL_STDIN_ACK " %" SCNu64, &acked) == 1) {
		input_taken(s, acked);
		input_resume(s);
	} else if (sscanf(line, EB_CTL_NO_CWD " %d %7s", &errnum, where) == 2) {
		runconf_cwd_missing(errnum, where);
	} else if (sscanf(line, EB_CTL_EXIT " %d %" SCNu64 " %" SCNu64, &status, &out_bytes, &err_bytes) == 3) {
		s->have_status = true;
		s->status = status;
		s->want_out = out_bytes;
		s->want_err = err_bytes;
	}
}

/* Split control bytes into lines. */
static void
control_bytes(struct session *s, const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n') {
			s->control_line[s->control_len] = '\0';
			control_line(s, s->control_line);
			s->control_len = 0;
		} else if (s->control_len < sizeof s->control_line - 1) {
			s->control_line[s->control_len++] = buf[i];
		}
	}
}

/* Write to a host descriptor; a reader gone away ends the run like SIGPIPE. */
static void
host_write(struct session *s, int fd, const char *buf, size_t len)
{
	if (write_all(fd, buf, len) < len && errno == EPIPE) {
		s->end_signal = SIGPIPE;
		session_finish(s, END_SIGNAL);
	}
}

/* The console's bytes for the terminal, without the guest's end mark. */
static void
console_deliver(struct session *s, const char *buf, size_t len)
{
	char shown[STREAM_CHUNK + ENDMARK_MAX];
	size_t n;

	n = endmark_filter(&s->console_end, buf, len, shown);
	tailbuf_append(s->out_tail, shown, n);
	host_write(s, s->console.fd, shown, n);
}

/* Kernel console bytes: a --init program's output, or the kernel log.  A
   panic ends the run once the kernel has said all of it: the kernel waits
   before it resets, so that these last lines are not lost with QEMU. */
static void
kernel_deliver(struct session *s, const char *buf, size_t len)
{
	if (s->init_program) {
		initprog_console(&s->split, s->log, buf, len);
	} else {
		session_reach_stage(s, STAGE_KERNEL);
		kernlog_append(s->log, buf, len);
		if (s->verbose)
			write_all(STDERR_FILENO, buf, len);
	}
	if (kernlog_panic_ended(s->log))
		session_finish(s, s->init_program ? END_STATUS : END_GUEST_DIED);
}

/* Deliver bytes received on OUTLET. */
static void
outlet_deliver(struct session *s, struct outlet *outlet, const char *buf, size_t len)
{
	outlet->bytes += len;
	if (outlet == &s->kernel) {
		kernel_deliver(s, buf, len);
	} else if (outlet == &s->control) {
		control_bytes(s, buf, len);
	} else if (outlet == &s->console && outlet->fd >= 0) {
		console_deliver(s, buf, len);
	} else if (outlet->fd >= 0) {
		tailbuf_append(outlet == &s->err ? s->err_tail : s->out_tail, buf, len);
		host_write(s, outlet->fd, buf, len);
	}
}

/* The guest side of OUTLET went away: QEMU stopped, or the stream failed. */
static void
outlet_closed(struct session *s, struct outlet *outlet)
{
	outlet->closed = true;
	virStreamEventRemoveCallback(outlet->stream);
	/* The kernel log can be taken over (virsh console --force) while the
	   guest runs on: only the control channel or the shell's console ending
	   means the guest went away.  Other streams may still hold the last
	   bytes: wait a moment for them. */
	if (outlet == &s->control || outlet == &s->console || (outlet == &s->kernel && s->init_program))
		virEventUpdateTimeout(s->grace_timer, 1000);
}

/* Read everything available on a stream. */
static void
outlet_readable(virStreamPtr stream, int events, void *opaque)
{
	struct outlet *outlet = opaque;
	struct session *s = outlet->session;
	char buf[STREAM_CHUNK];

	pthread_mutex_lock(&s->lock);
	for (;;) {
		int n = virStreamRecv(stream, buf, sizeof buf);

		if (n == -2)
			break;
		if (n <= 0) {
			outlet_closed(s, outlet);
			break;
		}
		outlet_deliver(s, outlet, buf, (size_t)n);
	}
	finish_when_complete(s, outlet);
	pthread_mutex_unlock(&s->lock);
}

/* The grace period after the guest went away has passed. */
static void
grace_expired(int timer, void *opaque)
{
	struct session *s = opaque;

	pthread_mutex_lock(&s->lock);
	virEventUpdateTimeout(timer, -1);
	session_finish(s, s->have_status ? END_STATUS : END_GUEST_DIED);
	pthread_mutex_unlock(&s->lock);
}

void
session_note_stall(struct session *s)
{
	long long now = now_ms();

	if (s->last_beat_ms && now - s->last_beat_ms > s->stall_ms)
		s->stall_ms = now - s->last_beat_ms;
	s->last_beat_ms = now;
}

/* Once a second: a beat late by much means this process did not run. */
static void
heartbeat(int timer, void *opaque)
{
	struct session *s = opaque;

	pthread_mutex_lock(&s->lock);
	session_note_stall(s);
	pthread_mutex_unlock(&s->lock);
}

/* The console's end mark did not come in time after the status. */
static void
end_mark_expired(int timer, void *opaque)
{
	struct session *s = opaque;

	pthread_mutex_lock(&s->lock);
	virEventUpdateTimeout(timer, -1);
	session_finish(s, END_STATUS);
	pthread_mutex_unlock(&s->lock);
}

/* --timeout ran out. */
static void
timeout_expired(int timer, void *opaque)
{
	struct session *s = opaque;

	pthread_mutex_lock(&s->lock);
	session_finish(s, END_TIMEOUT);
	pthread_mutex_unlock(&s->lock);
}

/* The command did not start within --boot-timeout. */
static void
boot_timeout_expired(int timer, void *opaque)
{
	struct session *s = opaque;

	pthread_mutex_lock(&s->lock);
	if (s->stage < STAGE_COMMAND)
		session_finish(s, END_BOOT_TIMEOUT);
	pthread_mutex_unlock(&s->lock);
}

void
session_reach_stage(struct session *s, enum boot_stage stage)
{
	if (stage <= s->stage)
		return;
	s->stage = stage;
	if (stage == STAGE_COMMAND) {
		progress_note("running");
		deadline_stop(&s->boot_clock);
		splat_scanner_command_started(&s->log->splats);
	}
}

static int signal_write_fd = -1;

/* Async-signal-safe: hand the signal to the event loop. */
static void
signal_handler(int signo)
{
	unsigned char byte = (unsigned char)signo;
	int saved_errno = errno;

	if (write(signal_write_fd, &byte, 1) < 0) {
		/* Nothing safe to do here. */
	}
	errno = saved_errno;
}

/* The job stopped (^Z): stop the vCPUs, the stdin and the --timeout
   clock, and give the terminal back. */
static void
job_stop(struct session *s)
{
	virDomainInfo info;

	if (s->job_stopped || !s->job_control)
		return;
	s->job_stopped = true;
	if (s->dom && virDomainGetInfo(s->dom, &info) == 0 && info.state == VIR_DOMAIN_RUNNING)
		s->paused_guest = virDomainSuspend(s->dom) == 0;
	deadline_pause(&s->timeout_clock);
	deadline_pause(&s->boot_clock);
	if (s->stdin_watch >= 0)
		virEventUpdateHandle(s->stdin_watch, 0);
	terminal_restore();
}

/* The job goes on: everything job_stop stopped starts again. */
static void
job_continue(struct session *s)
{
	if (!s->job_stopped)
		return;
	s->job_stopped = false;
	if (s->console_mode && s->stdin_tty)
		terminal_raw(STDIN_FILENO);
	deadline_resume(&s->timeout_clock);
	deadline_resume(&s->boot_clock);
	if (s->paused_guest && virDomainResume(s->dom) == 0)
		s->paused_guest = false;
	session_send_winsize(s);
	input_resume(s);
}

/* Act on a signal, the tool's own or passed on by the parent; the lock is held. */
static void
act_on_signal(struct session *s, int signo)
{
	if (signo == SIGWINCH) {
		session_send_winsize(s);
	} else if (signo == SIGTSTP) {
		job_stop(s);
	} else if (signo == SIGCONT) {
		job_continue(s);
	} else {
		s->end_signal = signo;
		session_finish(s, END_SIGNAL);
	}
}

/* A signal reached the tool. */
static void
signal_readable(int watch, int fd, int events, void *opaque)
{
	struct session *s = opaque;
	unsigned char byte;

	if (read(fd, &byte, 1) != 1)
		return;
	pthread_mutex_lock(&s->lock);
	act_on_signal(s, byte);
	pthread_mutex_unlock(&s->lock);
}

void
session_send_winsize(struct session *s)
{
	unsigned rows, cols;
	char line[64];

	/* Before its settings, the guest reads nothing else. */
	if ((s->conf && !s->conf_sent) || !s->console_mode || !s->control.stream ||
	    !terminal_size(STDIN_FILENO, &rows, &cols))
		return;
	snprintf(line, sizeof line, EB_CTL_WINSIZE " %u %u\n", rows, cols);
	pumps_control_send(s, line);
}

/* Install the handlers that forward signals to the event loop. */
static int
signals_start(struct session *s)
{
	static const int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGWINCH };
	struct sigaction sa = { .sa_handler = signal_handler, .sa_flags = SA_RESTART };

	if (pipe2(s->signal_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	signal_write_fd = s->signal_pipe[1];
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
		sigaction(signals[i], &sa, NULL);
	/* From the waiting parent (jobctl.h): the job stopped, then went on. */
	if (s->job_control) {
		sigaction(SIGTSTP, &sa, NULL);
		sigaction(SIGCONT, &sa, NULL);
	}
	signal(SIGPIPE, SIG_IGN);
	s->signal_watch = virEventAddHandle(s->signal_pipe[0], VIR_EVENT_HANDLE_READABLE, signal_readable, s, NULL);
	/* One that came while the domain was being created ends the run now. */
	if (interrupt_pending())
		signal_handler(interrupt_pending());
	return s->signal_watch < 0 ? -1 : 0;
}

/* Follow OUTLET's stream if it is open. */
static int
outlet_start(struct session *s, struct outlet *outlet)
{
	outlet->session = s;
	if (!outlet->stream)
		return 0;
	return virStreamEventAddCallback(outlet->stream, VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_ERROR |
					 VIR_STREAM_EVENT_HANGUP, outlet_readable, outlet, NULL);
}

int
session_pumps_start(struct session *s)
{
	struct outlet *outlets[] = { &s->kernel, &s->console, &s->out, &s->err, &s->control };

	for (size_t i = 0; i < sizeof outlets / sizeof outlets[0]; i++)
		if (outlet_start(s, outlets[i]) < 0)
			return -1;
	s->grace_timer = virEventAddTimeout(-1, grace_expired, s, NULL);
	s->end_mark_timer = virEventAddTimeout(-1, end_mark_expired, s, NULL);
	s->last_beat_ms = now_ms();
	s->beat_timer = virEventAddTimeout(1000, heartbeat, s, NULL);
	if (deadline_start(&s->timeout_clock, s->timeout, timeout_expired, s) < 0 ||
	    deadline_start(&s->boot_clock, s->boot_timeout, boot_timeout_expired, s) < 0)
		return -1;
	s->stdin_watch = s->input ? virEventAddHandle(jobctl_input_fd(), VIR_EVENT_HANDLE_READABLE, stdin_readable, s, NULL) : -1;
	return signals_start(s);
}

void
session_pumps_stop(struct session *s)
{
	struct outlet *outlets[] = { &s->kernel, &s->console, &s->out, &s->err, &s->control };
	const char *held;
	size_t nheld = endmark_release(&s->console_end, &held);

	signal(SIGWINCH, SIG_DFL);
	if (s->job_control) {
		signal(SIGTSTP, SIG_IGN);
		signal(SIGCONT, SIG_DFL);
	}
	interrupt_defer();
	if (nheld && s->console.fd >= 0)
		write_all(s->console.fd, held, nheld);
	if (s->stdin_watch >= 0)
		virEventRemoveHandle(s->stdin_watch);
	if (s->signal_watch >= 0)
		virEventRemoveHandle(s->signal_watch);
	deadline_stop(&s->timeout_clock);
	deadline_stop(&s->boot_clock);
	if (s->grace_timer >= 0)
		virEventRemoveTimeout(s->grace_timer);
	if (s->end_mark_timer >= 0)
		virEventRemoveTimeout(s->end_mark_timer);
	if (s->beat_timer >= 0)
		virEventRemoveTimeout(s->beat_timer);
	if (s->input && !s->console_mode) {
		virStreamEventRemoveCallback(s->input);
		virStreamAbort(s->input);
		virStreamFree(s->input);
	}
	s->input = NULL;
	for (size_t i = 0; i < sizeof outlets / sizeof outlets[0]; i++) {
		if (!outlets[i]->stream)
			continue;
		if (!outlets[i]->closed)
			virStreamEventRemoveCallback(outlets[i]->stream);
		virStreamAbort(outlets[i]->stream);
		virStreamFree(outlets[i]->stream);
		outlets[i]->stream = NULL;
	}
	if (s->signal_pipe[0] >= 0) {
		close(s->signal_pipe[0]);
		close(s->signal_pipe[1]);
	}
}
