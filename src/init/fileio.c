#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"

char *
file_read(const char *path, size_t *len)
{
	size_t size = 0, cap = 4096;
	char *buf = NULL, *grown;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	for (;;) {
		if (size + 1 >= cap || !buf) {
			grown = realloc(buf, buf ? cap *= 2 : cap);
			if (!grown)
				goto fail;
			buf = grown;
		}
		n = read(fd, buf + size, cap - size - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		size += n;
	}
	close(fd);
	buf[size] = '\0';
	if (len)
		*len = size;
	return buf;
fail:
	n = errno;
	free(buf);
	close(fd);
	errno = n;
	return NULL;
}

int
file_write(const char *path, const char *s)
{
	size_t len = strlen(s);
	int fd, saved;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (write_all(fd, s, len) != len) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return close(fd);
}

size_t
write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = write(fd, p + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			break;
		}
		done += n;
	}
	return done;
}

int
mkdir_p(const char *path, mode_t mode)
{
	char buf[4096];
	char *slash;

	if (strlen(path) >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(buf, path);
	for (slash = strchr(buf + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(buf, mode) < 0 && errno != EEXIST)
			return -1;
		*slash = '/';
	}
	if (mkdir(buf, mode) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

bool
is_real_dir(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

bool
sysfs_find(const char *dir, const char *attr, const char *want, char *entry, size_t size)
{
	struct dirent *item;
	char path[512];
	bool found = false;
	char *value;
	DIR *d = opendir(dir);

	if (!d)
		return false;
	while (!found && (item = readdir(d))) {
		if (item->d_name[0] == '.' || strlen(item->d_name) >= size)
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", dir, item->d_name, attr);
		value = file_read(path, NULL);
		if (!value)
			continue;
		value[strcspn(value, "\n")] = '\0';
		if (strcasecmp(value, want) == 0) {
			snprintf(entry, size, "%s", item->d_name);
			found = true;
		}
		free(value);
	}
	closedir(d);
	return found;
}
