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
#include "sysio.h"

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

bool
is_real_dir(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
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
