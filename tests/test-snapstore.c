#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "snapstore.h"
#include "tap.h"
#include "testfs.h"

static const char state[] = "a saved machine, of an odd length";
static const char klog[] = "[    0.000000] Linux version 6.1\n";

/* Write the snapshot NAME in the scratch directory, of the kernel file
   KERNEL; its path. */
static const char *
write_snapshot_of(const char *name, const char *versions, const char *kernel, char *path, size_t size)
{
	struct snap_writer writer;

	snprintf(path, size, "%s/%s", tmp_dir, name);
	if (snapstore_begin(path, &writer) < 0 || snapstore_write(&writer, state, 5) < 0 ||
	    snapstore_write(&writer, state + 5, sizeof state - 5) < 0 ||
	    snapstore_commit(&writer, klog, strlen(klog), versions, kernel) < 0)
		return NULL;
	return path;
}

/* The same, of a kernel file that is always there. */
static const char *
write_snapshot(const char *name, const char *versions, char *path, size_t size)
{
	return write_snapshot_of(name, versions, "/", path, size);
}

static void
test_hash(void)
{
	struct snap_hash whole, pieces;

	snap_hash_init(&whole);
	snap_hash_update(&whole, state, sizeof state);
	snap_hash_init(&pieces);
	for (size_t i = 0; i < sizeof state; i += 3)
		snap_hash_update(&pieces, state + i, sizeof state - i < 3 ? sizeof state - i : 3);
	tap_ok(snap_hash_final(&whole) == snap_hash_final(&pieces), "the hash is the same, fed whole or in pieces");
	snap_hash_init(&pieces);
	snap_hash_update(&pieces, state, sizeof state - 1);
	snap_hash_update(&pieces, "A", 1);
	tap_ok(snap_hash_final(&whole) != snap_hash_final(&pieces), "one byte changed changes it");
}

static void
test_round_trip(void)
{
	char path[256], buf[sizeof state];
	struct snap_file file;

	tap_ok(write_snapshot("snapshot-0000000000000001", "qemu 7 libvirt 9", path, sizeof path) != NULL,
	       "a snapshot is written");
	tap_ok(snapstore_open(path, "qemu 7 libvirt 9", &file) == 1, "and opens");
	tap_ok(file.state_size == sizeof state && read(file.fd, buf, sizeof buf) == sizeof buf &&
		       !memcmp(buf, state, sizeof state),
	       "its state reads back from the start");
	tap_streq(file.log, klog, "with the kernel log it kept");
	snap_file_close(&file);
	tap_ok(snapstore_open(path, "qemu 8 libvirt 9", &file) < 0 && error_says("is of qemu 7 libvirt 9, not", NULL),
	       "other versions are refused, named");
	truncate(path, 20);
	tap_ok(snapstore_open(path, "qemu 7 libvirt 9", &file) < 0 && error_says("damaged or truncated", NULL),
	       "a truncated one is refused");
	unlink(path);
	snprintf(path, sizeof path, "%s/snapshot-none", tmp_dir);
	tap_ok(snapstore_open(path, "qemu 7 libvirt 9", &file) == 0, "a missing one is none, no error");
}

/* Six snapshots: the cache keeps the four most recently used. */
static void
test_prune(void)
{
	char path[256], name[64];
	struct timespec times[2] = { { 0 }, { 0 } };
	unsigned left = 0;

	for (int i = 0; i < 6; i++) {
		snprintf(name, sizeof name, "snapshot-%016x", 0x100 + i);
		write_snapshot(name, "v", path, sizeof path);
		times[0].tv_sec = times[1].tv_sec = time(NULL) - 600 + i * 60;
		utimensat(AT_FDCWD, path, times, 0);
	}
	snapstore_prune(path);
	for (int i = 0; i < 6; i++) {
		snprintf(path, sizeof path, "%s/snapshot-%016x", tmp_dir, 0x100 + i);
		left += access(path, F_OK) == 0;
	}
	snprintf(path, sizeof path, "%s/snapshot-%016x", tmp_dir, 0x100);
	tap_ok(left == SNAPSHOT_KEEP && access(path, F_OK) < 0, "the cache keeps the %d most recently used (%u)",
	       SNAPSHOT_KEEP, left);
}

/* A snapshot goes with its kernel file. */
static void
test_kernel_gone(void)
{
	char kernel[256], path[256], other[256];
	int fd;

	snprintf(kernel, sizeof kernel, "%s/vmlinuz", tmp_dir);
	fd = open(kernel, O_WRONLY | O_CREAT, 0600);
	close(fd);
	write_snapshot_of("snapshot-0000000000000aaa", "v", kernel, path, sizeof path);
	write_snapshot("snapshot-0000000000000bbb", "v", other, sizeof other);
	snapstore_prune(path);
	tap_ok(access(path, F_OK) == 0, "a snapshot whose kernel is there stays");
	unlink(kernel);
	snapstore_prune(path);
	tap_ok(access(path, F_OK) < 0 && access(other, F_OK) == 0, "once its kernel is gone, it goes, the others stay");
}

int
main(void)
{
	tmp_dir_create("eb-snapstore");
	test_hash();
	test_round_trip();
	test_prune();
	test_kernel_gone();
	tmp_dir_remove();
	return tap_done();
}
