/* The host terminal: raw while a guest console is attached, always restored. */
#pragma once

#include <stdbool.h>

/* Put FD's terminal in raw mode, remembering how it was. */
int terminal_raw(int fd);

/* Put the terminal back as it was; safe to call many times and from a signal handler. */
void terminal_restore(void);

/* True while a terminal is in raw mode: a line then ends with "\r\n". */
bool terminal_is_raw(void);

/* The terminal's size; false when FD is not a terminal. */
bool terminal_size(int fd, unsigned *rows, unsigned *cols);
