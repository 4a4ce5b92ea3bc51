#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "console.h"
#include "contract.h"
#include "control.h"
#include "fileio.h"
#include "msg.h"
#include "system.h"

static int control = -1;
static bool control_readable;
static bool control_reported;
static char control_line[128];
static size_t control_len;
static long long stdin_total = -1;
static unsigned spare_idle_s;	/* "idle": a warm spare, waiting this long for its run */
static bool host_bound;		/* the machine ends when its host goes */

void
control_init(int fd)
{
	control = fd;
	control_readable = fd >= 0;
}

int
control_fd(void)
{
	return control_readable ? control : -1;
}

/* Send one formatted line to the host; -1 if it did not all go.  A
   blocking write returns once the host side has taken the bytes. */
static int __attribute__((format(printf, 1, 2)))
control_send(const char *fmt, ...)
{
	char line[128];
	va_list ap;
	int len;

	if (control < 0)
		return -1;
	va_start(ap, fmt);
	len = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	return write_all(control, line, len) == (size_t)len ? 0 : -1;
}

void
control_report(int status, unsigned long long out, unsigned long long err)
{
	if (control < 0 || control_reported)
		return;
	control_reported = true;
	if (control_send(EB_CTL_EXIT " %d %llu %llu\n", status, out, err) < 0)
		msg_errno("write exit status to the control port");
}

void
control_report_stage(const char *stage)
{
	control_send(EB_CTL_STAGE " %s\n", stage);
}

void
control_report_no_cwd(int errnum, const char *where)
{
	control_send(EB_CTL_NO_CWD " %d %s\n", errnum, where);
}

void
control_report_times(long long init_ms, long long command_ms, long long done_ms)
{
	control_send(EB_CTL_TIMES " %lld %lld %lld\n", init_ms, command_ms, done_ms);
}

void
control_ack_stdin(unsigned long long taken)
{
	control_send(EB_CTL_STDIN_ACK " %llu\n", taken);
}

/* Act on one line from the host. */
static void
control_line_do(const char *line, int tty)
{
	unsigned rows, cols;
	unsigned long long total;
	char extra;

	if (sscanf(line, EB_CTL_WINSIZE " %u %u %c", &rows, &cols, &extra) == 2) {
		if (tty >= 0)
			console_winsize(tty, rows, cols);
	} else if (sscanf(line, EB_CTL_STDIN_EOF " %llu %c", &total, &extra) == 1) {
		stdin_total = (long long)total;
	} else {
		msg_info("control: ignoring \"%s\"", line);
	}
}

bool
control_read(int tty)
{
	char buf[256];
	ssize_t n, i;

	if (!control_readable)
		return false;
	n = read(control, buf, sizeof(buf));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0) {
		if (host_bound) {
			msg_error("control: the host went away: stopping");
			system_stop();
		}
		/* Nobody on the host end: reading would only spin on EOF. */
		control_readable = false;
		return false;
	}
	for (i = 0; i < n; i++) {
		if (buf[i] != '\n') {
			/* An overlong line is cut; its end is dropped. */
			if (control_len < sizeof(control_line) - 1)
				control_line[control_len++] = buf[i];
			continue;
		}
		control_line[control_len] = '\0';
		control_len = 0;
		control_line_do(control_line, tty);
	}
	return true;
}

/* Read exactly LEN bytes into BUF; -1 at an early end. */
static int
read_exact(char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(control, buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

/* The next whole line, read a byte at a time so that nothing after it is
   taken; -1 at the end of the port. */
static int
read_line(char *line, size_t size)
{
	size_t len = 0;
	char byte;

	for (;;) {
		if (read_exact(&byte, 1) < 0)
			return -1;
		if (byte == '\n')
			break;
		if (len < size - 1)
			line[len++] = byte;
	}
	line[len] = '\0';
	return 0;
}

static void
on_alarm(int sig)
{
	(void)sig;
}

/* A spare's host left before the settings: wait for the next one (the
   idle limit at most), saying the stage again to whoever opens the port;
   a blocking write returns once the host side is open.  False when none came. */
static bool
wait_next_host(void)
{
	static const char line[] = EB_CTL_STAGE " " EB_STAGE_INIT "\n";
	struct sigaction sa = { .sa_handler = on_alarm }, old;
	ssize_t n;

	/* No SA_RESTART: the alarm interrupts the write. */
	sigaction(SIGALRM, &sa, &old);
	alarm(spare_idle_s);
	n = write(control, line, sizeof line - 1);
	alarm(0);
	sigaction(SIGALRM, &old, NULL);
	return n == (ssize_t)sizeof line - 1;
}

/* Until the "conf LEN" line: what else the host says first, and the
   hosts that come and go while a spare waits.  -1 once nobody is left. */
static int
await_conf_line(unsigned long long *size)
{
	char line[128], extra;
	unsigned idle;

	for (;;) {
		if (read_line(line, sizeof line) < 0) {
			if (spare_idle_s && wait_next_host())
				continue;
			if (spare_idle_s)
				msg_info("a spare idle for %u s: stopping", spare_idle_s);
			else
				msg_error("control: the host went away before sending the settings");
			return -1;
		}
		if (sscanf(line, EB_CTL_CONF " %llu %c", size, &extra) == 1)
			return 0;
		if (sscanf(line, EB_CTL_IDLE " %u %c", &idle, &extra) == 1 && idle > 0) {
			spare_idle_s = idle;
			control_report_stage(EB_STAGE_SPARE);
			continue;
		}
		control_line_do(line, -1);
	}
}

char *
control_receive_conf(size_t *len)
{
	unsigned long long size;
	char *data;

	if (control < 0)
		return NULL;
	if (await_conf_line(&size) < 0) {
		if (spare_idle_s)
			system_stop();
		return NULL;
	}
	if (size > EB_CONF_MAX || !(data = malloc(size + 1))) {
		msg_error("control: settings of %llu bytes refused", size);
		return NULL;
	}
	if (read_exact(data, size) < 0) {
		msg_error("control: the settings ended early");
		free(data);
		return NULL;
	}
	data[size] = '\0';
	*len = size;
	return data;
}

void
control_bind_host(void)
{
	host_bound = true;
}

long long
control_stdin_total(void)
{
	return stdin_total;
}

void
control_read_pending(int tty)
{
	struct pollfd pfd = { .events = POLLIN };

	for (;;) {
		pfd.fd = control_fd();
		if (pfd.fd < 0 || poll(&pfd, 1, 0) <= 0 || !control_read(tty))
			return;
	}
}

void
control_wait_host_gone(int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	struct pollfd pfd = { .events = POLLIN };
	long long left;

	while ((left = deadline - now_ms()) > 0) {
		pfd.fd = control_fd();
		if (pfd.fd < 0 || poll(&pfd, 1, (int)left) < 0 || (pfd.revents & (POLLHUP | POLLERR)))
			return;
		if (pfd.revents & POLLIN)
			control_read(-1);
	}
}
