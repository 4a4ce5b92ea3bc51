#include "config.h"

#include <errno.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dev.h"
#include "msg.h"

/* Mount type on dir, creating dir. */
static void
dev_mount(const char *dir, const char *type, unsigned long flags, const char *data)
{
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		msg_errno("mkdir %s", dir);
	else if (mount(type, dir, type, flags, data) < 0)
		msg_errno("mount %s on %s", type, dir);
}

/* Make a symlink unless something is already there. */
static void
dev_link(const char *target, const char *path)
{
	if (symlink(target, path) < 0 && errno != EEXIST)
		msg_errno("symlink %s", path);
}

void
dev_setup(void)
{
	dev_mount("/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
		  "gid=5,mode=620,ptmxmode=0666");
	dev_mount("/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
	dev_link("pts/ptmx", "/dev/ptmx");
	dev_link("/proc/self/fd", "/dev/fd");
	dev_link("/proc/self/fd/0", "/dev/stdin");
	dev_link("/proc/self/fd/1", "/dev/stdout");
	dev_link("/proc/self/fd/2", "/dev/stderr");
}
