#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "cache.h"
#include "contract.h"
#include "error.h"
#include "fdio.h"
#include "initramfs.h"
#include "log.h"
#include "moddir.h"
#include "paths.h"
#include "strv.h"
#include "sysio.h"
#include "util.h"
#include "xalloc.h"

struct base_inputs {
	const char *init_path;
	char **modules;  /* .ko paths in load order */
};

/* Read a whole regular file of the host; allocated. */
static unsigned char *
read_file(const char *path, size_t *size)
{
	unsigned char *data = (unsigned char *)file_read(path, size);

	if (!data && errno == EINVAL)
		err_set("cannot read %s: not a regular file", path);
	else if (!data)
		err_sys("cannot read %s", path);
	return data;
}

/* libarchive's message for AR, with the system's reason when it has one
   ("Write error" alone does not say the disk is full). */
static const char *
archive_why(struct archive *ar)
{
	static char why[256];
	int errnum = archive_errno(ar);

	if (errnum > 0)
		snprintf(why, sizeof why, "%s: %s", archive_error_string(ar), strerror(errnum));
	else
		snprintf(why, sizeof why, "%s", archive_error_string(ar));
	return why;
}

/* Add one entry to the archive: a directory, a file with DATA, or a device. */
static int
add_entry(struct archive *ar, const char *name, mode_t mode, const void *data, size_t size, dev_t rdev)
{
	struct archive_entry *entry = archive_entry_new();
	int rc = 0;

	archive_entry_set_pathname(entry, name);
	archive_entry_set_mode(entry, mode);
	archive_entry_set_size(entry, (la_int64_t)size);
	archive_entry_set_rdev(entry, rdev);
	archive_entry_set_nlink(entry, S_ISDIR(mode) ? 2 : 1);
	if (archive_write_header(ar, entry) != ARCHIVE_OK ||
	    (size && archive_write_data(ar, data, size) != (la_ssize_t)size))
		rc = err_set("cannot write the initramfs entry %s: %s", name, archive_why(ar));
	archive_entry_free(entry);
	return rc;
}

/* Add a file read from the host. */
static int
add_host_file(struct archive *ar, const char *name, const char *path, mode_t mode, int decompress)
{
	cleanup_free unsigned char *data = NULL;
	size_t size = 0;

	data = decompress ? moddir_read_module(path, &size) : read_file(path, &size);
	if (!data)
		return -1;
	return add_entry(ar, name, S_IFREG | mode, data, size, 0);
}

/* A newc archive writing to FD, with no block padding. */
static struct archive *
archive_open_fd(int fd)
{
	struct archive *ar = xnonnull(archive_write_new());

	if (archive_write_set_format_cpio_newc(ar) != ARCHIVE_OK ||
	    archive_write_set_bytes_per_block(ar, 0) != ARCHIVE_OK ||
	    archive_write_open_fd(ar, fd) != ARCHIVE_OK) {
		err_set("cannot start the initramfs: %s", archive_error_string(ar));
		archive_write_free(ar);
		return NULL;
	}
	return ar;
}

/* Finish and free AR. */
static int
archive_finish(struct archive *ar)
{
	int rc = archive_write_close(ar) == ARCHIVE_OK ? 0 : err_set("cannot finish the initramfs: %s", archive_why(ar));

	archive_write_free(ar);
	return rc;
}

/* The module file's name as stored in the initramfs. */
static const char *
module_file_name(const char *path, char *buf, size_t size)
{
	const char *base = strrchr(path, '/');
	char *ext;

	snprintf(buf, size, "%s", base ? base + 1 : path);
	ext = strstr(buf, ".ko");
	if (ext)
		strcpy(ext, ".ko");
	return buf;
}

/* The module entries and their load-order list. */
static int
add_modules(struct archive *ar, char *const *modules)
{
	cleanup_free char *list = xcalloc(1, 1);
	size_t list_len = 0;
	char file[256], name[512];

	for (size_t i = 0; modules && modules[i]; i++) {
		module_file_name(modules[i], file, sizeof file);
		snprintf(name, sizeof name, "%s/%s", EB_MODULES_DIR + 1, file);
		if (add_host_file(ar, name, modules[i], 0644, 1) < 0)
			return -1;
		list = xrealloc(list, list_len + strlen(file) + 2);
		list_len += (size_t)sprintf(list + list_len, "%s\n", file);
	}
	return add_entry(ar, EB_MODULES_LIST + 1, S_IFREG | 0644, list, list_len, 0);
}

/* Write the base archive: skeleton, init and modules. */
static int
write_base(int fd, void *ctx)
{
	const struct base_inputs *inputs = ctx;
	static const char *const dirs[] = { "dev", "proc", "sys", "mnt", "eudyptula-boot", "eudyptula-boot/modules" };
	struct archive *ar = archive_open_fd(fd);
	int rc = -1;

	if (!ar)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
		if (add_entry(ar, dirs[i], S_IFDIR | 0755, NULL, 0, 0) < 0)
			goto out;
	if (add_entry(ar, "dev/console", S_IFCHR | 0600, NULL, 0, makedev(5, 1)) < 0 ||
	    add_host_file(ar, "init", inputs->init_path, 0755, 0) < 0 ||
	    add_modules(ar, inputs->modules) < 0)
		goto out;
	rc = 0;
out:
	return archive_finish(ar) < 0 ? -1 : rc;
}

/* The base archive's cache path, keyed by kernel, modules and init. */
static char *
base_cache_path(const struct inspection *inspection, const struct base_inputs *inputs)
{
	cleanup_free char *dir = cache_dir();
	cleanup_free char *key = NULL;
	char hex[17];

	if (!dir || cache_key_add_file(&key, inspection->image.path) < 0 || cache_key_add_file(&key, inputs->init_path) < 0)
		return NULL;
	for (size_t i = 0; inputs->modules && inputs->modules[i]; i++)
		if (cache_key_add_file(&key, inputs->modules[i]) < 0)
			return NULL;
	cache_key_hex(key, hex);
	return xasprintf("%s/initramfs-%s-%s.cpio", dir, inspection->image.version, hex);
}

