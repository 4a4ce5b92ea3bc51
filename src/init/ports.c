#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "contract.h"
#include "fileio.h"
#include "msg.h"
#include "ports.h"

#define PORTS_SYSFS "/sys/class/virtio-ports"
/* Ports appear after the driver has talked with the device: wait for them. */
#define PORTS_TIMEOUT_MS 10000

struct port_want {
	const char *name;
	int flags;
	int *fd;
};

/* The /sys/class/virtio-ports entry whose name is name, as /dev/ENTRY in dev[]. */
static bool
port_find(const char *name, char *dev, size_t size)
{
	char entry[256];

	if (!sysfs_find(PORTS_SYSFS, "name", name, entry, sizeof(entry)))
		return false;
	snprintf(dev, size, "/dev/%s", entry);
	return true;
}

/* Try to open one wanted port; true once it is open. */
static bool
port_try_open(const struct port_want *want)
{
	char dev[300];

	if (*want->fd >= 0)
		return true;
	if (!port_find(want->name, dev, sizeof(dev)))
		return false;
	*want->fd = open(dev, want->flags | O_CLOEXEC | O_NOCTTY);
	if (*want->fd < 0 && errno != ENOENT)
		msg_errno("open %s (%s)", dev, want->name);
	return *want->fd >= 0;
}

int
ports_open(struct ports *ports, bool streams, bool with_stdin)
{
	const struct port_want all[] = {
		{ EB_PORT_CONTROL, O_RDWR, &ports->control },
		{ EB_PORT_STDOUT, O_WRONLY, &ports->out },
		{ EB_PORT_STDERR, O_WRONLY, &ports->err },
		{ EB_PORT_STDIN, O_RDONLY, &ports->in },
	};
	const struct port_want *wants = all;
	size_t i, count = streams ? (with_stdin ? 4 : 3) : 1, open_count = 0;
	long long deadline = now_ms() + PORTS_TIMEOUT_MS;

	for (;;) {
		for (i = 0, open_count = 0; i < count; i++)
			open_count += port_try_open(&wants[i]);
		if (open_count == count || now_ms() > deadline)
			break;
		sleep_ms(10);
	}
	for (i = 0; i < count; i++)
		if (*wants[i].fd < 0)
			msg_error("virtio port %s not found", wants[i].name);
		else
			msg_info("opened port %s", wants[i].name);
	return open_count == count ? 0 : -1;
}
