#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cache.h"
#include "error.h"
#include "fdio.h"
#include "interrupt.h"
#include "log.h"
#include "pvh.h"
#include "pvhelf.h"
#include "sysio.h"
#include "util.h"
#include "xalloc.h"

/* Extracted kernels weigh tens of MiB: keep fewer of them than initramfs. */
#define PVH_CACHE_KEEP 3
/* Bounds against a hostile image: no kernel comes near them. */
#define PVH_MAX_KERNEL (1UL << 30)
/* What the cache holds for an image without a PVH entry, so that it is not
   decompressed again at every run. */
static const char no_pvh_marker[] = "no PVH entry\n";

struct extraction {
	int fd;
	size_t written;
};

static int
write_chunk(const unsigned char *chunk, size_t len, void *ctx)
{
	struct extraction *x = ctx;

	if (interrupt_pending())
		return err_set("interrupted");
	if (len > PVH_MAX_KERNEL - x->written)
		return err_set("its kernel decompresses to more than 1 GiB");
	if (write_all(x->fd, chunk, len) < len)
		return err_sys("cannot write the extracted kernel");
	x->written += len;
	return 0;
}

/* Write the ELF kernel of the image (a struct kernel_image) into FD, or
   the marker when it has no PVH entry. */
static int
extract_into(int fd, void *ctx)
{
	const struct kernel_image *image = ctx;
	struct extraction x = { .fd = fd };
	struct kernel_file file;
	size_t offset, length;
	int rc;

	if (kernel_file_map(image->path, &file) < 0)
		return -1;
	rc = kernel_bzimage_payload(file.data, file.size, &offset, &length);
	if (rc == 0)
		rc = kernel_decompress_to(file.data + offset, length, image->path, write_chunk, &x);
	kernel_file_unmap(&file);
	if (rc < 0 || pvh_elf_bootable(fd))
		return rc;
	if (ftruncate(fd, 0) < 0 || pwrite(fd, no_pvh_marker, sizeof no_pvh_marker - 1, 0) < 0)
		return err_sys("cannot write the cache");
	return 0;
}

/* The cache path of IMAGE's ELF kernel (allocated), keyed by the image's
   path, size and time. */
static char *
cache_path(const struct kernel_image *image)
{
	cleanup_free char *dir = cache_dir();
	cleanup_free char *key = NULL;
	char hex[17];

	if (!dir || cache_key_add_file(&key, image->path) < 0)
		return NULL;
	cache_key_hex(key, hex);
	return xasprintf("%s/vmlinux-%s-%s", dir, image->version, hex);
}

/* Extract IMAGE's kernel to PATH and drop the least recently used ones. */
static int
extract(const struct kernel_image *image, const char *path)
{
	cleanup_free char *dir = xstrdup(path);

	/* PATH is the cache directory's file. */
	*strrchr(dir, '/') = '\0';
	log_work("Extracting the kernel from %s for a direct boot (cached for the next runs)...", image->path);
	if (cache_write_atomic(path, extract_into, (void *)image) < 0)
		return -1;
	cache_prune(dir, "vmlinux-", PVH_CACHE_KEEP);
	return 0;
}

/* Run extract() in a child process, whose message comes back on a pipe:
   xz's dictionary alone is 32 MiB, which should not stay in this process's
   footprint, and a decompressor fed a hostile image crashes only the child.
   A signal noted here stops the child, which then removes its temporary. */
