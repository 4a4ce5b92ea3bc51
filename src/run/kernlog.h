/* The tail of the guest's kernel log, kept for when the guest dies. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define KERNLOG_KEEP 16384

/* The longest line looked at for a panic; the rest of a longer one is cut. */
#define KERNLOG_LINE_MAX 512

struct kernlog {
	char data[KERNLOG_KEEP];
	size_t len;
	char line[KERNLOG_LINE_MAX];   /* the line coming in */
	size_t line_len;
	char panic_reason[KERNLOG_LINE_MAX]; /* "Kernel panic - not syncing: ...", once seen */
	bool panic_ended;
};

/* Remember BYTES, dropping the oldest when full. */
void kernlog_append(struct kernlog *log, const char *bytes, size_t len);

/* True once a panic has finished printing: the kernel's end-of-panic
   line, or its "Rebooting in N seconds.." (panic=N prints no end line). */
bool kernlog_panic_ended(const struct kernlog *log);

/* The panic's reason line without its timestamp, or NULL: no panic seen. */
const char *kernlog_panic_reason(const struct kernlog *log);

/* Write the last LINES lines to FD, each prefixed. */
void kernlog_print_tail(const struct kernlog *log, int fd, unsigned lines);
