/* The console terminal (hvc0) for tty and interactive runs. */
#pragma once

#define CONSOLE_TTY "/dev/hvc0"

/* Wait for the console terminal, give it sane settings and return an fd on
   it for init (not a controlling terminal); -1 with a message on failure. */
int console_open(void);

/* In a new session: make the console terminal ours and put it on 0, 1, 2. */
int console_attach(void);

/* Set the terminal size (the kernel sends SIGWINCH to the foreground). */
void console_winsize(int fd, unsigned rows, unsigned cols);

/* Keep kernel messages off the console while the command runs. */
void console_quiet_kernel(void);
