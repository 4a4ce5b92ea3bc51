/* The tail of the guest's kernel log, kept for when the guest dies. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define KERNLOG_KEEP 16384

struct kernlog {
	char data[KERNLOG_KEEP];
	size_t len;
};

/* Remember BYTES, dropping the oldest when full. */
void kernlog_append(struct kernlog *log, const char *bytes, size_t len);

/* True once the log holds the kernel's end-of-panic line. */
bool kernlog_panic_ended(const struct kernlog *log);

/* Write the last LINES lines to FD, each prefixed. */
void kernlog_print_tail(const struct kernlog *log, int fd, unsigned lines);
