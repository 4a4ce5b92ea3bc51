#include "config.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "sparelock.h"
#include "util.h"
#include "xalloc.h"

#define LOCK_FILE "spares.lock"
#define ENDED_FILE "spares.ended"

int
sparelock_take(const char *parent)
{
	cleanup_free char *lock = xasprintf("%s/" LOCK_FILE, parent);
	int fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0 || flock(fd, LOCK_EX) < 0) {
		if (fd >= 0)
			close(fd);
		return err_sys("cannot lock %s", lock);
	}
	return fd;
}

int
sparelock_mark_ended(const char *parent)
{
	cleanup_free char *path = xasprintf("%s/" ENDED_FILE, parent);
	cleanup_fd int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0 || futimens(fd, NULL) < 0)
		return err_sys("cannot write %s", path);
	return 0;
}

bool
sparelock_ended_since(const char *parent, const struct timespec *since)
{
	cleanup_free char *path = xasprintf("%s/" ENDED_FILE, parent);
	struct stat st;

	if (lstat(path, &st) < 0)
		return false;
	return st.st_mtim.tv_sec > since->tv_sec ||
	       (st.st_mtim.tv_sec == since->tv_sec && st.st_mtim.tv_nsec >= since->tv_nsec);
}

struct timespec
sparelock_now(void)
{
	struct timespec now;

	/* File times come from the coarse clock: a finer one could be ahead of them. */
	clock_gettime(CLOCK_REALTIME_COARSE, &now);
	return now;
}
