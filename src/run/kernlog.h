/* The guest's kernel log: its tail, kept for when the guest dies, its
   splats, and the whole of it in a file. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "splat.h"

#define KERNLOG_KEEP 16384

/* The most of the log kept in its file: a kernel that floods its console
   does not fill the disk. */
#define KERNLOG_FILE_MAX (64ull << 20)

/* The longest line looked at for a panic; the rest of a longer one is cut. */
#define KERNLOG_LINE_MAX SPLAT_LINE_MAX

struct kernlog {
	char data[KERNLOG_KEEP];
	size_t len;
	char line[KERNLOG_LINE_MAX];   /* the line coming in */
	size_t line_len;
	char panic_reason[KERNLOG_LINE_MAX]; /* "Kernel panic - not syncing: ...", once seen */
	bool panic_ended;
	struct splat_scanner splats; /* what it says went wrong */
	bool file_open;     /* the whole log also goes to file_fd */
	int file_fd;
	uint64_t file_bytes;
};

/* Keep the whole log (up to KERNLOG_FILE_MAX) in a new file at PATH too. */
int kernlog_keep_in(struct kernlog *log, const char *path);

/* Close the file, if any. */
void kernlog_close(struct kernlog *log);

/* Close the file and free the splats. */
void kernlog_clear(struct kernlog *log);

/* Remember BYTES, dropping the oldest when full. */
void kernlog_append(struct kernlog *log, const char *bytes, size_t len);

/* True once a panic has finished printing: the kernel's end-of-panic
   line, or its "Rebooting in N seconds.." (panic=N prints no end line). */
bool kernlog_panic_ended(const struct kernlog *log);

/* The panic's reason line without its timestamp, or NULL: no panic seen. */
const char *kernlog_panic_reason(const struct kernlog *log);

/* Write the last LINES lines to FD, each prefixed. */
void kernlog_print_tail(const struct kernlog *log, int fd, unsigned lines);
