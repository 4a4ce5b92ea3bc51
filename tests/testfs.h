/* Scratch files, /boot look-ups and error checks shared by the unit tests. */
#pragma once

#include <dirent.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
#include "kernel.h"

/* The scratch directory of this test, made by tmp_dir_create(). */
static char tmp_dir[64];

/* Make the scratch directory /tmp/PREFIX.XXXXXX, or exit with 99. */
static inline void
tmp_dir_create(const char *prefix)
{
	snprintf(tmp_dir, sizeof tmp_dir, "/tmp/%s.XXXXXX", prefix);
	if (!mkdtemp(tmp_dir)) {
		perror("mkdtemp");
		exit(99);
	}
}

/* Remove one entry of the temporary tree. */
static inline int
tmp_dir_remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

/* Remove the scratch directory and everything under it. */
static inline void
tmp_dir_remove(void)
{
	nftw(tmp_dir, tmp_dir_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Build a path under the temporary directory (static storage, rotating). */
static inline const char *
tmp_path(const char *name)
{
	static char paths[8][512];
	static int next;
	char *path = paths[next++ % 8];

	snprintf(path, sizeof paths[0], "%s/%s", tmp_dir, name);
	return path;
}

/* Create the directory NAME under the temporary directory, with its parents. */
static inline void
make_dirs(const char *name)
{
	char path[512];

	snprintf(path, sizeof path, "%s/%s", tmp_dir, name);
	for (char *slash = path + strlen(tmp_dir) + 1; (slash = strchr(slash, '/')); slash++) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	mkdir(path, 0755);
}

/* Write SIZE bytes of DATA to PATH, replacing it. */
static inline void
write_file(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, size, f) != size) {
		perror(path);
		exit(99);
	}
	fclose(f);
}

/* Read a whole file into an allocation. */
static inline unsigned char *
read_file(const char *path, size_t *size)
{
	struct kernel_file file;
	unsigned char *copy;

	if (kernel_file_map(path, &file) < 0)
		return NULL;
	copy = malloc(file.size + 1);
	if (copy && file.size)
		memcpy(copy, file.data, file.size);
	*size = file.size;
	kernel_file_unmap(&file);
	return copy;
}

/* Say whether the last error mentions NEEDLE and, unless NULL, WHO; show it when not. */
static inline bool
error_says(const char *needle, const char *who)
{
	const char *message = err_get();
	bool ok = strstr(message, needle) && (!who || strstr(message, who));

	if (!ok && who)
		printf("#   error: '%s'\n#   want:  '%s' and '%s'\n", message, needle, who);
	else if (!ok)
		printf("#   error: '%s'\n#   want:  '%s'\n", message, needle);
	return ok;
}

/* Name the newest /boot/vmlinuz-* by version order ("vmlinuz-VERSION"), found independently. */
static inline char *
newest_boot_image(void)
{
	DIR *dir = opendir("/boot");
	struct dirent *entry;
	char *best = NULL;

	if (!dir)
		return NULL;
	while ((entry = readdir(dir)))
		if (strncmp(entry->d_name, "vmlinuz-", 8) == 0 &&
		    (!best || strverscmp(entry->d_name, best) > 0)) {
			free(best);
			best = strdup(entry->d_name);
		}
	closedir(dir);
	return best;
}

/* Give the path of the newest /boot/vmlinuz-*, its version in *VERSION. */
static inline char *
newest_boot_path(const char **version)
{
	char *name = newest_boot_image();
	char *path = NULL;

	if (name && asprintf(&path, "/boot/%s", name) < 0)
		path = NULL;
	free(name);
	if (path)
		*version = path + strlen("/boot/vmlinuz-");
	return path;
}
