#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <unistd.h>

#include "console.h"
#include "control.h"
#include "fileio.h"
#include "msg.h"

static int control = -1;
static bool control_readable;
static bool control_reported;
static char control_line[128];
static size_t control_len;
static long long stdin_total = -1;

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

void
control_report(int status, unsigned long long out, unsigned long long err)
{
	char line[96];
	int len;

	if (control < 0 || control_reported)
		return;
	control_reported = true;
	len = snprintf(line, sizeof(line), "exit %d %llu %llu\n", status, out, err);
	/* A blocking write returns once the host side has taken the bytes. */
	if (write_all(control, line, len) != (size_t)len)
		msg_errno("write exit status to the control port");
}

void
control_report_times(long long init_ms, long long command_ms, long long done_ms)
{
	char line[96];
	int len;

	if (control < 0)
		return;
	len = snprintf(line, sizeof(line), "times %lld %lld %lld\n", init_ms, command_ms, done_ms);
	write_all(control, line, len);
}

void
control_ack_stdin(unsigned long long taken)
{
	char line[48];
	int len;

	if (control < 0)
		return;
	len = snprintf(line, sizeof(line), "stdin-ack %llu\n", taken);
	write_all(control, line, len);
}

/* Act on one line from the host. */
static void
control_line_do(const char *line, int tty)
{
	unsigned rows, cols;
	unsigned long long total;
	char extra;

	if (sscanf(line, "winsize %u %u %c", &rows, &cols, &extra) == 2) {
		if (tty >= 0)
			console_winsize(tty, rows, cols);
	} else if (sscanf(line, "stdin-eof %llu %c", &total, &extra) == 1) {
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
