#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
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

int
spawn_exec(const struct spawn *s)
{
	sigset_t none;
	int errnum;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGCHLD, SIG_DFL);
	/* Signals for init's session (or a hangup on its console) stay there. */
	setsid();
	if (spawn_stdio(s) < 0) {
		errnum = errno;
		dprintf(STDERR_FILENO, "eudyptula-boot: %s: %s\n",
			s->tty ? s->tty : "standard streams", strerror(errnum));
		return EXIT_CANNOT_RUN;
	}
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

pid_t
spawn(const struct spawn *s)
{
	pid_t pid;

	pid = fork();
	if (pid < 0)
		msg_errno("fork for %s", s->file);
	else if (pid == 0)
		_exit(spawn_exec(s));
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
