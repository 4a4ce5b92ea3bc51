#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libvirt/virterror.h>

#include "cache.h"
#include "contract.h"
#include "error.h"
#include "rundir.h"
#include "runfiles.h"
#include "sysio.h"
#include "util.h"
#include "xalloc.h"

/* The marker of a run directory: proof that this tool made it, and which
   process did, so that a later run can tell a directory left by a killed
   one from a live one. Its one line is OWNER_FORMAT. */
#define OWNER_FILE RUN_OWNER
#define OWNER_FORMAT "eudyptula-boot run %s pid %ld start %llu\n"
#define OWNER_SCAN "eudyptula-boot run %64[A-Za-z0-9_.+-] pid %ld start %llu"

/* What a run puts in its directory, and nothing else is ever removed:
   the initramfs and a detached run's logs (regular files), the sockets of
   libvirt, QEMU and the extra consoles (the embedded driver's state is beside it). */
static const char *const run_files[] = {
	RUN_INITRD, RUN_KERNEL_LOG, RUN_REPORT, RUN_FACTS, RUN_SPARE_LOG, RUN_REMOTE_POOL,
	RUN_CHANNEL_STDOUT RUN_LOG_SUFFIX, RUN_CHANNEL_STDERR RUN_LOG_SUFFIX, RUN_CHANNEL_CONTROL RUN_LOG_SUFFIX,
};
static const char *const run_sockets[] = {
	RUN_CHANNEL_STDIN RUN_SOCKET_SUFFIX, RUN_CHANNEL_STDOUT RUN_SOCKET_SUFFIX,
	RUN_CHANNEL_STDERR RUN_SOCKET_SUFFIX, RUN_CHANNEL_CONTROL RUN_SOCKET_SUFFIX,
	RUN_GDB_SOCKET, RUN_MONITOR_SOCKET, RUN_MIGRATE_SOCKET,
};

#define EMBED_DEPTH_MAX 16

/* Who made a run directory. */
struct owner {
	long pid;
	unsigned long long start; /* its start time (clock ticks since boot), 0 if unknown */
};

/* When process PID started, in clock ticks since boot; 0 when unknown. */
static unsigned long long
process_start(long pid)
{
	char path[64], text[1024];
	unsigned long long start = 0;
	cleanup_fd int fd = -1;
	const char *end;
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	n = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
	if (n <= 0)
		return 0;
	text[n] = '\0';
	/* The command name, in parentheses, may hold anything: skip past its end. */
	end = strrchr(text, ')');
	if (!end || sscanf(end + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
			   &start) != 1)
		return 0;
	return start;
}

/* The process that made a run directory still runs (not another one that has its PID since). */
static bool
owner_alive(const struct owner *owner)
{
	unsigned long long start;

	if (kill((pid_t)owner->pid, 0) < 0 && errno == ESRCH)
		return false;
	start = process_start(owner->pid);
	return !owner->start || !start || start == owner->start;
}

/* Write the marker into the new run directory DIR, named NAME. */
static int
write_owner(const char *dir, const char *name)
{
	char path[4096], text[256];
	cleanup_fd int fd = -1;
	int len;

	snprintf(path, sizeof path, "%s/" OWNER_FILE, dir);
	len = snprintf(text, sizeof text, OWNER_FORMAT, name, (long)getpid(), process_start((long)getpid()));
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return err_sys("cannot write %s", path);
	if (len < 0 || (size_t)len >= sizeof text || write_all(fd, text, (size_t)len) < (size_t)len ||
	    close(steal_fd(&fd)) < 0) {
		err_sys("cannot write %s", path);
		unlink(path);
		return -1;
	}
	return 0;
}

/* PATH (in DIRFD) is a run directory this tool made for the run NAME: a
   private directory of ours whose marker, a regular file, names it. */
static bool
read_owner(int dirfd, const char *path, const char *name, struct owner *owner)
{
	char marker[4096], text[256], recorded[65];
	cleanup_fd int fd = -1;
	struct stat st;
	ssize_t n;

	if (fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != geteuid() || (st.st_mode & 07777) != 0700)
		return false;
	snprintf(marker, sizeof marker, "%s/" OWNER_FILE, path);
	fd = openat(dirfd, marker, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid())
		return false;
	n = read(fd, text, sizeof text - 1);
	if (n <= 0)
		return false;
	text[n] = '\0';
	return sscanf(text, OWNER_SCAN, recorded, &owner->pid, &owner->start) == 3 && owner->pid > 0 &&
	       strcmp(recorded, name) == 0;
}

/* Remove NAME in DIRFD if it is of TYPE (S_IFREG, S_IFSOCK): a link or
   anything else in its place stays. */
