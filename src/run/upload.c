#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "connection.h"
#include "error.h"
#include "fdio.h"
#include "interrupt.h"
#include "snapstore.h"
#include "sysio.h"
#include "upload.h"
#include "util.h"
#include "xalloc.h"

#define CHUNK (256 * 1024)
#define PART_SUFFIX ".part"

/* An upload cut short is removed by the next run after this long. */
#define PART_STALE_S 3600

static virStoragePoolPtr
define_pool(virConnectPtr conn)
{
	static const char xml[] = "<pool type='dir'><name>" UPLOAD_POOL "</name><target><path>" UPLOAD_POOL_PATH
				  "</path><permissions><mode>0755</mode></permissions></target></pool>";
	virStoragePoolPtr pool = virStoragePoolDefineXML(conn, xml, 0);

	/* Another run may have defined it meanwhile. */
	if (!pool)
		return virStoragePoolLookupByName(conn, UPLOAD_POOL);
	if (virStoragePoolBuild(pool, 0) < 0) {
		virStoragePoolUndefine(pool);
		virStoragePoolFree(pool);
		return NULL;
	}
	virStoragePoolSetAutostart(pool, 1);
	return pool;
}

/* Start POOL, building it first when its directory is not there. */
static int
start_pool(virStoragePoolPtr pool)
{
	if (virStoragePoolCreate(pool, 0) == 0)
		return 0;
	/* Another run may have started it meanwhile. */
	if (virStoragePoolIsActive(pool) == 1)
		return 0;
	if (virStoragePoolBuild(pool, 0) == 0 && virStoragePoolCreate(pool, 0) == 0)
		return 0;
	return err_set("cannot start the storage pool %s: %s", virStoragePoolGetName(pool), connection_last_error());
}

virStoragePoolPtr
upload_pool(virConnectPtr conn, const char *name, bool system)
{
	virStoragePoolPtr pool = virStoragePoolLookupByName(conn, name ? name : UPLOAD_POOL);

	if (!pool && name)
		return err_set("no storage pool %s there: %s (name another with --pool)", name, connection_last_error()),
		       NULL;
	if (!pool && !system)
		return err_set("no storage pool " UPLOAD_POOL " there, and a session daemon's has no place the tool knows: "
			       "make one (virsh pool-define-as NAME dir --target DIR; virsh pool-start NAME) and give --pool=NAME"),
		       NULL;
	if (!pool && !(pool = define_pool(conn)))
		return err_set("cannot define the storage pool " UPLOAD_POOL " at " UPLOAD_POOL_PATH ": %s",
			       connection_last_error()),
		       NULL;
	if (virStoragePoolIsActive(pool) == 1 || start_pool(pool) == 0)
		return pool;
	virStoragePoolFree(pool);
	return NULL;
}

