/* Small file helpers of the init (with those it shares with the host, sysio.h). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "sysio.h"

/* The entry of the sysfs class directory dir whose attribute file attr
   holds want (case-insensitively), copied to entry[size]. */
bool sysfs_find(const char *dir, const char *attr, const char *want, char *entry, size_t size);

/* Write a string to an existing file (procfs, sysfs). */
int file_write(const char *path, const char *s);

/* Whether path is a directory itself, not a symlink to one. */
bool is_real_dir(const char *path);

