/* Snapshots of warm runs in the cache, one file each: the machine's saved
   state as QEMU wrote it, the kernel log up to the snapshot point, then a
   trailer that gives their sizes, the state's hash and the versions of
   QEMU and libvirt that wrote it.  Written under a temporary name and
   renamed into place; checked before use. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How many snapshots the cache keeps (the least recently used go first). */
#define SNAPSHOT_KEEP 4
/* Their names in the cache: this, then 16 hex digits of their key. */
#define SNAPSHOT_PREFIX "snapshot-"

/* The file's name of the snapshot at PATH: what its warm spares are matched by. */
const char *snapstore_name(const char *path);

/* Keep the snapshots beside PATH to the SNAPSHOT_KEEP most recently used,
   and remove those whose kernel file is gone. */
void snapstore_prune(const char *path);

/* A hash fed in pieces of any size. */
struct snap_hash {
	uint64_t value;
	unsigned char pending[8];
	size_t pending_len;
};

void snap_hash_init(struct snap_hash *hash);
void snap_hash_update(struct snap_hash *hash, const void *buf, size_t len);
uint64_t snap_hash_final(struct snap_hash *hash);

/* A snapshot being written. */
struct snap_writer {
	char *path;
	char *tmp;
	int fd;
	uint64_t size;
	struct snap_hash hash;
};

/* Start writing the snapshot at PATH; -1 with a message. */
int snapstore_begin(const char *path, struct snap_writer *writer);

/* Append LEN bytes of the saved state. */
int snapstore_write(struct snap_writer *writer, const void *buf, size_t len);

/* Add the kernel log and the trailer (naming VERSIONS and the KERNEL file,
   an absolute path), and rename the file into place. */
int snapstore_commit(struct snap_writer *writer, const char *log, size_t log_len, const char *versions,
		     const char *kernel);

/* Drop a snapshot being written (after a failure, or unfinished). */
void snapstore_abort(struct snap_writer *writer);

/* A snapshot found whole, to restore. */
struct snap_file {
	int fd;               /* at the state's start */
	uint64_t state_size;
	uint64_t state_hash;
	char *log;            /* the kernel log up to the snapshot point (NUL-terminated) */
	size_t log_len;
};

/* Open the snapshot at PATH for VERSIONS: 1 when it is usable, 0 when
   there is none, -1 with a message when it is damaged, truncated or of
   other versions (the caller removes it and boots cold). */
int snapstore_open(const char *path, const char *versions, struct snap_file *file);

void snap_file_close(struct snap_file *file);
