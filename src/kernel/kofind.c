#include "config.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kofind.h"
#include "strv.h"
#include "util.h"
#include "xalloc.h"

/* Whether FILE is NAME.ko, '-' and '_' matching either. */
static bool
ko_matches(const char *file, const char *name)
{
	size_t len = strlen(name);

	if (strlen(file) != len + 3 || strcmp(file + len, ".ko") != 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		char a = file[i] == '-' ? '_' : file[i], b = name[i] == '-' ? '_' : name[i];

		if (a != b)
			return false;
	}
	return true;
}

/* What the entry E of DIR is (DT_REG, DT_DIR...), without following a symlink to a directory. */
static unsigned char
entry_type(const char *dir, const struct dirent *e)
{
	cleanup_free char *path = NULL;
	struct stat st;

	if (e->d_type != DT_UNKNOWN && e->d_type != DT_LNK)
		return e->d_type;
	path = xasprintf("%s/%s", dir, e->d_name);
	if (lstat(path, &st) < 0)
		return DT_UNKNOWN;
	if (S_ISDIR(st.st_mode))
		return DT_DIR;
	/* A symlink counts as the regular file it leads to, never as a directory. */
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
}

/* Search DIR, DEPTH levels left below it, spending *BUDGET entries. */
static char *
search(const char *dir, const char *name, int depth, long *budget)
{
	cleanup_strv char **subdirs = NULL;
	char *found = NULL;
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		return NULL;
	while (!found && (*budget)-- > 0 && (e = readdir(d))) {
		unsigned char type;

		if (e->d_name[0] == '.')
			continue;
		type = entry_type(dir, e);
		if (type == DT_REG && ko_matches(e->d_name, name))
			found = xasprintf("%s/%s", dir, e->d_name);
		else if (type == DT_DIR && depth > 0)
			strv_append(&subdirs, e->d_name);
	}
	closedir(d);
	for (size_t i = 0; !found && subdirs && subdirs[i] && *budget > 0; i++) {
		cleanup_free char *sub = xasprintf("%s/%s", dir, subdirs[i]);

		found = search(sub, name, depth - 1, budget);
	}
	return found;
}

char *
kofind(const char *const *dirs, const char *name)
{
	long budget = KOFIND_MAX_ENTRIES;
	char *found = NULL;

	if (!*name || strchr(name, '/'))
		return NULL;
	for (size_t i = 0; dirs && dirs[i] && !found; i++)
		found = search(dirs[i], name, KOFIND_MAX_DEPTH, &budget);
	return found;
}
