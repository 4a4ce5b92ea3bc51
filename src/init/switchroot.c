/* The initramfs (rootfs) cannot be pivot_root'ed away: move the new root
   over it and chroot, as busybox switch_root and klibc run-init do.  Unlike
   them this does not empty the initramfs first: the modules are unlinked
   once loaded (modules.c), what is left is init and a few small files, and
   a recursive delete run as root next to a writable mount of the host's /
   is a risk not worth those few hundred kilobytes. */
#include "config.h"

#include <stdio.h>
#include <sys/mount.h>
#include <unistd.h>

#include "msg.h"
#include "switchroot.h"

/* Move the mount at dir to the same place under newroot. */
static int
move_into(const char *newroot, const char *dir)
{
	char target[512];

	snprintf(target, sizeof(target), "%s%s", newroot, dir);
	if (mount(dir, target, NULL, MS_MOVE, NULL) < 0) {
		msg_errno("move %s to %s", dir, target);
		return -1;
	}
	return 0;
}

int
switch_root(const char *newroot)
{
	if (move_into(newroot, "/proc") < 0 || move_into(newroot, "/sys") < 0 ||
	    move_into(newroot, "/dev") < 0)
		return -1;
	if (chdir(newroot) < 0) {
		msg_errno("chdir %s", newroot);
		return -1;
	}
	if (mount(".", "/", NULL, MS_MOVE, NULL) < 0) {
		msg_errno("move %s to /", newroot);
		return -1;
	}
	if (chroot(".") < 0 || chdir("/") < 0) {
		msg_errno("chroot %s", newroot);
		return -1;
	}
	msg_info("switched to the new root");
	return 0;
}
