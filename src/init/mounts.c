#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "contract.h"
#include "fileio.h"
#include "mounts.h"
#include "msg.h"

/* Mount points in the initramfs. */
#define MNT_LOWER "/eudyptula-boot/lower"
#define MNT_RW "/eudyptula-boot/rw"
#define MNT_UPPER MNT_RW "/upper"
#define MNT_WORK MNT_RW "/work"
#define MNT_ROOT "/eudyptula-boot/root"

#define P9_OPTIONS "trans=virtio,version=9p2000.L,msize=512000"
/* Read-only shares can cache everything: nobody should change the host
   files under a running guest.  A writable share must see its own writes
   through at once, so it only caches for mmap. */
#define P9_CACHE_RO "cache=loose"
#define P9_CACHE_RW "cache=mmap"

/* Make target and mount there; -1 with a message on failure. */
static int
mount_at(const char *source, const char *target, const char *type,
	 unsigned long flags, const char *data)
{
	if (mkdir_p(target, 0755) < 0) {
		msg_errno("mkdir %s", target);
		return -1;
	}
	if (mount(source, target, type, flags, data) < 0) {
		msg_errno("mount %s (%s) on %s", source, type, target);
		return -1;
	}
	msg_info("mounted %s (%s) on %s", source, type, target);
	return 0;
}

