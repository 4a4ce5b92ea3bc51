#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progress.h"
#include "sysio.h"

static int progress_fd = -1;

void
progress_init(void)
{
	const char *text = getenv(PROGRESS_ENV);
	char *end;
	long fd;

	if (!text)
		return;
	fd = strtol(text, &end, 10);
	unsetenv(PROGRESS_ENV);
	if (*text && !*end && fd > 2 && fd < 1024 && fcntl((int)fd, F_SETFD, FD_CLOEXEC) == 0)
		progress_fd = (int)fd;
}

void
progress_note(const char *what)
{
	char line[64];
	int len;

	if (progress_fd < 0)
		return;
	len = snprintf(line, sizeof line, "%s\n", what);
	/* A reader that went away is no reason to stop the run. */
	if (len > 0 && (size_t)len < sizeof line && write_all(progress_fd, line, (size_t)len) < (size_t)len)
		progress_fd = -1;
}
