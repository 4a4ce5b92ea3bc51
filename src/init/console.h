/* The console terminals: hvc0 for tty and interactive runs, hvc1... for
   the gettys. */
#pragma once

#define CONSOLE_TTY "/dev/hvc0"

/* Wait for the terminal at path, give it sane settings and return an fd on
   it (not a controlling terminal); -1 with a message on failure. */
int console_open(const char *path);

/* In a new session: make the terminal at path ours and put it on 0, 1, 2. */
int console_attach(const char *path);

/* Set the terminal size (the kernel sends SIGWINCH to the foreground). */
void console_winsize(int fd, unsigned rows, unsigned cols);

/* Write the end mark for TOKEN on the terminal at path, after all that is
   already there (see EB_CONSOLE_END_FORMAT). */
void console_write_end(const char *path, const char *token);

