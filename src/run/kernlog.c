#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "kernlog.h"
#include "sysio.h"

/* LINE without the kernel's "[   12.345678] " stamp and "[  T123] " caller id. */
static const char *
without_stamps(const char *line)
{
	for (int i = 0; i < 2 && *line == '['; i++) {
		const char *close = strchr(line, ']');

		if (!close)
			break;
		line = close + 1;
		while (*line == ' ')
			line++;
	}
	return line;
}

/* Follow a panic through one whole line of the log. */
static void
watch_line(struct kernlog *log, char *line)
{
	static const char reason[] = "Kernel panic - not syncing:";
	const char *text = without_stamps(line);

	splat_scan_line(&log->splats, line);
	if (!log->panic_reason[0] && !strncmp(text, reason, sizeof reason - 1)) {
		snprintf(log->panic_reason, sizeof log->panic_reason, "%s", text);
		return;
	}
	if (log->panic_reason[0] && (strstr(text, "---[ end Kernel panic") || !strncmp(text, "Rebooting in ", 13)))
		log->panic_ended = true;
}

/* Split BYTES into lines for watch_line. */
static void
watch_bytes(struct kernlog *log, const char *bytes, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (bytes[i] == '\n') {
			while (log->line_len && log->line[log->line_len - 1] == '\r')
				log->line_len--;
			log->line[log->line_len] = '\0';
			watch_line(log, log->line);
			log->line_len = 0;
		} else if (log->line_len < sizeof log->line - 1) {
			log->line[log->line_len++] = bytes[i];
		}
	}
}

int
kernlog_keep_in(struct kernlog *log, const char *path)
{
	log->file_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (log->file_fd < 0)
		return err_sys("cannot create the kernel log %s", path);
	log->file_open = true;
	return 0;
}

void
kernlog_close(struct kernlog *log)
{
	if (log->file_open)
		close(log->file_fd);
	log->file_open = false;
}

void
kernlog_clear(struct kernlog *log)
{
	kernlog_close(log);
	splat_scanner_clear(&log->splats);
}

/* Add BYTES to the file while it is under its bound; say where it stopped. */
static void
file_append(struct kernlog *log, const char *bytes, size_t len)
{
	static const char full[] = "\n[eudyptula-boot: the kernel log is cut here, past its bound]\n";

	if (!log->file_open || log->file_bytes >= KERNLOG_FILE_MAX)
		return;
	if (len > KERNLOG_FILE_MAX - log->file_bytes)
		len = KERNLOG_FILE_MAX - log->file_bytes;
	log->file_bytes += write_all(log->file_fd, bytes, len);
	if (log->file_bytes >= KERNLOG_FILE_MAX)
		write_all(log->file_fd, full, sizeof full - 1);
}

void
kernlog_append(struct kernlog *log, const char *bytes, size_t len)
{
	watch_bytes(log, bytes, len);
	file_append(log, bytes, len);
	if (len >= KERNLOG_KEEP) {
		memcpy(log->data, bytes + len - KERNLOG_KEEP, KERNLOG_KEEP);
		log->len = KERNLOG_KEEP;
		return;
	}
	if (log->len + len > KERNLOG_KEEP) {
		size_t drop = log->len + len - KERNLOG_KEEP;

		memmove(log->data, log->data + drop, log->len - drop);
		log->len -= drop;
	}
	memcpy(log->data + log->len, bytes, len);
	log->len += len;
}

void
kernlog_print_tail(const struct kernlog *log, int fd, unsigned lines)
{
	size_t start = log->len;
	unsigned seen = 0;

	while (start > 0 && log->data[start - 1] == '\n')
		start--;
	while (start > 0 && seen < lines) {
		start--;
		if (log->data[start] == '\n')
			seen++;
	}
	if (log->data[start] == '\n')
		start++;
	for (size_t i = start; i < log->len;) {
		const char *nl = memchr(log->data + i, '\n', log->len - i);
		size_t end = nl ? (size_t)(nl - log->data) : log->len;
		size_t line_len = end - i;

		if (line_len && log->data[end - 1] == '\r')
			line_len--;
		dprintf(fd, "  | %.*s\n", (int)line_len, log->data + i);
		i = end + 1;
	}
}

bool
kernlog_panic_ended(const struct kernlog *log)
{
	return log->panic_ended;
}

const char *
kernlog_panic_reason(const struct kernlog *log)
{
	return log->panic_reason[0] ? log->panic_reason : NULL;
}
