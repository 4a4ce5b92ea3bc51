/* Starting programs: the command, the shell, helpers. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "user.h"

struct spawn {
	const char *file;	/* looked up in PATH (from env) like execvp */
	char *const *argv;	/* argv[0] as the program sees it */
	char *const *env;
	int fds[3];		/* for 0, 1, 2; -1: keep init's */
	const char *tty;	/* a terminal to run on instead of fds; NULL: fds */
	const struct user *user;	/* NULL or !user->set: root */
	const char *cwd;	/* where the user starts, if it can */
};

/* Start s in a child in a session of its own (on a terminal, led by a child
   that waits for the terminal to drain); -1 with a message on failure. */
pid_t spawn(const struct spawn *s);

/* Become s in this process; returns the status to report if exec failed. */
int spawn_exec(const struct spawn *s);

/* Start s and wait for it; the status as a shell reports it. */
int spawn_wait(const struct spawn *s);

/* The login shell's path (SHELL from run.conf, else /bin/sh), and its
   argv[0] in argv0: "-" and its base name. */
const char *login_shell(const char *shell, char *argv0, size_t size);

/* A wait status as a shell reports it: the exit code, or 128 + signal. */
int status_code(int wstatus);
