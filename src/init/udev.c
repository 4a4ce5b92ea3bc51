#include "config.h"

#include <stddef.h>
#include <unistd.h>

#include "msg.h"
#include "spawn.h"
#include "udev.h"

/* The first udevd this root has. */
static const char *
udev_daemon(void)
{
	static const char *const daemons[] = {
		"/lib/systemd/systemd-udevd",
		"/usr/lib/systemd/systemd-udevd",
		"/sbin/udevd",
		"/usr/sbin/udevd",
	};
	size_t i;

	for (i = 0; i < sizeof(daemons) / sizeof(daemons[0]); i++)
		if (access(daemons[i], X_OK) == 0)
			return daemons[i];
	return NULL;
}

/* Run argv on init's console and wait; its status, told when not 0. */
static int
udev_run(char *const *argv, char *const *env)
{
	struct spawn s = { .file = argv[0], .argv = argv, .env = env,
			   .fds = { -1, -1, -1 } };
	int status;

	status = spawn_wait(&s);
	if (status != 0)
		msg_error("%s %s: status %d", argv[0], argv[1], status);
	return status;
}

void
udev_start(char *const *env)
{
	const char *daemon = udev_daemon();
	char *daemon_argv[] = { (char *)daemon, (char *)"--daemon", NULL };
	char *trigger_subsystems[] = { (char *)"udevadm", (char *)"trigger",
		(char *)"--type=subsystems", (char *)"--action=add", NULL };
	char *trigger_devices[] = { (char *)"udevadm", (char *)"trigger",
		(char *)"--type=devices", (char *)"--action=add", NULL };
	char *settle[] = { (char *)"udevadm", (char *)"settle", NULL };

	if (!daemon) {
		msg_error("udev: no udevd found");
		return;
	}
	if (udev_run(daemon_argv, env) != 0)
		return;
	udev_run(trigger_subsystems, env);
	udev_run(trigger_devices, env);
	udev_run(settle, env);
	msg_info("udev started");
}
