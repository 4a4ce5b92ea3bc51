#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "msg.h"

#define MSG_PREFIX "eudyptula-init: "

static int msg_fd = STDERR_FILENO;
static bool msg_verbose;

void
msg_open(void)
{
	int fd;

	/* The kernel gives init /dev/console on 0, 1 and 2 when it can. */
	fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	if (fd < 0)
		fd = open("/dev/console", O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (fd >= 0)
		msg_fd = fd;
}

void
msg_set_verbose(bool verbose)
{
	msg_verbose = verbose;
}

/* Write one line: the time since boot as the kernel shows it, prefix,
   message, optional error text. */
static void
msg_emit(const char *fmt, va_list ap, int errnum)
{
	long long ms = now_ms();
	char line[512];
	size_t len;

	snprintf(line, sizeof(line), "[%5lld.%03lld] " MSG_PREFIX, ms / 1000, ms % 1000);
	len = strlen(line);
	vsnprintf(line + len, sizeof(line) - len, fmt, ap);
	len = strlen(line);
	if (errnum)
		snprintf(line + len, sizeof(line) - len, ": %s", strerror(errnum));
	len = strlen(line);
	if (len == sizeof(line) - 1)
		len--;
	line[len++] = '\n';
	write_all(msg_fd, line, len);
}

void
msg_info(const char *fmt, ...)
{
	va_list ap;

	if (!msg_verbose)
		return;
	va_start(ap, fmt);
	msg_emit(fmt, ap, 0);
	va_end(ap);
}

void
msg_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_emit(fmt, ap, 0);
	va_end(ap);
}

void
msg_errno(const char *fmt, ...)
{
	int errnum = errno;
	va_list ap;

	va_start(ap, fmt);
	msg_emit(fmt, ap, errnum);
	va_end(ap);
	errno = errnum;
}
