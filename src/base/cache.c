#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "error.h"
#include "sysio.h"
#include "util.h"
#include "xalloc.h"

/* What the cache holds becomes the guest's init: nobody else may write there. */
static int
check_private(const char *dir)
{
	struct stat st;

	if (stat(dir, &st) < 0)
		return err_sys("cannot use the cache directory %s", dir);
	if (st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH)))
		return err_set("the cache directory %s is not private to you (owner or mode): "
			       "fix it (chmod go-w) or set XDG_CACHE_HOME elsewhere", dir);
	return 0;
}

char *
cache_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	char *dir;

	if (xdg && *xdg == '/')
		dir = xasprintf("%s/eudyptula-boot", xdg);
	else if (home && *home == '/')
		dir = xasprintf("%s/.cache/eudyptula-boot", home);
	else
		dir = xasprintf("/tmp/eudyptula-boot-cache-%u", (unsigned)getuid());
	if (mkdir_p(dir, 0755) < 0) {
		err_sys("cannot create the cache directory %s", dir);
		free(dir);
		return NULL;
	}
	if (check_private(dir) < 0) {
		free(dir);
		return NULL;
	}
	return dir;
}

void
cache_key_hex(const char *key, char out[17])
{
	uint64_t hash = 0xcbf29ce484222325ULL;

	for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
		hash ^= *p;
		hash *= 0x100000001b3ULL;
	}
	snprintf(out, 17, "%016llx", (unsigned long long)hash);
}

int
cache_key_add_file(char **key, const char *path)
{
	struct stat st;
	char *grown;

	if (stat(path, &st) < 0)
		return err_sys("cannot read %s", path);
	grown = xasprintf("%s%s %lld %lld.%09ld;", *key ? *key : "", path, (long long)st.st_size,
			  (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	free(*key);
	*key = grown;
	return 0;
}

int
cache_write_atomic(const char *path, int (*writer)(int fd, void *ctx), void *ctx)
{
	cleanup_free char *tmp = xasprintf("%s.XXXXXX", path);
	cleanup_fd int fd = mkstemp(tmp);

	if (fd < 0)
		return err_sys("cannot create %s", tmp);
	if (writer(fd, ctx) < 0)
		goto fail;
	if (fchmod(fd, 0644) < 0 || fsync(fd) < 0 || rename(tmp, path) < 0) {
		err_sys("cannot write %s", path);
		goto fail;
	}
	return 0;
fail:
	unlink(tmp);
	return -1;
}

struct cache_entry {
	char *name;
	time_t used;
};

static int
newest_first(const void *a, const void *b)
{
	const struct cache_entry *x = a, *y = b;

	return (x->used < y->used) - (x->used > y->used);
}

/* DIR's regular files named PREFIX*, with their mtimes, in *ENTRIES. */
static int
cache_list(const char *dir, const char *prefix, struct cache_entry **entries, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;

	*entries = NULL;
	*count = 0;
	if (!d)
		return err_sys("cannot read %s", dir);
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0 ||
		    fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
			continue;
		*entries = xreallocarray(*entries, *count + 1, sizeof **entries);
		(*entries)[*count].name = xstrdup(e->d_name);
		(*entries)[*count].used = st.st_mtime;
		(*count)++;
	}
	closedir(d);
	return 0;
}

int
cache_prune(const char *dir, const char *prefix, size_t keep)
{
	struct cache_entry *entries;
	size_t count;
	time_t now = time(NULL);
	int rc = cache_list(dir, prefix, &entries, &count);

	if (rc == 0)
		qsort(entries, count, sizeof *entries, newest_first);
	for (size_t i = 0; i < count; i++) {
		if (rc == 0 && i >= keep && now - entries[i].used >= CACHE_IDLE_SECONDS) {
			cleanup_free char *path = xasprintf("%s/%s", dir, entries[i].name);

			unlink(path);
		}
		free(entries[i].name);
	}
	free(entries);
	return rc;
}

void
cache_touch(const char *path)
{
	utimensat(AT_FDCWD, path, NULL, 0);
}