/* Drop old base archives (and temporaries of crashed writers) from the
   directory of BASE_PATH. */
static int
prune_bases(const char *base_path)
{
	cleanup_free char *dir = xstrdup(base_path);

	/* BASE_PATH is the cache directory's file. */
	*strrchr(dir, '/') = '\0';
	return cache_prune(dir, "initramfs-", CACHE_KEEP);
}

/* A base archive is whole when it ends with the cpio trailer. */
static bool
base_is_whole(const char *path)
{
	cleanup_fd int fd = open(path, O_RDONLY | O_CLOEXEC);
	char tail[1024];
	struct stat st;
	ssize_t n;

	if (fd < 0 || fstat(fd, &st) < 0)
		return false;
	n = pread(fd, tail, sizeof tail, st.st_size > (off_t)sizeof tail ? st.st_size - (off_t)sizeof tail : 0);
	return n > 0 && memmem(tail, (size_t)n, "TRAILER!!!", 10) != NULL;
}

/* Make sure the cached base at BASE_PATH is there and whole, writing it
   if not; -1 (with a warning) when the cache cannot hold it. */
static int
base_ensure(const char *base_path, const struct base_inputs *inputs, int *cache_hit)
{
	*cache_hit = base_is_whole(base_path);
	if (*cache_hit) {
		cache_touch(base_path);
		return 0;
	}
	log_work("Building the initramfs (cached for the next runs)...");
	if (cache_write_atomic(base_path, write_base, (void *)inputs) == 0 && prune_bases(base_path) == 0)
		return 0;
	log_warn("cannot cache the initramfs (%s): building it for this run only", err_get());
	return -1;
}

/* Copy the cached base into OUT_FD. */
static int
copy_base(const char *base_path, int out_fd)
{
	cleanup_fd int in_fd = open(base_path, O_RDONLY | O_CLOEXEC);

	if (in_fd < 0)
		return err_sys("cannot read %s", base_path);
	return fd_copy_file(in_fd, out_fd, base_path);
}

/* Append the per-run archive holding run.conf. */
static int
append_runconf(int fd, const struct runconf *conf)
{
	struct archive *ar;

	if (lseek(fd, 0, SEEK_END) < 0)
		return err_sys("cannot append to the initramfs");
	ar = archive_open_fd(fd);
	if (!ar)
		return -1;
	if (add_entry(ar, EB_CONF_PATH + 1, S_IFREG | 0644, conf->data, conf->size, 0) < 0) {
		archive_finish(ar);
		return -1;
	}
	return archive_finish(ar);
}

/* The init and the module files the base archive holds, and its cache path. */
static int
base_plan(const struct inspection *inspection, struct base_inputs *inputs, char **base_path)
{
	memset(inputs, 0, sizeof *inputs);
	inputs->init_path = paths_guest_init();
	if (inspection->modules_dir && inspection->needs.modules && inspection->needs.modules[0]) {
		inputs->modules = moddir_resolve(inspection->modules_dir, (const char *const *)inspection->needs.modules);
		if (!inputs->modules)
			return -1;
	}
	*base_path = base_cache_path(inspection, inputs);
	if (!*base_path)
		log_warn("%s: building the initramfs for this run only", err_get());
	return 0;
}

/* Free what base_plan allocated. */
static void
base_inputs_clear(struct base_inputs *inputs)
{
	free((char *)inputs->init_path);
	strv_free(inputs->modules);
	memset(inputs, 0, sizeof *inputs);
}

int
initramfs_describe(const struct inspection *inspection, char **base_path, char ***modules, int *cache_hit)
{
	struct base_inputs inputs;

	if (base_plan(inspection, &inputs, base_path) < 0) {
		base_inputs_clear(&inputs);
		return -1;
	}
	*modules = steal_pointer(&inputs.modules);
	*cache_hit = *base_path && base_is_whole(*base_path);
	if (!*base_path)
		*base_path = xstrdup("none: no usable cache directory");
	base_inputs_clear(&inputs);
	return 0;
}

int
initramfs_build(const struct inspection *inspection, const struct runconf *conf, const char *path,
		int *cache_hit)
{
	cleanup_free char *base_path = NULL;
	cleanup_fd int fd = -1;
	struct base_inputs inputs;
	int rc = -1;

	*cache_hit = 0;
	if (base_plan(inspection, &inputs, &base_path) < 0)
		goto out;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		err_sys("cannot create %s", path);
		goto out;
	}
	if (base_path && base_ensure(base_path, &inputs, cache_hit) == 0 ? copy_base(base_path, fd) < 0
									 : write_base(fd, &inputs) < 0)
		goto out;
	if (conf && append_runconf(fd, conf) < 0)
		goto out;
	rc = 0;
out:
	base_inputs_clear(&inputs);
	return rc;
}

int
initramfs_single(const char *program, const char *path)
{
	cleanup_fd int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	struct archive *ar;

	if (fd < 0)
		return err_sys("cannot create %s", path);
	ar = archive_open_fd(fd);
	if (!ar)
		return -1;
	if (add_entry(ar, "dev", S_IFDIR | 0755, NULL, 0, 0) < 0 ||
	    add_entry(ar, "dev/console", S_IFCHR | 0600, NULL, 0, makedev(5, 1)) < 0 ||
	    add_host_file(ar, "init", program, 0755, 0) < 0) {
		archive_finish(ar);
		return -1;
	}
	return archive_finish(ar);
}
