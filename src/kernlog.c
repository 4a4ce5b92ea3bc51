#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kernlog.h"

void
kernlog_append(struct kernlog *log, const char *bytes, size_t len)
{
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
	static const char marker[] = "---[ end Kernel panic";

	return memmem(log->data, log->len, marker, sizeof marker - 1) != NULL;
}
