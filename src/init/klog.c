#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "klog.h"
#include "msg.h"

#define KERNEL_LOG_TTY "/dev/ttyS0"

static int kmsg = -1;

void
klog_mark(void)
{
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg >= 0 && lseek(kmsg, 0, SEEK_END) < 0)
		klog_forget();
}

void
klog_forget(void)
{
	if (kmsg >= 0)
		close(kmsg);
	kmsg = -1;
}

/* One /dev/kmsg record ("PRIO,SEQ,USEC,FLAGS;TEXT\n", then " KEY=VALUE"
   lines) as the console shows it: "[SECONDS.MICROS] TEXT\n".  Its length, 0 if
   the record is not one. */
static size_t
console_line(const char *record, char *line, size_t size)
{
	unsigned long long usec;
	const char *text = strchr(record, ';');
	const char *end;
	int len;

	if (!text || sscanf(record, "%*u,%*u,%llu", &usec) != 1)
		return 0;
	text++;
	end = strchr(text, '\n');
	len = snprintf(line, size, "[%5llu.%06llu] %.*s\n", usec / 1000000, usec % 1000000,
		       (int)(end ? end - text : (ptrdiff_t)strlen(text)), text);
	return len > 0 ? ((size_t)len < size ? (size_t)len : size - 1) : 0;
}

void
klog_replay(void)
{
	char record[8192], line[8300];
	int tty;
	ssize_t n;
	size_t len;

	if (kmsg < 0)
		return;
	tty = open(KERNEL_LOG_TTY, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	for (;;) {
		n = read(kmsg, record, sizeof record - 1);
		/* EPIPE: records overwritten before they were read; the next ones follow. */
		if (n < 0 && (errno == EPIPE || errno == EINTR))
			continue;
		if (n <= 0)
			break;
		record[n] = '\0';
		len = console_line(record, line, sizeof line);
		if (tty >= 0 && len)
			write_all(tty, line, len);
	}
	if (tty < 0)
		msg_errno(KERNEL_LOG_TTY);
	else
		close(tty);
	klog_forget();
}
