#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
#include "mxload.h"
#include "size.h"
#include "strv.h"
#include "util.h"
#include "xalloc.h"

int
mxload_error(const struct mx_loader *loader, const char *group, const char *key, const char *fmt, ...)
{
	cleanup_free char *message = NULL;
	unsigned line = mxlines_find(&loader->lines, group, key);
	va_list ap;

	if (!line)
		line = mxlines_find(&loader->lines, group, NULL);
	va_start(ap, fmt);
	if (vasprintf(&message, fmt, ap) < 0)
		message = NULL;
	va_end(ap);
	if (!message)
		return err_set("%s: out of memory", loader->path);
	if (!line)
		return err_set("%s: %s", loader->path, message);
	return err_set("%s:%u: %s", loader->path, line, message);
}

int
mxload_known_keys(const struct mx_loader *loader, const char *group, const char *const *known)
{
	gchar **keys = g_key_file_get_keys(loader->keys, group, NULL, NULL);
	int rc = 0;

	for (size_t i = 0; keys && keys[i] && rc == 0; i++) {
		cleanup_free char *list = NULL;
		size_t k;

		for (k = 0; known[k] && strcmp(known[k], keys[i]) != 0; k++)
			;
		if (known[k])
			continue;
		for (k = 0; known[k]; k++) {
			char *longer = xasprintf("%s%s%s", list ? list : "", list ? ", " : "", known[k]);

			free(list);
			list = longer;
		}
		rc = mxload_error(loader, group, keys[i], "unknown key %s in [%s]: its keys are %s", keys[i], group, list);
	}
	g_strfreev(keys);
	return rc;
}

int
mxload_string(const struct mx_loader *loader, const char *group, const char *key, char **value)
{
	GError *error = NULL;
	gchar *text;

	*value = NULL;
	if (!g_key_file_has_key(loader->keys, group, key, NULL))
		return 0;
	text = g_key_file_get_string(loader->keys, group, key, &error);
	if (!text) {
		mxload_error(loader, group, key, "%s: %s", key, error->message);
		g_error_free(error);
		return -1;
	}
	*value = xstrdup(text);
	g_free(text);
	return 0;
}

int
mxload_list(const struct mx_loader *loader, const char *group, const char *key, char ***list)
{
	GError *error = NULL;
	gsize length = 0;
	gchar **items;

	*list = NULL;
	if (!g_key_file_has_key(loader->keys, group, key, NULL))
		return 0;
	items = g_key_file_get_string_list(loader->keys, group, key, &length, &error);
	if (!items) {
		mxload_error(loader, group, key, "%s: %s", key, error->message);
		g_error_free(error);
		return -1;
	}
	for (gsize i = 0; i < length; i++)
		strv_append(list, items[i]);
	g_strfreev(items);
	if (!*list)
		return mxload_error(loader, group, key, "%s= is empty: give at least one item, separated by ';'", key);
	return 0;
}

int
mxload_uint(const struct mx_loader *loader, const char *group, const char *key, unsigned long min,
	    unsigned long max, unsigned *value)
{
	cleanup_free char *text = NULL;
	unsigned long number;

	if (mxload_string(loader, group, key, &text) < 0)
		return -1;
	if (!text)
		return 0;
	if (size_parse_uint(text, min, max, &number) < 0)
		return mxload_error(loader, group, key, "%s=%s: %s", key, text, err_get());
	*value = (unsigned)number;
	return 0;
}

int
mxload_path(const struct mx_loader *loader, const char *group, const char *key, bool directory, char **path)
{
	cleanup_free char *text = NULL, *joined = NULL;
	struct stat st;

	*path = NULL;
	if (mxload_string(loader, group, key, &text) < 0)
		return -1;
	if (!text)
		return 0;
	if (!*text)
		return mxload_error(loader, group, key, "%s= is empty", key);
	joined = text[0] == '/' ? xstrdup(text) : xasprintf("%s/%s", loader->dir, text);
	*path = realpath(joined, NULL);
	if (!*path || stat(*path, &st) < 0)
		return mxload_error(loader, group, key, "%s=%s: %s", key, text, strerror(errno));
	if (directory ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
		free(steal_pointer(path));
		return mxload_error(loader, group, key, "%s=%s is not a %s", key, text, directory ? "directory" : "file");
	}
	return 0;
}
