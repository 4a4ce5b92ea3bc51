/* Reading a matrix file's values through GKeyFile, each error naming the
   line of the key it is about. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "mxlines.h"

struct mx_loader {
	const char *path;
	char *dir;              /* the file's directory: relative paths start there */
	GKeyFile *keys;
	struct mx_lines lines;
};

/* -1 with "PATH:LINE: MESSAGE", LINE that of GROUP's KEY (NULL: the group). */
int mxload_error(const struct mx_loader *loader, const char *group, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Refuse any key of GROUP not in KNOWN (NULL-terminated). */
int mxload_known_keys(const struct mx_loader *loader, const char *group, const char *const *known);

/* GROUP's KEY as a string (allocated) in *VALUE; NULL when absent. */
int mxload_string(const struct mx_loader *loader, const char *group, const char *key, char **value);

/* GROUP's KEY as a ';'-separated list in *LIST (NULL when absent); an
   empty list is refused. */
int mxload_list(const struct mx_loader *loader, const char *group, const char *key, char ***list);

/* GROUP's KEY as a number in [MIN, MAX]; *VALUE unchanged when absent. */
int mxload_uint(const struct mx_loader *loader, const char *group, const char *key, unsigned long min,
		unsigned long max, unsigned *value);

/* GROUP's KEY as a path that exists (a directory when DIRECTORY, else a
   regular file), absolute in *PATH; NULL when absent. */
int mxload_path(const struct mx_loader *loader, const char *group, const char *key, bool directory, char **path);
