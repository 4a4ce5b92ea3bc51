#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "jobctl.h"
#include "sysio.h"
#include "terminal.h"
#include "xalloc.h"

/* What the parent passes on to the child. */
static const int passed_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGTSTP, SIGCONT };

static pid_t child_pid = -1;
static int child_gone_pipe[2] = { -1, -1 };
static int input_fd = -1;

/* Parent, async-signal-safe: pass the signal on; on SIGTSTP, then stop. */
static void
pass_signal(int signo)
{
	int saved_errno = errno;

	kill(child_pid, signo);
	if (signo == SIGTSTP)
		raise(SIGSTOP);
	errno = saved_errno;
}

/* Parent, async-signal-safe: wake the relay loop when the child ends. */
static void
child_gone(int signo)
{
	int saved_errno = errno;

	(void)signo;
	if (write(child_gone_pipe[1], "x", 1) < 0) {
		/* Already woken. */
	}
	errno = saved_errno;
}

/* Parent: the child's wait status as our own: its exit status, or death
   by the same signal; a crash is named. */
static int
child_exit_status(int wstatus)
{
	int signo;

	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	signo = WTERMSIG(wstatus);
	terminal_restore();
	if (WCOREDUMP(wstatus) || signo == SIGSEGV || signo == SIGBUS || signo == SIGABRT) {
		fprintf(stderr, "eudyptula-boot: the run's process died of signal %d (%s)\n", signo, strsignal(signo));
		return 128 + signo;
	}
	signal(signo, SIG_DFL);
	raise(signo);
	return 128 + signo;
}

/* Parent: copy the terminal to RELAY until the child ends; the relay
   closes at the terminal's end of file. */
static void
relay_until_child_ends(int relay)
{
	struct pollfd fds[2] = { { .fd = child_gone_pipe[0], .events = POLLIN }, { .fd = relay >= 0 ? STDIN_FILENO : -1, .events = POLLIN } };
	char buf[4096];

	while (!(fds[0].revents & POLLIN)) {
		/* Interrupted (SIGCHLD among others), poll leaves the last revents: poll again. */
		if (poll(fds, 2, -1) < 0) {
			if (errno != EINTR)
				return;
			fds[0].revents = fds[1].revents = 0;
			continue;
		}
		if (!(fds[1].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		ssize_t n = read(STDIN_FILENO, buf, sizeof buf);

		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0 || write_all(relay, buf, (size_t)n) < (size_t)n) {
			close(relay);
			relay = fds[1].fd = -1;
		}
	}
}

/* Parent: pass signals and the terminal on, then exit with the child's status. */
static void __attribute__((noreturn))
parent_wait(int relay)
{
	struct sigaction sa = { .sa_handler = pass_signal, .sa_flags = SA_RESTART };
	struct sigaction chld = { .sa_handler = child_gone, .sa_flags = SA_RESTART | SA_NOCLDSTOP };
	int wstatus;

	sigemptyset(&sa.sa_mask);
	sigemptyset(&chld.sa_mask);
	for (size_t i = 0; i < sizeof passed_signals / sizeof passed_signals[0]; i++)
		sigaction(passed_signals[i], &sa, NULL);
	sigaction(SIGCHLD, &chld, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* The child may have ended before the handler was there. */
	if (waitpid(child_pid, &wstatus, WNOHANG) == child_pid)
		_exit(child_exit_status(wstatus));
	relay_until_child_ends(relay);
	while (waitpid(child_pid, &wstatus, 0) < 0)
		if (errno != EINTR)
			_exit(125);
	_exit(child_exit_status(wstatus));
}

/* Child: a process group of its own, dying with the parent, never
   stopped by the terminal; signals come from the parent. */
static int
child_setup(pid_t parent)
{
	if (setpgid(0, 0) < 0 && errno != EACCES)
		return err_sys("cannot make a process group");
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0)
		return err_sys("cannot follow the parent process");
	if (getppid() != parent)
		raise(SIGTERM);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	return 0;
}

int
jobctl_split(void)
{
	pid_t parent = getpid();
	int relay[2] = { -1, -1 };

	if ((isatty(STDIN_FILENO) && pipe2(relay, O_CLOEXEC) < 0) || pipe2(child_gone_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return err_sys("cannot create a pipe");
	fflush(NULL);
	child_pid = fork();
	if (child_pid < 0)
		return err_sys("cannot fork");
	if (child_pid > 0) {
		setpgid(child_pid, child_pid);
		if (relay[0] >= 0)
			close(relay[0]);
		parent_wait(relay[1]);
	}
	xalloc_own_process();
	close(child_gone_pipe[0]);
	close(child_gone_pipe[1]);
	if (relay[1] >= 0)
		close(relay[1]);
	input_fd = relay[0];
	return child_setup(parent);
}

int
jobctl_input_fd(void)
{
	return input_fd >= 0 ? input_fd : STDIN_FILENO;
}