static void
remove_typed(int dirfd, const char *name, mode_t type)
{
	struct stat st;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && (st.st_mode & S_IFMT) == type)
		unlinkat(dirfd, name, 0);
}

/* Remove the tree NAME in DIRFD, the embedded driver's state: links are
   removed, not followed, and a directory on another device stays. Its top
   must be ours; libvirt gives some of the directories below to its QEMU user. */
static void
remove_tree(int parent, const char *name, dev_t dev, int depth)
{
	struct stat st, opened;
	struct dirent *e;
	DIR *d;
	int fd;

	if (fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlinkat(parent, name, 0);
		return;
	}
	if (st.st_dev != dev || (depth == 0 && st.st_uid != geteuid()) || depth > EMBED_DEPTH_MAX)
		return;
	fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &opened) < 0 || opened.st_ino != st.st_ino || opened.st_dev != st.st_dev ||
	    !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			remove_tree(dirfd(d), e->d_name, dev, depth + 1);
	closedir(d);
	unlinkat(parent, name, AT_REMOVEDIR);
}

/* Remove what a run puts in the directory DIRFD, its marker last. */
static void
remove_run_files(int dirfd)
{
	char name[32];

	for (size_t i = 0; i < ARRAY_SIZE(run_files); i++)
		remove_typed(dirfd, run_files[i], S_IFREG);
	for (size_t i = 0; i < ARRAY_SIZE(run_sockets); i++)
		remove_typed(dirfd, run_sockets[i], S_IFSOCK);
	for (int port = 1; port <= 2; port++) {
		snprintf(name, sizeof name, RUN_SERIAL_SOCKET_FORMAT, port);
		remove_typed(dirfd, name, S_IFSOCK);
	}
	for (int i = 1; i <= EB_EXTRA_CONSOLES_MAX; i++) {
		snprintf(name, sizeof name, RUN_CONSOLE_SOCKET_FORMAT, (unsigned)i);
		remove_typed(dirfd, name, S_IFSOCK);
	}
	remove_typed(dirfd, OWNER_FILE, S_IFREG);
}

/* The name of RUN_DIR's embedded driver root, in its parent. */
static void
embed_name(const char *run_dir, char out[sizeof RUN_EMBED_PREFIX + 16])
{
	const char *slash = strrchr(run_dir, '/');
	char hex[17];

	cache_key_hex(slash ? slash + 1 : run_dir, hex);
	snprintf(out, sizeof RUN_EMBED_PREFIX + 16, RUN_EMBED_PREFIX "%s", hex);
}

char *
rundir_embed_root(const char *run_dir)
{
	const char *slash = strrchr(run_dir, '/');
	char name[sizeof RUN_EMBED_PREFIX + 16];

	embed_name(run_dir, name);
	return xasprintf("%.*s/%s", slash ? (int)(slash - run_dir) : 0, run_dir, name);
}

/* Remove the embedded driver's root beside RUN_DIR, on device DEV. */
static void
remove_embed_root(const char *run_dir, dev_t dev)
{
	cleanup_free char *root = rundir_embed_root(run_dir);
	char *slash = strrchr(root, '/');
	cleanup_fd int fd = -1;

	*slash = '\0';
	fd = open(*root ? root : "/", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0)
		remove_tree(fd, slash + 1, dev, 0);
}

void
rundir_remove(const char *dir)
{
	cleanup_fd int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;

	if (fd < 0 || fstat(fd, &st) < 0)
		return;
	remove_run_files(fd);
	/* Fails when anything else is inside: then the directory stays, with it. */
	rmdir(dir);
	remove_embed_root(dir, st.st_dev);
}

char *
rundir_parent(void)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	struct stat st;

	/* Private to its user, but under sudo it may still name the invoking user's. */
	if (xdg && *xdg == '/' && stat(xdg, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid() &&
	    access(xdg, W_OK) == 0)
		return xasprintf("%s/eudyptula-boot", xdg);
	return xasprintf("/tmp/eudyptula-boot-%u", (unsigned)geteuid());
}

/* Make PARENT, the directory of the run directories, unless it is there:
   either way a directory of ours, not a link, that only we may enter. */
static int
make_parent(const char *parent)
{
	struct stat st;

	if (mkdir(parent, 0700) < 0 && errno != EEXIST)
		return err_sys("cannot create %s", parent);
	if (lstat(parent, &st) < 0)
		return err_sys("cannot use %s", parent);
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 077))
		return err_set("%s, where the run directories go, is not a private directory of yours (a link, another owner, or mode %03o): remove it",
			       parent, (unsigned)(st.st_mode & 0777));
	return 0;
}

/* The run directory DIR of the run NAME exists: the error naming why, or
   0 when it was a killed run's, now removed as far as it is the tool's. */
