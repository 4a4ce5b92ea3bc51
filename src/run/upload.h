/* The files a domain on another host needs, as volumes of a storage pool
   there: uploaded through a libvirt stream once, named by their content,
   so that a repeat run uploads nothing. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <libvirt/libvirt.h>

/* The pool the tool defines on demand on a system daemon. */
#define UPLOAD_POOL "eudyptula-boot"
#define UPLOAD_POOL_PATH "/var/lib/libvirt/eudyptula-boot"

/* Its volumes: this, the file's role, and 16 hex digits of its content. */
#define UPLOAD_PREFIX "eudyptula-"

/* How many of its volumes a pool keeps (the least recently used go first). */
#define UPLOAD_KEEP 16

/* What the uploads of a run took. */
struct upload_stats {
	uint64_t bytes;   /* sent */
	long long ms;     /* sending */
	unsigned sent;    /* files uploaded */
	unsigned kept;    /* files already there */
};

/* The pool NAME on CONN, started; NULL: the tool's own, defined, built and
   started when it is not there (on a system daemon only).  NULL with a message. */
virStoragePoolPtr upload_pool(virConnectPtr conn, const char *name, bool system);

/* The volume on POOL holding the local file PATH, a ROLE ("kernel",
   "initrd"), uploaded unless a volume of that content is there: its path
   on that host (allocated); NULL with a message (an interrupted or failed
   upload leaves no volume of that name). */
char *upload_file(virStoragePoolPtr pool, const char *path, const char *role, struct upload_stats *stats);

/* Keep POOL's volumes of this tool to the UPLOAD_KEEP most recently used,
   and remove what an interrupted upload left. */
void upload_prune(virStoragePoolPtr pool);

/* Whether the host behind CONN has FILE of SIZE bytes in its directory
   DIR, as a transient storage pool over DIR shows it (false also when
   libvirt cannot tell). */
bool upload_host_has(virConnectPtr conn, const char *dir, const char *file, uint64_t size);

/* Download the volume NAME of POOL (a file written there, once the pool
   is refreshed) into PATH, then remove it there: 1 done, 0 when there is
   no such volume, -1 with a message. */
int upload_fetch(virStoragePoolPtr pool, const char *name, const char *path);
