#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

static _Thread_local char last_error[1024];

int
err_set(const char *fmt, ...)
{
	char message[sizeof last_error];
	va_list ap;

	/* Through a copy: the arguments may include err_get() itself. */
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	memcpy(last_error, message, sizeof last_error);
	return -1;
}

int
err_sys(const char *fmt, ...)
{
	int saved_errno = errno;
	char prefix[sizeof last_error / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	snprintf(last_error, sizeof last_error, "%s: %s", prefix, strerror(saved_errno));
	errno = saved_errno;
	return -1;
}

const char *
err_get(void)
{
	return last_error;
}
