#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "msg.h"
#include "resolv.h"

#define RESOLV_CONF "/etc/resolv.conf"
#define RESOLV_RUN_DIR "/run/eudyptula-boot"
#define RESOLV_RUN RESOLV_RUN_DIR "/resolv.conf"
/* Symlinks to follow from /etc/resolv.conf before giving up. */
#define RESOLV_MAX_LINKS 8

/* Create or replace the file at path with text. */
static int
resolv_write(const char *path, const char *text)
{
	size_t len = strlen(text);
	int fd, saved;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	if (write_all(fd, text, len) != len) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return close(fd);
}

/* Make path absolute and without symlinks in the part that exists. */
static int
resolv_canonical(const char *path, char *out, size_t size)
{
	char prefix[PATH_MAX], real[PATH_MAX];
	size_t cut = strlen(path);

	if (cut >= sizeof(prefix))
		return -1;
	for (;;) {
		memcpy(prefix, path, cut);
		prefix[cut] = '\0';
		if (realpath(cut ? prefix : "/", real))
			break;
		if (errno != ENOENT || cut == 0)
			return -1;
		while (cut > 0 && path[--cut] != '/')
			;
	}
	/* What does not exist yet must not climb back out of it. */
	if (strstr(path + cut, "/.."))
		return -1;
	if ((size_t)snprintf(out, size, "%s%s", strcmp(real, "/") ? real : "",
			     path + cut) >= size)
		return -1;
	return 0;
}

/* Where the symlink at link points, made canonical, following further
   symlinks; -1 if that cannot be told. */
static int
resolv_target(const char *link, char *out, size_t size)
{
	char target[PATH_MAX], joined[2 * PATH_MAX], path[PATH_MAX];
	struct stat st;
	ssize_t len;
	int hops;

	snprintf(path, sizeof(path), "%s", link);
	for (hops = 0; hops < RESOLV_MAX_LINKS; hops++) {
		len = readlink(path, target, sizeof(target) - 1);
		if (len < 0)
			return -1;
		target[len] = '\0';
		if (target[0] == '/')
			snprintf(joined, sizeof(joined), "%s", target);
		else
			snprintf(joined, sizeof(joined), "%.*s/%s",
				 (int)(strrchr(path, '/') - path), path, target);
		if (resolv_canonical(joined, out, size) < 0)
			return -1;
		if (lstat(out, &st) < 0 || !S_ISLNK(st.st_mode))
			return 0;
		snprintf(path, sizeof(path), "%s", out);
	}
	errno = ELOOP;
	return -1;
}

/* Whether a and b are the same file. */
static bool
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Write the file a symlink to /run points to. */
static bool
resolv_in_run(const char *target, const char *text)
{
	char dir[PATH_MAX];

	if (strncmp(target, "/run/", 5) != 0)
		return false;
	snprintf(dir, sizeof(dir), "%s", target);
	*strrchr(dir, '/') = '\0';
	if (mkdir_p(dir, 0755) < 0 || resolv_write(target, text) < 0) {
		msg_errno("write %s", target);
		return false;
	}
	return same_file(RESOLV_CONF, target);
}

/* Make an empty file at path to mount on, with its directory. */
static int
resolv_make_mount_point(const char *path)
{
	char dir[PATH_MAX];
	int fd;

	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	if (*dir && mkdir_p(dir, 0755) < 0)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	return close(fd);
}

void
resolv_setup(const char *server, bool create)
{
	char text[128], target[PATH_MAX];
	const char *mount_point = RESOLV_CONF;
	struct stat st;

	snprintf(text, sizeof(text), "nameserver %s\n", server);
	if (lstat(RESOLV_CONF, &st) == 0 && S_ISLNK(st.st_mode)) {
		if (resolv_target(RESOLV_CONF, target, sizeof(target)) == 0) {
			if (resolv_in_run(target, text)) {
				msg_info("name server %s in %s", server, target);
				return;
			}
			mount_point = target;
		} else {
			/* Nothing to make from a symlink that cannot be told. */
			create = false;
		}
	}
	if (mkdir_p(RESOLV_RUN_DIR, 0755) < 0 || resolv_write(RESOLV_RUN, text) < 0) {
		msg_errno("write %s", RESOLV_RUN);
		return;
	}
	/* mount() follows a symlink at the mount point to what it names. */
	if (stat(RESOLV_CONF, &st) < 0 &&
	    (!create || resolv_make_mount_point(mount_point) < 0)) {
		msg_errno("no %s to mount on: the guest has no name server", mount_point);
		return;
	}
	if (mount(RESOLV_RUN, RESOLV_CONF, NULL, MS_BIND, NULL) < 0)
		msg_errno("mount %s on %s: the guest has no name server", RESOLV_RUN,
			  RESOLV_CONF);
	else
		msg_info("name server %s", server);
}
