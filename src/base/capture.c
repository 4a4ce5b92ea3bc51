#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "capture.h"
#include "error.h"
#include "sysio.h"
#include "util.h"
#include "xalloc.h"

extern char **environ;

/* How long a wait lasts before the deadline and the child are looked at again. */
#define CAPTURE_SLICE_MS 50

/* A descriptor to give the child as stdin: INPUT in a memory file, or /dev/null. */
static int
input_fd(const char *input, size_t len)
{
	int fd;

	if (!input) {
		fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		return fd < 0 ? err_sys("/dev/null") : fd;
	}
	fd = memfd_create("capture-input", MFD_CLOEXEC);
	if (fd < 0)
		return err_sys("cannot make a memory file");
	if (write_all(fd, input, len) != len || lseek(fd, 0, SEEK_SET) < 0) {
		err_sys("cannot fill a memory file");
		close(fd);
		return -1;
	}
	return fd;
}

/* Make FD the child's TARGET descriptor, or /dev/null when it is -1. */
static void
child_fd(posix_spawn_file_actions_t *actions, int fd, int target)
{
	if (fd >= 0)
		posix_spawn_file_actions_adddup2(actions, fd, target);
	else
		posix_spawn_file_actions_addopen(actions, target, "/dev/null", target ? O_WRONLY : O_RDONLY, 0);
}

int
capture_spawn(char *const argv[], int in, int out, int err, pid_t *pid)
{
	posix_spawn_file_actions_t actions;
	posix_spawnattr_t attr;
	sigset_t none, all;
	int rc;

	sigemptyset(&none);
	sigfillset(&all);
	posix_spawn_file_actions_init(&actions);
	child_fd(&actions, in, STDIN_FILENO);
	child_fd(&actions, out, STDOUT_FILENO);
	child_fd(&actions, err, STDERR_FILENO);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &all);
	rc = posix_spawnp(pid, argv[0], &actions, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&actions);
	if (rc != 0) {
		errno = rc;
		return err_sys("cannot run %s", argv[0]);
	}
	return 0;
}

/* Whether PID has ended; it stays unreaped, so its group's id stays
   its own (a child reaped elsewhere counts as ended). */
static bool
has_ended(pid_t pid)
{
	siginfo_t info;

	memset(&info, 0, sizeof info);
	if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) < 0)
		return errno != EINTR;
	return info.si_pid == pid;
}

/* Add N bytes of BUF to CAP's output, up to MAX_OUT in all; false when cut there. */
static bool
append(struct capture *cap, size_t *size, const char *buf, size_t n, size_t max_out)
{
	bool whole = n <= max_out - cap->len;

	if (!whole)
		n = max_out - cap->len;
	if (cap->len + n + 1 > *size) {
		while (cap->len + n + 1 > *size)
			*size *= 2;
		cap->out = xrealloc(cap->out, *size);
	}
	memcpy(cap->out + cap->len, buf, n);
	cap->len += n;
	cap->out[cap->len] = '\0';
	cap->cut = !whole;
	return whole;
}

/* Read FD into CAP until its end, the deadline, MAX_OUT bytes, or PID's
   end with nothing more to read (what it started may keep FD open). */
static void
read_output(int fd, pid_t pid, size_t max_out, long long deadline_ms, struct capture *cap)
{
	size_t size = 4096;
	char buf[4096];
	bool ended = false;

	cap->out = xmalloc(size);
	cap->out[0] = '\0';
	for (;;) {
		long long left = deadline_ms - now_ms();
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;
		int ready;

		if (left <= 0) {
			cap->timed_out = true;
			return;
		}
		/* Once PID has ended, what is already in the pipe is still read. */
		ready = poll(&p, 1, ended ? 0 : left < CAPTURE_SLICE_MS ? (int)left : CAPTURE_SLICE_MS);
		if ((ready < 0 && errno != EINTR) || (ready == 0 && ended))
			return;
		if (ready == 0)
			ended = has_ended(pid);
		if (ready <= 0)
			continue;
		n = read(fd, buf, sizeof buf);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0 || !append(cap, &size, buf, (size_t)n, max_out))
			return;
	}
}

/* Wait for PID until the deadline (not at all when KILL_NOW), kill its
   group (it, and whatever it left running), and reap it. */
static void
finish(pid_t pid, bool kill_now, long long deadline_ms, struct capture *cap)
{
	while (!kill_now && !has_ended(pid)) {
		if (now_ms() >= deadline_ms) {
			cap->timed_out = true;
			break;
		}
		poll(NULL, 0, 10);
	}
	kill(-pid, SIGKILL);
	while (waitpid(pid, &cap->status, 0) < 0)
		if (errno != EINTR) {
			cap->status = -1;
			break;
		}
}

int
capture_run(char *const argv[], const char *input, size_t len, size_t max_out, long long deadline_ms,
	    struct capture *cap)
{
	cleanup_fd int in = input_fd(input, len);
	int out[2];
	pid_t pid;

	memset(cap, 0, sizeof *cap);
	cap->status = -1;
	if (in < 0)
		return -1;
	if (pipe2(out, O_CLOEXEC) < 0)
		return err_sys("cannot make a pipe");
	if (capture_spawn(argv, in, out[1], -1, &pid) < 0) {
		close(out[0]);
		close(out[1]);
		return -1;
	}
	close(out[1]);
	read_output(out[0], pid, max_out, deadline_ms, cap);
	close(out[0]);
	finish(pid, cap->timed_out || cap->cut, deadline_ms, cap);
	return 0;
}

void
capture_free(struct capture *cap)
{
	free(cap->out);
	cap->out = NULL;
	cap->len = 0;
}

bool
capture_succeeded(const struct capture *cap)
{
	return !cap->timed_out && !cap->cut && cap->status != -1 && WIFEXITED(cap->status) &&
	       WEXITSTATUS(cap->status) == 0;
}
