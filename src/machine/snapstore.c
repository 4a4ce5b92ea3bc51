#include "config.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "error.h"
#include "snapstore.h"
#include "sysio.h"
#include "util.h"
#include "xalloc.h"

#define SNAP_MAGIC "eudyptula-boot snapshot 1"
/* The trailer's text, then its length as 8 decimal digits and a newline. */
#define TRAILER_MAX 4800
#define TRAILER_LEN_DIGITS 9

/* FNV-1a over 64-bit words: eight times faster than over bytes, enough
   to tell a damaged file. */
static void
hash_word(struct snap_hash *hash, const unsigned char *bytes)
{
	uint64_t word;

	memcpy(&word, bytes, sizeof word);
	hash->value ^= word;
	hash->value *= 0x100000001b3ULL;
}

void
snap_hash_init(struct snap_hash *hash)
{
	memset(hash, 0, sizeof *hash);
	hash->value = 0xcbf29ce484222325ULL;
}

void
snap_hash_update(struct snap_hash *hash, const void *buf, size_t len)
{
	const unsigned char *bytes = buf;

	while (len > 0 && (hash->pending_len > 0 || len < 8)) {
		hash->pending[hash->pending_len++] = *bytes++;
		len--;
		if (hash->pending_len == 8) {
			hash_word(hash, hash->pending);
			hash->pending_len = 0;
		}
	}
	for (; len >= 8; bytes += 8, len -= 8)
		hash_word(hash, bytes);
	while (len-- > 0)
		hash->pending[hash->pending_len++] = *bytes++;
}

uint64_t
snap_hash_final(struct snap_hash *hash)
{
	if (hash->pending_len > 0) {
		memset(hash->pending + hash->pending_len, 0, 8 - hash->pending_len);
		hash_word(hash, hash->pending);
		hash->value ^= hash->pending_len;
		hash->pending_len = 0;
	}
	return hash->value;
}

int
snapstore_begin(const char *path, struct snap_writer *writer)
{
	memset(writer, 0, sizeof *writer);
	writer->path = xstrdup(path);
	writer->tmp = xasprintf("%s.XXXXXX", path);
	writer->fd = mkstemp(writer->tmp);
	snap_hash_init(&writer->hash);
	if (writer->fd < 0) {
		err_sys("cannot create %s", writer->tmp);
		snapstore_abort(writer);
		return -1;
	}
	return 0;
}

int
snapstore_write(struct snap_writer *writer, const void *buf, size_t len)
{
	if (write_all(writer->fd, buf, len) < len)
		return err_sys("cannot write %s", writer->tmp);
	snap_hash_update(&writer->hash, buf, len);
	writer->size += len;
	return 0;
}

struct snap_entry {
	char *path;
	time_t used;
};

static int
most_recent_first(const void *a, const void *b)
{
	const struct snap_entry *x = a, *y = b;

	return (x->used < y->used) - (x->used > y->used);
}

/* Whether NAME is a snapshot ("snapshot-" and 16 hex digits); one being
   written has a suffix. */
static bool
snapshot_name(const char *name, bool *writing)
{
	size_t len = strlen(name);

	if (strncmp(name, SNAPSHOT_PREFIX, strlen(SNAPSHOT_PREFIX)) != 0 || len < strlen(SNAPSHOT_PREFIX) + 16)
		return false;
	*writing = len > strlen(SNAPSHOT_PREFIX) + 16;
	return true;
}

/* Read the trailer of the file at FD of SIZE bytes into TRAILER; its length, or -1. */
static int
read_trailer(int fd, off_t size, char trailer[TRAILER_MAX])
{
	char digits[TRAILER_LEN_DIGITS + 1] = "";
	long len;

	if (size < TRAILER_LEN_DIGITS ||
	    pread(fd, digits, TRAILER_LEN_DIGITS, size - TRAILER_LEN_DIGITS) != TRAILER_LEN_DIGITS)
		return -1;
	len = strtol(digits, NULL, 10);
	if (len <= 0 || len >= TRAILER_MAX || len > size - TRAILER_LEN_DIGITS ||
	    pread(fd, trailer, (size_t)len, size - TRAILER_LEN_DIGITS - len) != len)
		return -1;
	trailer[len] = '\0';
	return (int)len;
}

/* Whether the kernel the snapshot at PATH was taken of is no more. */
static bool
kernel_gone(const char *path, off_t size)
{
	cleanup_fd int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	char trailer[TRAILER_MAX];
	char *kernel, *end;

	if (fd < 0 || read_trailer(fd, size, trailer) < 0 || !(kernel = strstr(trailer, "\nkernel /")))
		return false;
	kernel += strlen("\nkernel ");
	end = strchr(kernel, '\n');
	if (end)
		*end = '\0';
	return access(kernel, F_OK) < 0 && errno == ENOENT;
}

/* Keep DIR's snapshots to the SNAPSHOT_KEEP most recently used (a run
   restoring one holds it open: removing it is safe), remove those whose
   kernel is gone, and what an interrupted save left there over an hour ago. */
