#include "config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "tap.h"
#include "testfs.h"

/* Make DIR/NAME, last used AGE seconds ago. */
static void
make_entry(const char *name, time_t age)
{
	char path[256];
	struct timespec times[2] = { { .tv_sec = time(NULL) - age }, { .tv_sec = time(NULL) - age } };
	int fd;

	snprintf(path, sizeof path, "%s/%s", tmp_dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0)
		close(fd);
	utimensat(AT_FDCWD, path, times, 0);
}

static bool
exists(const char *name)
{
	char path[256];

	snprintf(path, sizeof path, "%s/%s", tmp_dir, name);
	return access(path, F_OK) == 0;
}

int
main(void)
{
	char name[64], path[256];
	size_t left = 0;

	tmp_dir_create("eb-test-cache");
	/* initramfs-0 is the newest, initramfs-11 the oldest; all idle for hours. */
	for (int i = 0; i < 12; i++) {
		snprintf(name, sizeof name, "initramfs-%d.cpio", i);
		make_entry(name, 7200 + i * 60);
	}
	make_entry("initramfs-busy.cpio", 7200 + 3600); /* old, then used just now: */
	snprintf(path, sizeof path, "%s/initramfs-busy.cpio", tmp_dir);
	cache_touch(path);
	make_entry("other-file", 99999);

	tap_ok(cache_prune(tmp_dir, "initramfs-", 8) == 0, "pruning succeeds");
	for (int i = 0; i < 12; i++) {
		snprintf(name, sizeof name, "initramfs-%d.cpio", i);
		left += exists(name);
	}
	tap_ok(left == 7, "the 8 most recently used stay (7 old ones and the touched one; %zu old left)", left);
	tap_ok(exists("initramfs-0.cpio") && !exists("initramfs-11.cpio"), "the oldest go first");
	tap_ok(exists("initramfs-busy.cpio"), "an entry touched just now stays");
	tap_ok(exists("other-file"), "files without the prefix are left alone");

	for (int i = 0; i < 12; i++) {
		snprintf(name, sizeof name, "initramfs-recent-%d.cpio", i);
		make_entry(name, 60);
	}
	cache_prune(tmp_dir, "initramfs-recent-", 2);
	left = 0;
	for (int i = 0; i < 12; i++) {
		snprintf(name, sizeof name, "initramfs-recent-%d.cpio", i);
		left += exists(name);
	}
	tap_ok(left == 12, "entries used within the hour are never removed (%zu left)", left);
	tap_ok(cache_prune("/nonexistent-eb-dir", "x", 1) < 0, "a missing directory is an error");
	tmp_dir_remove();
	return tap_done();
}
