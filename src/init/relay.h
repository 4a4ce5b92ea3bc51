/* Init's wait for the command: output relay, control lines, reaping. */
#pragma once

#include <sys/types.h>

struct relay {
	int pipe[2];		/* read ends of the command's stdout, stderr; -1: none */
	int port[2];		/* where each goes */
	unsigned long long bytes[2];	/* written on each port */
	int tty;		/* console terminal for winsize lines; -1: ignore them */
};

/* Block SIGCHLD outside the wait, where a handler notes it. */
void relay_init_signals(void);

/* Relay and reap until pid exits, then relay what output is left;
   returns pid's wait status. */
int relay_wait(struct relay *relay, pid_t pid);
