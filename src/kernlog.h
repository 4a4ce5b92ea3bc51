/* The tail of the guest's kernel log, kept for when the guest dies. */
#pragma once

#include <stddef.h>

#define KERNLOG_KEEP 16384

struct kernlog {
	char data[KERNLOG_KEEP];
	size_t len;
};

/* Remember BYTES, dropping the oldest when full. */
void kernlog_append(struct kernlog *log, const char *bytes, size_t len);

/* Write the last LINES lines to FD, each prefixed. */
void kernlog_print_tail(const struct kernlog *log, int fd, unsigned lines);
