#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/mount.h>
#include <unistd.h>

#include "fileio.h"
#include "msg.h"
#include "sudoers.h"

#define SUDOERS "/etc/sudoers"
#define SUDOERS_RUN_DIR "/run/eudyptula-boot"
#define SUDOERS_RUN SUDOERS_RUN_DIR "/sudoers"

/* Write the guest's sudoers, root-owned and 0440 as sudo insists. */
static int
sudoers_write(const char *name)
{
	char text[512];
	int len, fd;

	len = snprintf(text, sizeof(text),
		       "# Written by eudyptula-boot for this guest only.\n"
		       "root ALL=(ALL:ALL) ALL\n"
		       "%s ALL=(ALL:ALL) NOPASSWD: ALL\n", name);
	if (len < 0 || (size_t)len >= sizeof(text) || mkdir_p(SUDOERS_RUN_DIR, 0755) < 0)
		return -1;
	fd = open(SUDOERS_RUN, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0440);
	if (fd < 0)
		return -1;
	if (write_all(fd, text, (size_t)len) != (size_t)len) {
		close(fd);
		return -1;
	}
	return close(fd);
}

void
sudoers_grant(const struct user *u)
{
	if (!u->set || !u->name || access(SUDOERS, F_OK) < 0)
		return;
	if (sudoers_write(u->name) < 0) {
		msg_errno("write %s", SUDOERS_RUN);
		return;
	}
	if (mount(SUDOERS_RUN, SUDOERS, NULL, MS_BIND, NULL) < 0)
		msg_errno("mount %s on %s: no sudo in the guest", SUDOERS_RUN, SUDOERS);
	else
		msg_info("sudo for %s", u->name);
}
