#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fileio.h"
#include "msg.h"
#include "system.h"

void
system_hostname(const char *name)
{
	if (sethostname(name, strlen(name)) < 0)
		msg_errno("sethostname %s", name);
}

void
system_loopback(void)
{
	struct ifreq ifr;
	int fd;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		msg_info("no loopback: %s", strerror(errno));
		return;
	}
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		msg_errno("get the flags of lo");
	} else {
		ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			msg_errno("bring lo up");
	}
	close(fd);
}

void
system_release_root(void)
{
	long long deadline = now_ms() + 2000;

	kill(-1, SIGKILL);
	while (waitpid(-1, NULL, WNOHANG) >= 0 && now_ms() < deadline)
		sleep_ms(10);
	sync();
	if (mount(NULL, "/", NULL, MS_REMOUNT | MS_RDONLY, NULL) < 0)
		msg_errno("remount / read-only");
}

void
system_stop(void)
{
	sync();
	/* With on_reboot=destroy and -no-reboot, a reset ends the domain on
	   every kernel, ACPI or not. */
	reboot(RB_AUTOBOOT);
	msg_errno("reboot");
	/* PID 1 exiting panics, which resets the machine (panic=N). */
	exit(EXIT_FAILURE);
}