int
mounts_early(void)
{
	if (mount_at("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0 ||
	    mount_at("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0 ||
	    mount_at("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755") < 0)
		return -1;
	return 0;
}

/* Mount a 9P share by tag. */
static int
mount_9p(const char *tag, const char *target, bool writable)
{
	char options[128];

	snprintf(options, sizeof(options), "%s,%s", P9_OPTIONS,
		 writable ? P9_CACHE_RW : P9_CACHE_RO);
	return mount_at(tag, target, "9p", writable ? 0 : MS_RDONLY, options);
}

/* Mount the block device dev on target, trying the usual file systems. */
static int
mount_block(const char *dev, const char *target, bool writable)
{
	static const char *const types[] = { "ext4", "xfs", "btrfs", "ext3", "ext2", "vfat" };
	struct stat st;
	int tries;

	if (mkdir_p(target, 0755) < 0) {
		msg_errno("mkdir %s", target);
		return -1;
	}
	/* The disk shows up once virtio_blk has probed it. */
	for (tries = 0; tries < 50 && stat(dev, &st) < 0; tries++)
		sleep_ms(100);
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (mount(dev, target, types[i], writable ? 0 : MS_RDONLY, NULL) == 0)
			return 0;
	msg_errno("mount %s on %s (tried ext4, xfs, btrfs, ext3, ext2, vfat)", dev, target);
	return -1;
}

/* The root's source: the image's block device, or the 9P or virtiofs share. */
static int
mount_root_source(const struct conf *conf, const char *target, bool writable)
{
	if (conf->rootdev)
		return mount_block(conf->rootdev, target, writable);
	if (conf->rootfs && strcmp(conf->rootfs, "virtiofs") == 0)
		return mount_at(EB_TAG_ROOT, target, "virtiofs", writable ? 0 : MS_RDONLY, NULL);
	return mount_9p(EB_TAG_ROOT, target, writable);
}

/* Give the overlay's root the owner and mode of the share's root. */
static void
copy_root_attributes(void)
{
	struct stat st;

	if (stat(MNT_LOWER, &st) < 0 ||
	    chown(MNT_UPPER, st.st_uid, st.st_gid) < 0 ||
	    chmod(MNT_UPPER, st.st_mode & 07777) < 0)
		msg_errno("copy the attributes of / to the overlay");
}

/* Put a tmpfs-backed overlay over the read-only share at MNT_LOWER. */
static int
mount_overlay(void)
{
	const char *options = "lowerdir=" MNT_LOWER ",upperdir=" MNT_UPPER
		",workdir=" MNT_WORK;

	if (mount_at("tmpfs", MNT_RW, "tmpfs", 0, "mode=0755") < 0)
		return -1;
	if (mkdir(MNT_UPPER, 0755) < 0 || mkdir(MNT_WORK, 0755) < 0) {
		msg_errno("mkdir in %s", MNT_RW);
		return -1;
	}
	copy_root_attributes();
	return mount_at("overlay", MNT_ROOT, "overlay", 0, options);
}

int
mounts_root(const struct conf *conf, const char **newroot)
{
	*newroot = MNT_ROOT;
	switch (conf->root) {
	case ROOT_READONLY:
		return mount_root_source(conf, MNT_ROOT, false);
	case ROOT_READWRITE:
		return mount_root_source(conf, MNT_ROOT, true);
	case ROOT_OVERLAY:
		break;
	}
	if (mount_root_source(conf, MNT_LOWER, false) < 0)
		return -1;
	if (mount_overlay() < 0) {
		msg_error("no overlay: the root file system is read-only");
		umount2(MNT_RW, MNT_DETACH);
		*newroot = MNT_LOWER;
	}
	return 0;
}

#define KEEP_HOLD "/dev/.eudyptula-keep"

/* The entry of dir that holds cwd ("/tmp/linux" for cwd /tmp/linux/fs), in keep. */
static bool
entry_holding(const char *dir, const char *cwd, char *keep, size_t size)
{
	size_t dir_len = strlen(dir);
	const char *rest, *slash;
	struct stat st;

	if (!cwd || strncmp(cwd, dir, dir_len) != 0 || cwd[dir_len] != '/' || !cwd[dir_len + 1])
		return false;
	rest = cwd + dir_len + 1;
	slash = strchr(rest, '/');
	snprintf(keep, size, "%s/%.*s", dir, (int)(slash ? (size_t)(slash - rest) : strlen(rest)), rest);
	return lstat(keep, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Put the kept entry back on top of the fresh tmpfs, with its owner and mode. */
static void
restore_kept(const char *keep)
{
	struct stat st;

	if (stat(KEEP_HOLD, &st) < 0)
		return;
	if (mkdir(keep, st.st_mode & 07777) < 0 || chown(keep, st.st_uid, st.st_gid) < 0 ||
	    mount(KEEP_HOLD, keep, NULL, MS_MOVE, NULL) < 0)
		msg_errno("keep %s visible", keep);
	rmdir(KEEP_HOLD);
}

/* A fresh tmpfs on dir, with the owner and mode dir has; the entry that
   holds the host's current directory stays visible on top of it, so that
   a run from /tmp/linux still starts in /tmp/linux. */
static void
mount_scratch(const char *dir, const char *cwd)
{
	char options[64], keep[4096];
	bool kept = false;
	struct stat st;

	if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return;
	if (entry_holding(dir, cwd, keep, sizeof(keep)) && mkdir(KEEP_HOLD, 0700) == 0) {
		kept = mount(keep, KEEP_HOLD, NULL, MS_BIND | MS_REC, NULL) == 0;
		if (!kept)
			rmdir(KEEP_HOLD);
	}
	snprintf(options, sizeof(options), "mode=%o,uid=%u,gid=%u",
		 (unsigned)(st.st_mode & 07777), (unsigned)st.st_uid,
		 (unsigned)st.st_gid);
	mount_at("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, options);
	if (kept)
		restore_kept(keep);
}

void
mounts_scratch(const char *cwd)
{
	mount_scratch("/tmp", cwd);
	mount_scratch("/run", cwd);
	mount_scratch("/var/tmp", cwd);
	mount_scratch("/var/log", cwd);
	/* /var/lock points there on Debian and others. */
	if (is_real_dir("/run") && mkdir("/run/lock", 01777) == 0)
		chmod("/run/lock", 01777);
}

/* Make dir, with a tmpfs on its parent if the root is read-only. */
static int
modules_dir(const char *dir)
{
	if (is_real_dir(dir) || mkdir_p(dir, 0755) == 0)
		return 0;
	if (errno != EROFS || !is_real_dir("/lib/modules")) {
		msg_errno("mkdir %s", dir);
		return -1;
	}
	if (mount_at("tmpfs", "/lib/modules", "tmpfs", MS_NOSUID | MS_NODEV,
		     "mode=0755") < 0)
		return -1;
	return mkdir_p(dir, 0755);
}

/* Whether the block device NAME's serial is SERIAL. */
static bool
has_serial(const char *name, const char *serial)
{
	char path[300], text[64] = "";
	int fd;
	ssize_t n;

	snprintf(path, sizeof path, "/sys/block/%s/serial", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, text, sizeof text - 1);
	close(fd);
	if (n > 0 && text[n - 1] == '\n')
		n--;
	return n == (ssize_t)strlen(serial) && memcmp(text, serial, (size_t)n) == 0;
}

/* The disk whose serial is SERIAL, as /dev/NAME in PATH (waiting a
   second at most for it to show); -1 when there is none. */
static int
disk_by_serial(const char *serial, char *path, size_t size)
{
	struct dirent *e;
	DIR *d;

	for (int tries = 0; tries < 50; tries++) {
		if ((d = opendir("/sys/block"))) {
			while ((e = readdir(d)))
				if (e->d_name[0] != '.' && has_serial(e->d_name, serial)) {
					snprintf(path, size, "/dev/%s", e->d_name);
					closedir(d);
					return 0;
				}
			closedir(d);
		}
		usleep(20000);
	}
	return -1;
}

/* The modules' disk, read-only, on DIR. */
static int
mount_modules_disk(const char *dir)
{
	char dev[300];

	if (disk_by_serial(EB_MODULES_SERIAL, dev, sizeof dev) < 0) {
		msg_error("no disk %s for the kernel's modules", EB_MODULES_SERIAL);
		return -1;
	}
	return mount_at(dev, dir, "squashfs", MS_RDONLY | MS_NODEV | MS_NOSUID, NULL);
}

void
mounts_modules(const struct conf *conf)
{
	const char *release = conf->release;
	struct utsname uts;
	char dir[320];

	if (!conf->modules && !conf->modules_disk)
		return;
	if (!release || !*release) {
		uname(&uts);
		release = uts.release;
	}
	snprintf(dir, sizeof(dir), "/lib/modules/%s", release);
	if (modules_dir(dir) < 0 ||
	    (conf->modules_disk ? mount_modules_disk(dir) : mount_9p(EB_TAG_MODULES, dir, false)) < 0)
		msg_error("the kernel's modules are not available in the guest");
}

void
mounts_shares(const struct conf *conf)
{
	const struct conf_share *sh;
	size_t i;

	for (i = 0; i < conf->nshares; i++) {
		sh = &conf->shares[i];
		if (mount_9p(sh->tag, sh->dir, sh->writable) < 0)
			msg_error("share %s is not on %s", sh->tag, sh->dir);
	}
}
