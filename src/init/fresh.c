#include "config.h"

#include <fcntl.h>
#include <linux/random.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "fresh.h"
#include "msg.h"

#define SEED_MAX 64

/* The host's "SECONDS.NANOSECONDS" as the clock. */
static void
set_clock(const char *value)
{
	struct timespec now = { 0 };
	char *end;

	now.tv_sec = strtoll(value, &end, 10);
	if (*end == '.')
		now.tv_nsec = strtol(end + 1, &end, 10);
	if (*end || now.tv_nsec < 0 || now.tv_nsec > 999999999) {
		msg_error("run.conf: bad clock \"%.40s\"", value);
		return;
	}
	if (clock_settime(CLOCK_REALTIME, &now) < 0)
		msg_errno("set the clock");
}

/* Hex digits into bytes; how many, or 0 when they are not hex. */
static size_t
unhex(const char *hex, unsigned char *out, size_t max)
{
	size_t n = 0;
	unsigned byte;

	for (; hex[0] && hex[1] && n < max; hex += 2) {
		if (sscanf(hex, "%2x", &byte) != 1)
			return 0;
		out[n++] = (unsigned char)byte;
	}
	return n;
}

/* Credit the host's bytes to the pool, then make the generator reseed now
   rather than at its next interval. */
static void
reseed(const char *hex)
{
	union {
		struct rand_pool_info info;
		unsigned char raw[sizeof(struct rand_pool_info) + SEED_MAX];
	} pool;
	size_t n = unhex(hex, pool.raw + sizeof pool.info, SEED_MAX);
	int fd;

	if (!n) {
		msg_error("run.conf: bad seed");
		return;
	}
	pool.info.entropy_count = (int)(n * 8);
	pool.info.buf_size = (int)n;
	fd = open("/dev/urandom", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || ioctl(fd, RNDADDENTROPY, &pool.info) < 0 || ioctl(fd, RNDRESEEDCRNG) < 0)
		msg_errno("reseed the random number generator");
	if (fd >= 0)
		close(fd);
}

void
fresh_apply(const struct conf *conf)
{
	if (conf->clock)
		set_clock(conf->clock);
	if (conf->seed)
		reseed(conf->seed);
}
