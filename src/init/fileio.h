/* Small file and time helpers. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Read a whole file into a NUL-terminated buffer; *len excludes the NUL. */
char *file_read(const char *path, size_t *len);

/* The entry of the sysfs class directory dir whose attribute file attr
   holds want (case-insensitively), copied to entry[size]. */
bool sysfs_find(const char *dir, const char *attr, const char *want, char *entry, size_t size);

/* Write a string to an existing file (procfs, sysfs). */
int file_write(const char *path, const char *s);

/* Write all of buf through EINTR and short writes; returns what was written. */
size_t write_all(int fd, const void *buf, size_t len);

/* Make a directory and its missing parents, like mkdir -p. */
int mkdir_p(const char *path, mode_t mode);

/* Whether path is a directory itself, not a symlink to one. */
bool is_real_dir(const char *path);

/* Milliseconds on the monotonic clock. */
long long now_ms(void);

/* Sleep for ms milliseconds. */
void sleep_ms(long ms);
