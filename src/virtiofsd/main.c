/* eudyptula-virtiofsd: QEMU's virtiofsd with every host mount read-only.

   libvirt 9.0 has no read-only virtiofs share, and virtiofsd runs as root,
   so a guest could write the host's root through it.  This program, named
   as the share's virtiofsd binary, enters a mount namespace of its own,
   makes every mount in it read-only, and runs the real virtiofsd there
   with the same arguments: the host kernel refuses the writes, and the
   namespace ends with the process, leaving nothing behind. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

/* A private copy of the host's mounts, all read-only. */
static int
read_only_namespace(void)
{
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };

	if (unshare(CLONE_NEWNS) < 0) {
		perror("eudyptula-virtiofsd: unshare");
		return -1;
	}
	/* Nothing done here may reach the host's namespace. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		perror("eudyptula-virtiofsd: making mounts private");
		return -1;
	}
	if (mount_setattr(AT_FDCWD, "/", AT_RECURSIVE, &attr, sizeof attr) < 0) {
		perror("eudyptula-virtiofsd: making mounts read-only");
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	(void)argc;
	if (read_only_namespace() < 0)
		return 1;
	argv[0] = (char *)VIRTIOFSD_PATH;
	execv(VIRTIOFSD_PATH, argv);
	fprintf(stderr, "eudyptula-virtiofsd: %s: %s\n", VIRTIOFSD_PATH, strerror(errno));
	return 1;
}
