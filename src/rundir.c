#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libvirt/virterror.h>

#include "error.h"
#include "rundir.h"

/* The run's owner, so that a later run can tell a directory left by a
   killed one from a live one. */
#define OWNER_FILE "owner.pid"

int
rundir_create(const char *dir)
{
	char path[4096];
	FILE *owner;

	if (mkdir(dir, 0700) < 0)
		return err_sys("cannot create the run directory %s", dir);
	snprintf(path, sizeof path, "%s/" OWNER_FILE, dir);
	owner = fopen(path, "wx");
	if (!owner || fprintf(owner, "%ld\n", (long)getpid()) < 0 || fclose(owner) != 0)
		return err_sys("cannot write %s", path);
	return 0;
}

/* nftw callback: remove one entry, children first. */
static int
remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void
rundir_remove(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

/* The PID recorded in run directory NAME (in DIRFD), or -1. */
static long
owner_pid(int dirfd, const char *name)
{
	char path[512], text[32];
	long pid = -1;
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "%s/" OWNER_FILE, name);
	fd = openat(dirfd, path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, text, sizeof text - 1);
	close(fd);
	if (n > 0) {
		text[n] = '\0';
		if (sscanf(text, "%ld", &pid) != 1 || pid <= 0)
			pid = -1;
	}
	return pid;
}

/* NAME in the directory DIRFD is a run directory of ours whose tool is gone. */
static bool
looks_stale(int dirfd, const char *name)
{
	struct stat st;
	char path[512];
	long pid;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != geteuid() || (st.st_mode & 0777) != 0700)
		return false;
	pid = owner_pid(dirfd, name);
	if (pid < 0 || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
		return false;
	/* A detached run keeps its directory for --status. */
	snprintf(path, sizeof path, "%s/control.log", name);
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
		if (e->d_name[0] == '.' || !looks_stale(dirfd(d), e->d_name) || !no_such_domain(conn, e->d_name))
			continue;
		snprintf(path, sizeof path, "%s/%s", parent, e->d_name);
		rundir_remove(path);
	}
	closedir(d);
}
