#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "util.h"
#include "console.h"
#include "msg.h"
#include "spawn.h"

extern char **environ;

/* Put the descriptors or the console terminal on 0, 1, 2. */
static int
spawn_stdio(const struct spawn *s)
{
	int i;

	if (s->tty)
		return console_attach(s->tty);
	for (i = 0; i < 3; i++)
		if (s->fds[i] >= 0 && s->fds[i] != i && dup2(s->fds[i], i) < 0)
			return -1;
	return 0;
}

/* Signals the terminal sends that a session's leader must outlive. */
static const int keeper_ignores[] = { SIGINT, SIGQUIT, SIGTTOU };

/* Every signal as a new program expects it. */
static void
signals_default(void)
{
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGCHLD, SIG_DFL);
	for (size_t i = 0; i < ARRAY_SIZE(keeper_ignores); i++)
		signal(keeper_ignores[i], SIG_DFL);
}

/* A new session (signals for init's, or a hangup on its console, stay
   there) with the descriptors or the terminal on 0, 1, 2. */
static int
spawn_session(const struct spawn *s)
{
	int errnum;

	setsid();
	if (spawn_stdio(s) < 0) {
		errnum = errno;
		dprintf(STDERR_FILENO, "eudyptula-boot: %s: %s\n",
			s->tty ? s->tty : "standard streams", strerror(errnum));
		return -1;
	}
	return 0;
}

/* The user, the directory and the program of s, in this process. */
static int
spawn_become(const struct spawn *s)
{
	int errnum;

	if (user_become(s->user, s->cwd) < 0) {
		errnum = errno;
		dprintf(STDERR_FILENO, "eudyptula-boot: uid %u: %s\n",
			(unsigned)s->user->uid, strerror(errnum));
		return EXIT_CANNOT_RUN;
	}
	/* execvp looks PATH up in environ: make it the command's. */
	environ = (char **)s->env;
	execvp(s->file, s->argv);
	errnum = errno;
	dprintf(STDERR_FILENO, "eudyptula-boot: %s: %s\n", s->file, strerror(errnum));
	return errnum == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN;
}

int
spawn_exec(const struct spawn *s)
{
	signals_default();
	if (spawn_session(s) < 0)
		return EXIT_CANNOT_RUN;
	return spawn_become(s);
}

/* Lead the terminal's session while s runs in it, then let the terminal
   send all it holds before leaving: the exit of a session's leader hangs
   its terminal up, which throws away output not yet sent.  The leader
   shares s's process group, which stays orphaned as before (^Z is no
   trap), and ignores the terminal's ^C and ^\. */
static int
spawn_keeper(const struct spawn *s)
{
	int wstatus;
	pid_t pid;

	signals_default();
	if (spawn_session(s) < 0)
		return EXIT_CANNOT_RUN;
	for (size_t i = 0; i < ARRAY_SIZE(keeper_ignores); i++)
		signal(keeper_ignores[i], SIG_IGN);
	pid = fork();
	if (pid < 0)
		return EXIT_CANNOT_RUN;
	if (pid == 0) {
		signals_default();
		_exit(spawn_become(s));
	}
	while (waitpid(pid, &wstatus, 0) < 0)
		if (errno != EINTR)
			return EXIT_TOOL;
	tcdrain(STDOUT_FILENO);
	return status_code(wstatus);
}

pid_t
spawn(const struct spawn *s)
{
	pid_t pid;

	pid = fork();
	if (pid < 0)
		msg_errno("fork for %s", s->file);
	else if (pid == 0)
		_exit(s->tty ? spawn_keeper(s) : spawn_exec(s));
	return pid;
}

int
spawn_wait(const struct spawn *s)
{
	pid_t pid;
	int wstatus;

	pid = spawn(s);
	if (pid < 0)
		return EXIT_TOOL;
	while (waitpid(pid, &wstatus, 0) < 0)
		if (errno != EINTR)
			return EXIT_TOOL;
	return status_code(wstatus);
}

int
status_code(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return EXIT_TOOL;
}

const char *
login_shell(const char *shell, char *argv0, size_t size)
{
	const char *path = shell && *shell ? shell : "/bin/sh";
	const char *base = strrchr(path, '/');

	snprintf(argv0, size, "-%s", base ? base + 1 : path);
	return path;
}