/* 16 hex digits of FD's content, read to its end. */
static int
content_key(int fd, char key[17])
{
	struct snap_hash hash;
	cleanup_free char *buf = xmalloc(CHUNK);
	ssize_t n;

	snap_hash_init(&hash);
	while ((n = read(fd, buf, CHUNK)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		snap_hash_update(&hash, buf, (size_t)n);
	}
	snprintf(key, 17, "%016" PRIx64, snap_hash_final(&hash));
	return lseek(fd, 0, SEEK_SET) == 0 ? 0 : -1;
}

/* A raw volume NAME of SIZE bytes that anyone there may read. */
static char *
volume_xml(const char *name, uint64_t size)
{
	return xasprintf("<volume><name>%s</name><capacity unit='bytes'>%" PRIu64 "</capacity>"
			 "<target><format type='raw'/><permissions><mode>0644</mode></permissions></target></volume>",
			 name, size);
}

/* Send FD's SIZE bytes into STREAM; stopped by a signal, it is aborted. */
static int
send_all(virStreamPtr stream, int fd, uint64_t size)
{
	cleanup_free char *buf = xmalloc(CHUNK);
	uint64_t done = 0;

	while (done < size) {
		ssize_t n = read(fd, buf, CHUNK);

		if (n < 0 && errno == EINTR)
			continue;
		if (interrupt_pending())
			return err_set("interrupted");
		if (n <= 0)
			return err_sys("cannot read the file to upload");
		for (ssize_t off = 0; off < n;) {
			int sent = virStreamSend(stream, buf + off, (size_t)(n - off));

			if (sent < 0)
				return err_set("the upload failed: %s", connection_last_error());
			off += sent;
		}
		done += (uint64_t)n;
	}
	return 0;
}

/* Upload FD (SIZE bytes) into the volume NAME on POOL: into NAME.part
   first, which becomes NAME, copied there, once it is whole. */
static virStorageVolPtr
upload_volume(virStoragePoolPtr pool, const char *name, int fd, uint64_t size)
{
	cleanup_free char *part_name = xasprintf("%s" PART_SUFFIX, name);
	cleanup_free char *part_xml = volume_xml(part_name, size), *final_xml = volume_xml(name, size);
	virConnectPtr conn = virStoragePoolGetConnect(pool);
	virStorageVolPtr part = virStorageVolLookupByName(pool, part_name), vol = NULL;
	virStreamPtr stream = NULL;

	/* What an upload cut short left. */
	if (part) {
		virStorageVolDelete(part, 0);
		virStorageVolFree(part);
	}
	part = virStorageVolCreateXML(pool, part_xml, 0);
	if (!part)
		return err_set("cannot make the volume %s: %s", part_name, connection_last_error()), NULL;
	stream = virStreamNew(conn, 0);
	if (!stream || virStorageVolUpload(part, stream, 0, size, 0) < 0)
		err_set("cannot upload to %s: %s", part_name, connection_last_error());
	else if (send_all(stream, fd, size) < 0)
		virStreamAbort(stream);
	else if (virStreamFinish(stream) < 0)
		err_set("the upload of %s failed: %s", name, connection_last_error());
	else if (!(vol = virStorageVolCreateXMLFrom(pool, final_xml, part, 0)))
		err_set("cannot make the volume %s: %s", name, connection_last_error());
	if (stream)
		virStreamFree(stream);
	virStorageVolDelete(part, 0);
	virStorageVolFree(part);
	return vol;
}

char *
upload_file(virStoragePoolPtr pool, const char *path, const char *role, struct upload_stats *stats)
{
	cleanup_fd int fd = fd_open_regular(path);
	struct stat st;
	char key[17];
	cleanup_free char *name = NULL;
	virStorageVolPtr vol;
	long long start = now_ms();
	char *where;

	if (fd < 0 || fstat(fd, &st) < 0 || content_key(fd, key) < 0)
		return err_sys("cannot read %s", path), NULL;
	name = xasprintf(UPLOAD_PREFIX "%s-%s", role, key);
	vol = virStorageVolLookupByName(pool, name);
	if (vol) {
		stats->kept++;
	} else if ((vol = upload_volume(pool, name, fd, (uint64_t)st.st_size))) {
		stats->sent++;
		stats->bytes += (uint64_t)st.st_size;
		stats->ms += now_ms() - start;
	} else {
		return NULL;
	}
	where = virStorageVolGetPath(vol);
	if (!where)
		err_set("cannot find the volume %s: %s", name, connection_last_error());
	virStorageVolFree(vol);
	return where;
}

/* When VOL was last used, as far as that host's file times tell. */
static double
last_used(virStorageVolPtr vol)
{
	cleanup_free char *xml = virStorageVolGetXMLDesc(vol, 0);
	double atime = 0, mtime = 0;
	const char *p;

	if (xml && (p = strstr(xml, "<atime>")))
		atime = strtod(p + strlen("<atime>"), NULL);
	if (xml && (p = strstr(xml, "<mtime>")))
		mtime = strtod(p + strlen("<mtime>"), NULL);
	return atime > mtime ? atime : mtime;
}

struct used_volume {
	virStorageVolPtr vol;
	double used;
};

static int
most_recent_first(const void *a, const void *b)
{
	const struct used_volume *x = a, *y = b;

	return (x->used < y->used) - (x->used > y->used);
}

void
upload_prune(virStoragePoolPtr pool)
{
	virStorageVolPtr *vols = NULL;
	int count = virStoragePoolListAllVolumes(pool, &vols, 0);
	struct used_volume *ours = xcalloc(count > 0 ? (size_t)count : 1, sizeof *ours);
	size_t n = 0;

	for (int i = 0; i < count; i++) {
		const char *name = virStorageVolGetName(vols[i]);
		double used = last_used(vols[i]);

		if (strncmp(name, UPLOAD_PREFIX, strlen(UPLOAD_PREFIX)) != 0) {
			virStorageVolFree(vols[i]);
		} else if (strstr(name, PART_SUFFIX)) {
			if (used < (double)(time(NULL) - PART_STALE_S))
				virStorageVolDelete(vols[i], 0);
			virStorageVolFree(vols[i]);
		} else {
			ours[n++] = (struct used_volume){ vols[i], used };
		}
	}
	qsort(ours, n, sizeof *ours, most_recent_first);
	for (size_t i = 0; i < n; i++) {
		if (i >= UPLOAD_KEEP)
			virStorageVolDelete(ours[i].vol, 0);
		virStorageVolFree(ours[i].vol);
	}
	free(ours);
	free(vols);
}

bool
upload_host_has(virConnectPtr conn, const char *dir, const char *file, uint64_t size)
{
	unsigned char id[4] = { 0 };
	cleanup_free char *xml = NULL, *name = NULL;
	virStoragePoolPtr pool;
	virStorageVolPtr vol;
	virStorageVolInfo info;
	bool has = false;

	if (getentropy(id, sizeof id) < 0)
		memset(id, 0, sizeof id);
	name = xasprintf(UPLOAD_PREFIX "probe-%02x%02x%02x%02x", id[0], id[1], id[2], id[3]);
	xml = xasprintf("<pool type='dir'><name>%s</name><target><path>%s</path></target></pool>", name, dir);
	/* A transient pool: starting it only reads the directory; it is gone once destroyed. */
	pool = virStoragePoolCreateXML(conn, xml, 0);
	if (!pool)
		return false;
	vol = virStorageVolLookupByName(pool, file);
	if (vol && virStorageVolGetInfo(vol, &info) == 0)
		has = info.capacity == size;
	if (vol)
		virStorageVolFree(vol);
	virStoragePoolDestroy(pool);
	virStoragePoolFree(pool);
	return has;
}

/* Write what STREAM gives into FD until its end. */
static int
receive_all(virStreamPtr stream, int fd)
{
	cleanup_free char *buf = xmalloc(CHUNK);
	int n;

	while ((n = virStreamRecv(stream, buf, CHUNK)) > 0)
		if (write_all(fd, buf, (size_t)n) != (size_t)n)
			return err_sys("cannot write what came from the host");
	if (n < 0)
		return err_set("the download failed: %s", connection_last_error());
	return virStreamFinish(stream) == 0 ? 0 : err_set("the download failed: %s", connection_last_error());
}

int
upload_fetch(virStoragePoolPtr pool, const char *name, const char *path)
{
	virStorageVolPtr vol;
	virStreamPtr stream;
	cleanup_fd int fd = -1;
	int rc = -1;

	/* The files QEMU wrote there are volumes once the pool looks again. */
	virStoragePoolRefresh(pool, 0);
	vol = virStorageVolLookupByName(pool, name);
	if (!vol)
		return 0;
	stream = virStreamNew(virStoragePoolGetConnect(pool), 0);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		err_sys("cannot write %s", path);
	else if (!stream || virStorageVolDownload(vol, stream, 0, 0, 0) < 0)
		err_set("cannot download %s: %s", name, connection_last_error());
	else if (receive_all(stream, fd) == 0)
		rc = 1;
	if (stream)
		virStreamFree(stream);
	if (rc > 0)
		virStorageVolDelete(vol, 0);
	virStorageVolFree(vol);
	return rc;
}
