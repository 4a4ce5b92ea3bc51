#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <unistd.h>

#include "control.h"
#include "fileio.h"
#include "gettys.h"
#include "msg.h"
#include "relay.h"

/* After the command exits, a background process may keep its pipes open
   and writing: take at most this many reads of what is already there. */
#define DRAIN_READS 64

static sigset_t wait_mask;

/* Nothing to do: the signal only interrupts ppoll. */
static void
on_sigchld(int sig)
{
	(void)sig;
}

void
relay_init_signals(void)
{
	struct sigaction sa = { .sa_handler = on_sigchld, .sa_flags = SA_NOCLDSTOP };
	sigset_t chld;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &wait_mask);
	sigdelset(&wait_mask, SIGCHLD);
}

/* Reap every exited child, respawning gettys; true once pid is among them. */
static bool
reap(pid_t pid, int *wstatus)
{
	bool done = false;
	int st;
	pid_t p;

	while ((p = waitpid(-1, &st, WNOHANG)) > 0)
		if (p == pid) {
			*wstatus = st;
			done = true;
		} else {
			gettys_reaped(p, st);
		}
	return done;
}

/* Copy one read of pipe i to its port: > 0 bytes, 0 at end, < 0 none now. */
static ssize_t
relay_pipe(struct relay *r, int i)
{
	char buf[65536];
	size_t written;
	ssize_t n;

	n = read(r->pipe[i], buf, sizeof(buf));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return -1;
	if (n <= 0) {
		close(r->pipe[i]);
		r->pipe[i] = -1;
		return 0;
	}
	if (r->port[i] < 0)
		return n;
	written = write_all(r->port[i], buf, n);
	r->bytes[i] += written;
	if (written < (size_t)n) {
		/* Keep reading, so the command never blocks on a full pipe. */
		msg_errno("write to the %s port", i ? "stderr" : "stdout");
		r->port[i] = -1;
	}
	return n;
}

/* Stop feeding the command's stdin: it sees end of file. */
static void
stdin_close(struct relay *r)
{
	if (r->in_pipe >= 0)
		close(r->in_pipe);
	r->in_pipe = -1;
	r->in_port = -1;
	r->in_len = r->in_off = 0;
}

/* The host's end of file comes as a byte count on the control port,
   because closing the port's socket would lose bytes QEMU has not read yet. */
static void
stdin_check_eof(struct relay *r)
{
	long long total = control_stdin_total();

	if (r->in_pipe >= 0 && r->in_len == 0 && total >= 0 && r->in_bytes >= (unsigned long long)total)
		stdin_close(r);
}

/* Take what the host sent on the stdin port, until the buffer is full or
   the port dry (a read gives one 4 KiB virtio buffer at most), then
   acknowledge it all in one line. */
static void
stdin_read(struct relay *r)
{
	size_t len = 0;
	ssize_t n = 0;

	while (len < sizeof(r->in_buf)) {
		n = read(r->in_port, r->in_buf + len, sizeof(r->in_buf) - len);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	if (len) {
		r->in_bytes += len;
		r->in_len = len;
		r->in_off = 0;
		control_ack_stdin(r->in_bytes);
		return;
	}
	if (n == 0 || (errno != EINTR && errno != EAGAIN))
		stdin_close(r);
}

/* Hand buffered stdin to the command. */
static void
stdin_write(struct relay *r)
{
	ssize_t n = write(r->in_pipe, r->in_buf + r->in_off, r->in_len - r->in_off);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n < 0) {
		/* The command closed its stdin: what the host sends is dropped. */
		stdin_close(r);
		return;
	}
	r->in_off += (size_t)n;
	if (r->in_off == r->in_len)
		r->in_len = r->in_off = 0;
}

/* Wait for output, input, a control line or a signal, and handle what came. */
static void
relay_poll(struct relay *r)
{
	struct pollfd fds[5];
	int source[5];		/* 0, 1: pipe; 2: control; 3: stdin; 4: a getty's key */
	nfds_t n = 0, k;
	int i;

	for (i = 0; i < 2; i++)
		if (r->pipe[i] >= 0) {
			source[n] = i;
			fds[n++] = (struct pollfd){ .fd = r->pipe[i], .events = POLLIN };
		}
	if (control_fd() >= 0) {
		source[n] = 2;
		fds[n++] = (struct pollfd){ .fd = control_fd(), .events = POLLIN };
	}
	if (r->in_pipe >= 0) {
		source[n] = 3;
		fds[n++] = r->in_len ? (struct pollfd){ .fd = r->in_pipe, .events = POLLOUT }
				     : (struct pollfd){ .fd = r->in_port, .events = POLLIN };
	}
	if (gettys_key_fd() >= 0) {
		source[n] = 4;
		fds[n++] = (struct pollfd){ .fd = gettys_key_fd(), .events = POLLIN };
	}
	if (ppoll(fds, n, NULL, &wait_mask) < 0) {
		if (errno != EINTR) {
			msg_errno("poll");
			sleep_ms(100);
		}
		return;
	}
	for (k = 0; k < n; k++) {
		if (!fds[k].revents)
			continue;
		if (source[k] == 4)
			gettys_key_ready(fds[k].revents);
		else if (source[k] == 2)
			control_read(r->tty);
		else if (source[k] == 3 && r->in_len)
			stdin_write(r);
		else if (source[k] == 3)
			stdin_read(r);
		else
			relay_pipe(r, source[k]);
	}
	stdin_check_eof(r);
}

/* Relay what the pipes already hold, without waiting for more. */
static void
relay_drain(struct relay *r)
{
	int i, reads;

	for (i = 0; i < 2; i++) {
		if (r->pipe[i] < 0)
			continue;
		fcntl(r->pipe[i], F_SETFL, O_NONBLOCK);
		for (reads = 0; reads < DRAIN_READS; reads++)
			if (relay_pipe(r, i) <= 0)
				break;
		if (r->pipe[i] >= 0) {
			close(r->pipe[i]);
			r->pipe[i] = -1;
		}
	}
}

int
relay_wait(struct relay *r, pid_t pid)
{
	int wstatus = 0;

	while (!reap(pid, &wstatus))
		relay_poll(r);
	stdin_close(r);
	relay_drain(r);
	return wstatus;
}