static int
extract_in_child(const struct kernel_image *image, const char *path)
{
	char message[512];
	size_t used = 0;
	bool stopped = false;
	int pipe_fds[2], status;
	pid_t pid;

	if (pipe2(pipe_fds, O_CLOEXEC) < 0)
		return err_sys("cannot make a pipe");
	pid = fork();
	if (pid < 0) {
		close(pipe_fds[0]);
		close(pipe_fds[1]);
		return err_sys("cannot fork");
	}
	if (pid == 0) {
		close(pipe_fds[0]);
		if (extract(image, path) == 0)
			_exit(0);
		write_all(pipe_fds[1], err_get(), strlen(err_get()));
		_exit(1);
	}
	close(pipe_fds[1]);
	for (;;) {
		struct pollfd p = { .fd = pipe_fds[0], .events = POLLIN };
		ssize_t n;

		if (interrupt_pending() && !stopped)
			stopped = kill(pid, SIGTERM) == 0;
		if (poll(&p, 1, 100) <= 0)
			continue;
		n = read(pipe_fds[0], message + used, sizeof message - 1 - used);
		if (n <= 0 && !(n < 0 && errno == EINTR))
			break;
		used += n > 0 ? (size_t)n : 0;
	}
	close(pipe_fds[0]);
	message[used] = '\0';
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return err_sys("cannot wait for the extraction");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (used)
		return err_set("%s", message);
	return err_set("extracting the kernel failed (%s)",
		       WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "no reason given");
}

/* 1: PATH is a bootable ELF kernel; 0: the image has no PVH entry; -1: PATH
   is missing or damaged. */
static int
cached_kind(const char *path)
{
	cleanup_fd int fd = fd_open_regular(path);
	char head[sizeof no_pvh_marker];
	ssize_t n;

	if (fd < 0)
		return -1;
	if (pvh_elf_bootable(fd))
		return 1;
	n = pread(fd, head, sizeof head, 0);
	return n == (ssize_t)sizeof no_pvh_marker - 1 && memcmp(head, no_pvh_marker, (size_t)n) == 0 ? 0 : -1;
}

/* The build tree's own vmlinux when it is what the image was made from
   (not newer than the image) and bootable: nothing to extract then. */
static char *
build_tree_vmlinux(const struct kernel_image *image)
{
	cleanup_free char *path = NULL;
	cleanup_fd int fd = -1;
	struct stat elf_st, image_st;

	if (!image->build_dir)
		return NULL;
	path = xasprintf("%s/vmlinux", image->build_dir);
	fd = fd_open_regular(path);
	if (fd < 0 || fstat(fd, &elf_st) < 0 || stat(image->path, &image_st) < 0 ||
	    elf_st.st_mtim.tv_sec > image_st.st_mtim.tv_sec || !pvh_elf_bootable(fd))
		return NULL;
	return steal_pointer(&path);
}

char *
pvh_kernel(const struct kernel_image *image, const struct kconfig *config, bool extract_now, bool *as_is)
{
	cleanup_free char *path = NULL;
	int kind;

	if (as_is)
		*as_is = true;
	/* Accepted only when bootable through PVH. */
	if (image->format == KERNEL_ELF_VMLINUX)
		return xstrdup(image->path);
	if (image->format != KERNEL_BZIMAGE) {
		err_set("the image is not a bzImage");
		return NULL;
	}
	if (config && kconfig_get(config, "PVH") != KCONFIG_BUILTIN) {
		err_set("the kernel has no PVH entry (CONFIG_PVH)");
		return NULL;
	}
	path = build_tree_vmlinux(image);
	if (path)
		return steal_pointer(&path);
	if (as_is)
		*as_is = false;
	path = cache_path(image);
	if (!path)
		return NULL;
	kind = cached_kind(path);
	if (kind < 0 && extract_now) {
		unlink(path);
		if (extract_in_child(image, path) < 0)
			return NULL;
		kind = cached_kind(path);
	}
	if (kind < 0) {
		err_set(extract_now ? "the extracted kernel %s is damaged"
				    : "its ELF kernel is not extracted yet: a run extracts it to %s and boots that",
			path);
		return NULL;
	}
	if (kind == 0) {
		err_set("the kernel has no PVH entry (CONFIG_PVH)");
		return NULL;
	}
	cache_touch(path);
	return steal_pointer(&path);
}
