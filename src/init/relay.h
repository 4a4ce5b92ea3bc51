/* Init's wait for the command: output relay, control lines, reaping. */
#pragma once

#include <sys/types.h>

struct relay {
	int pipe[2];		/* read ends of the command's stdout, stderr; -1: none */
	int port[2];		/* where each goes */
	unsigned long long bytes[2];	/* written on each port */
	int tty;		/* console terminal for winsize lines; -1: ignore them */
	int in_port;		/* the stdin port; -1: no stdin relay */
	int in_pipe;		/* write end of the command's stdin; -1: closed */
	unsigned long long in_bytes;	/* taken from the stdin port */
	char in_buf[262144];	/* read from the port, not yet in the pipe */
	size_t in_len, in_off;
};

/* Block SIGCHLD outside the wait, where a handler notes it. */
void relay_init_signals(void);

/* Relay and reap until pid exits, then relay what output is left;
   returns pid's wait status. */
int relay_wait(struct relay *relay, pid_t pid);
