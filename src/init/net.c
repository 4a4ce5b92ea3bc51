#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "contract.h"
#include "fileio.h"
#include "msg.h"
#include "net.h"

#define NET_SYSFS "/sys/class/net"
/* The interface appears once virtio_net has probed the device. */
#define NET_TIMEOUT_MS 5000

/* The name of the interface whose address is EB_NET_MAC, in name[IFNAMSIZ]. */
static bool
net_find(char *name)
{
	return sysfs_find(NET_SYSFS, "address", EB_NET_MAC, name, IFNAMSIZ);
}

/* An IPv4 socket address. */
static struct sockaddr
net_sockaddr(in_addr_t addr)
{
	union {
		struct sockaddr sa;
		struct sockaddr_in in;
	} u = { .in = { .sin_family = AF_INET, .sin_addr = { addr } } };

	return u.sa;
}

/* Give the interface its address and netmask and bring it up. */
static int
net_address(int fd, const char *name)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, name);
	ifr.ifr_addr = net_sockaddr(inet_addr(EB_NET_ADDRESS));
	if (ioctl(fd, SIOCSIFADDR, &ifr) < 0) {
		msg_errno("set the address of %s", name);
		return -1;
	}
	ifr.ifr_netmask = net_sockaddr(htonl(~0U << (32 - EB_NET_PREFIX)));
	if (ioctl(fd, SIOCSIFNETMASK, &ifr) < 0) {
		msg_errno("set the netmask of %s", name);
		return -1;
	}
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		msg_errno("get the flags of %s", name);
		return -1;
	}
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0) {
		msg_errno("bring %s up", name);
		return -1;
	}
	return 0;
}

/* Route everything through the gateway. */
static int
net_default_route(int fd, char *name)
{
	struct rtentry rt;

	memset(&rt, 0, sizeof(rt));
	rt.rt_dst = net_sockaddr(INADDR_ANY);
	rt.rt_genmask = net_sockaddr(INADDR_ANY);
	rt.rt_gateway = net_sockaddr(inet_addr(EB_NET_GATEWAY));
	rt.rt_flags = RTF_UP | RTF_GATEWAY;
	rt.rt_dev = name;
	if (ioctl(fd, SIOCADDRT, &rt) < 0) {
		msg_errno("add the default route via %s", EB_NET_GATEWAY);
		return -1;
	}
	return 0;
}

int
net_setup(void)
{
	long long deadline = now_ms() + NET_TIMEOUT_MS;
	char name[IFNAMSIZ];
	int fd, ret = -1;

	while (!net_find(name)) {
		if (now_ms() > deadline) {
			msg_error("no network interface with address %s", EB_NET_MAC);
			return -1;
		}
		sleep_ms(20);
	}
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		msg_errno("no network");
		return -1;
	}
	if (net_address(fd, name) == 0 && net_default_route(fd, name) == 0) {
		msg_info("%s: %s/%d via %s", name, EB_NET_ADDRESS, EB_NET_PREFIX,
			 EB_NET_GATEWAY);
		ret = 0;
	}
	close(fd);
	return ret;
}