static void
prune(const char *dir)
{
	DIR *d = opendir(dir);
	struct snap_entry entries[64];
	size_t count = 0;
	struct dirent *e;
	struct stat st;
	bool writing;

	while (d && (e = readdir(d)) && count < ARRAY_SIZE(entries)) {
		cleanup_free char *path = xasprintf("%s/%s", dir, e->d_name);

		if (!snapshot_name(e->d_name, &writing) || lstat(path, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		if ((writing && st.st_mtime < time(NULL) - 3600) || (!writing && kernel_gone(path, st.st_size)))
			unlink(path);
		else if (!writing)
			entries[count++] = (struct snap_entry){ steal_pointer(&path), st.st_mtime };
	}
	if (d)
		closedir(d);
	qsort(entries, count, sizeof entries[0], most_recent_first);
	for (size_t i = 0; i < count; i++) {
		if (i >= SNAPSHOT_KEEP)
			unlink(entries[i].path);
		free(entries[i].path);
	}
}

const char *
snapstore_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

void
snapstore_prune(const char *path)
{
	cleanup_free char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');

	if (slash) {
		*slash = '\0';
		prune(dir);
	}
}

int
snapstore_commit(struct snap_writer *writer, const char *log, size_t log_len, const char *versions,
		 const char *kernel)
{
	char trailer[TRAILER_MAX];
	int len = snprintf(trailer, sizeof trailer,
			   "%s\nstate %" PRIu64 " %016" PRIx64 "\nlog %zu\nversions %s\nkernel %s\n", SNAP_MAGIC,
			   writer->size, snap_hash_final(&writer->hash), log_len, versions, kernel);

	if (len < 0 || len + TRAILER_LEN_DIGITS >= (int)sizeof trailer)
		return err_set("snapshot: versions or kernel path too long");
	snprintf(trailer + len, sizeof trailer - len, "%08d\n", len);
	len += TRAILER_LEN_DIGITS;
	/* No fsync: a snapshot lost or damaged in a crash is detected and taken again. */
	if (write_all(writer->fd, log, log_len) < log_len || write_all(writer->fd, trailer, len) < (size_t)len ||
	    fchmod(writer->fd, 0600) < 0 || rename(writer->tmp, writer->path) < 0)
		return err_sys("cannot write the snapshot %s", writer->path);
	free(steal_pointer(&writer->tmp));
	snapstore_prune(writer->path);
	snapstore_abort(writer);
	return 0;
}

void
snapstore_abort(struct snap_writer *writer)
{
	if (writer->fd >= 0)
		close(writer->fd);
	if (writer->tmp)
		unlink(writer->tmp);
	free(writer->tmp);
	free(writer->path);
	memset(writer, 0, sizeof *writer);
	writer->fd = -1;
}

/* Fill FILE from the trailer; -1 with a message when it does not add up. */
static int
parse_trailer(const char *path, int fd, off_t size, const char *versions, struct snap_file *file)
{
	char trailer[TRAILER_MAX], written[TRAILER_MAX] = "";
	int len = read_trailer(fd, size, trailer);

	if (len < 0 || strncmp(trailer, SNAP_MAGIC "\n", strlen(SNAP_MAGIC) + 1) != 0 ||
	    sscanf(trailer + strlen(SNAP_MAGIC), " state %" SCNu64 " %" SCNx64 " log %zu versions %[^\n] kernel",
		   &file->state_size, &file->state_hash, &file->log_len, written) != 4 || !strstr(trailer, "\nkernel "))
		return err_set("the snapshot %s is damaged or truncated", path);
	if ((uint64_t)size != file->state_size + file->log_len + (uint64_t)len + TRAILER_LEN_DIGITS)
		return err_set("the snapshot %s is truncated", path);
	if (strcmp(written, versions) != 0)
		return err_set("the snapshot %s is of %s, not %s", path, written, versions);
	return 0;
}

int
snapstore_open(const char *path, const char *versions, struct snap_file *file)
{
	struct stat st;

	memset(file, 0, sizeof *file);
	file->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (file->fd < 0)
		return errno == ENOENT ? 0 : err_sys("cannot open the snapshot %s", path);
	if (fstat(file->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snap_file_close(file);
		return err_set("the snapshot %s is not a regular file", path);
	}
	if (parse_trailer(path, file->fd, st.st_size, versions, file) < 0) {
		snap_file_close(file);
		return -1;
	}
	file->log = xmalloc(file->log_len + 1);
	if (pread(file->fd, file->log, file->log_len, (off_t)file->state_size) != (ssize_t)file->log_len) {
		snap_file_close(file);
		return err_set("the snapshot %s is truncated", path);
	}
	file->log[file->log_len] = '\0';
	cache_touch(path);
	return 1;
}

void
snap_file_close(struct snap_file *file)
{
	if (file->fd >= 0)
		close(file->fd);
	free(file->log);
	memset(file, 0, sizeof *file);
	file->fd = -1;
}
