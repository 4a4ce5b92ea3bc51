#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
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

/* Whether the module at PATH was built for the kernel release VERSION
   (its vermagic starts "VERSION "); any module when VERSION is NULL. */
static bool
built_for(const char *path, const char *version)
{
	cleanup_fd int fd = version ? open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK) : -1;
	cleanup_free char *want = version ? xasprintf("vermagic=%s ", version) : NULL;
	struct stat st;
	void *map;
	bool found;

	if (!version)
		return true;
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 || st.st_size > KOFIND_MAX_SIZE)
		return false;
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		return false;
	found = memmem(map, (size_t)st.st_size, want, strlen(want)) != NULL;
	munmap(map, (size_t)st.st_size);
	return found;
}

/* Read DIR, spending *BUDGET entries: NAME.ko built for VERSION if it is
   there (allocated), else NULL, and its subdirectories added to *NEXT. */
static char *
scan(const char *dir, const char *name, const char *version, char ***next, long *budget)
{
	char *found = NULL;
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		return NULL;
	while (!found && (*budget)-- > 0 && (e = readdir(d))) {
		cleanup_free char *path = NULL;
		unsigned char type;

		if (e->d_name[0] == '.')
			continue;
		type = entry_type(dir, e);
		path = xasprintf("%s/%s", dir, e->d_name);
		if (type == DT_REG && ko_matches(e->d_name, name) && built_for(path, version))
			found = steal_pointer(&path);
		else if (type == DT_DIR)
			strv_append(next, path);
	}
	closedir(d);
	return found;
}

/* Nearest first: every directory of one depth before any of the next, so
   that a big tree deep below does not spend the budget first. */
char *
kofind(const char *const *dirs, const char *name, const char *version)
{
	long budget = KOFIND_MAX_ENTRIES;
	cleanup_strv char **level = NULL;
	char *found = NULL;

	if (!*name || strchr(name, '/'))
		return NULL;
	for (size_t i = 0; dirs && dirs[i]; i++)
		strv_append(&level, dirs[i]);
	for (int depth = 0; !found && level && depth <= KOFIND_MAX_DEPTH && budget > 0; depth++) {
		cleanup_strv char **next = NULL;

		for (size_t i = 0; !found && level[i] && budget > 0; i++)
			found = scan(level[i], name, version, &next, &budget);
		strv_free(level);
		level = steal_pointer(&next);
	}
	return found;
}