static int
explain_clash(const char *dir, const char *name)
{
	struct owner owner;
	char path[4096];
	struct stat st;

	if (!read_owner(AT_FDCWD, dir, name, &owner))
		return err_set("%s exists and is not a run directory this tool made: remove it or choose another --name", dir);
	if (owner_alive(&owner))
		return err_set("a run named %s is going (PID %ld, run directory %s): choose another --name", name, owner.pid, dir);
	snprintf(path, sizeof path, "%s/" RUN_CHANNEL_CONTROL RUN_LOG_SUFFIX, dir);
	if (lstat(path, &st) == 0)
		return err_set("%s keeps the record of the detached run %s (eudyptula-boot --status=%s): choose another --name, or remove that directory once its guest has stopped",
			       dir, name, name);
	rundir_remove(dir);
	return 0;
}

/* Make the run directory DIR of NAME, replacing a killed run's. */
static int
make_run_dir(const char *dir, const char *name)
{
	if (mkdir(dir, 0700) == 0)
		return 0;
	if (errno != EEXIST)
		return err_sys("cannot create the run directory %s", dir);
	if (explain_clash(dir, name) < 0)
		return -1;
	if (mkdir(dir, 0700) == 0)
		return 0;
	if (errno == EEXIST)
		return err_set("%s, a killed run's directory, holds files this tool did not make: remove it or choose another --name", dir);
	return err_sys("cannot create the run directory %s", dir);
}

int
rundir_create(const char *dir)
{
	cleanup_free char *parent = xstrdup(dir);
	char *slash = strrchr(parent, '/');

	if (!slash || slash == parent)
		return err_set("the run directory %s is not in a directory of its own", dir);
	*slash = '\0';
	if (make_parent(parent) < 0 || make_run_dir(dir, slash + 1) < 0)
		return -1;
	if (write_owner(dir, slash + 1) < 0) {
		rmdir(dir);
		return -1;
	}
	return 0;
}

int
rundir_adopt(const char *dir)
{
	const char *slash = strrchr(dir, '/');
	char path[4096];

	snprintf(path, sizeof path, "%s/" OWNER_FILE, dir);
	/* Without a marker for a moment, the directory is nobody's to remove. */
	if (unlink(path) < 0)
		return err_sys("cannot take over %s", dir);
	return write_owner(dir, slash ? slash + 1 : dir);
}

/* True when the domain NAME exists on CONN (an error of another kind proves nothing). */
static bool
domain_exists(virConnectPtr conn, const char *name)
{
	virDomainPtr dom = virDomainLookupByName(conn, name);

	if (!dom)
		return false;
	virDomainFree(dom);
	return true;
}

/* NAME in the directory DIRFD is a run directory of ours whose tool is gone. */
static bool
looks_stale(int dirfd, const char *name)
{
	struct owner owner;
	char path[512];

	if (!read_owner(dirfd, name, name, &owner) || owner_alive(&owner))
		return false;
	/* A detached run keeps its directory for --status. */
	snprintf(path, sizeof path, "%s/" RUN_CHANNEL_CONTROL RUN_LOG_SUFFIX, name);
	return faccessat(dirfd, path, F_OK, AT_SYMLINK_NOFOLLOW) < 0;
}

/* No domain of that name exists (an error of another kind proves nothing). */
static bool
no_such_domain(virConnectPtr conn, const char *name)
{
	virDomainPtr dom = virDomainLookupByName(conn, name);

	if (dom) {
		virDomainFree(dom);
		return false;
	}
	return virGetLastErrorCode() == VIR_ERR_NO_DOMAIN;
}

void
rundir_clean_stale(virConnectPtr conn, const char *run_dir)
{
	char parent[4096], path[8192];
	char *slash;
	struct dirent *e;
	DIR *d;

	snprintf(parent, sizeof parent, "%s", run_dir);
	slash = strrchr(parent, '/');
	if (!slash)
		return;
	*slash = '\0';
	d = opendir(*parent ? parent : "/");
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 || !looks_stale(dirfd(d), e->d_name) || !no_such_domain(conn, e->d_name))
			continue;
		snprintf(path, sizeof path, "%s/%s", parent, e->d_name);
		rundir_remove(path);
	}
	closedir(d);
}

int
rundir_claim(virConnectPtr conn, const char *uri, const char *run_dir, bool embedded)
{
	const char *slash = strrchr(run_dir, '/');
	const char *name = slash ? slash + 1 : run_dir;

	/* The embedded driver shows none of the daemon's domains. */
	if (!embedded)
		rundir_clean_stale(conn, run_dir);
	if (domain_exists(conn, name))
		return err_set("a domain named %s already exists on %s: choose another --name", name, uri);
	return 0;
}
