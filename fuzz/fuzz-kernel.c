/* libFuzzer harness: the kernel image parsers on raw bytes.  kernel.c is
   compiled in so that identify() (ELF, arm64 Image and bzImage checks)
   is reached directly; the input is also a memfd, for the PVH check that
   reads an ELF's segments from a file. */
#include "config.h"

#include <stdint.h>
#include <sys/mman.h>

#include "kernel.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A version read from the header is one non-empty printable word. */
static void
check_version(const unsigned char *data, size_t size)
{
	char *version = NULL;

	if (kernel_bzimage_version(data, size, &version) < 0)
		return;
	if (!*version || strlen(version) >= VERSION_MAX || strchr(version, '/') || strcmp(version, "..") == 0)
		abort();
	for (const char *p = version; *p; p++)
		if (*p <= ' ' || *p >= 0x7f)
			abort();
	free(version);
}

/* The payload found lies inside the image. */
static void
check_payload(const unsigned char *data, size_t size)
{
	size_t offset, length;

	if (kernel_bzimage_payload(data, size, &offset, &length) < 0)
		return;
	if (offset > size || length > size - offset)
		abort();
}

/* A version read from a vmlinux banner is one non-empty printable word. */
static void
check_banner(const unsigned char *data, size_t size)
{
	const unsigned char *release = vmlinux_release(data, size);
	char *version = NULL;

	if (!release || vmlinux_version(release, data + size, "vmlinux", &version) < 0)
		return;
	if (!*version || strlen(version) > 64 || strchr(version, '%') || strchr(version, '/'))
		abort();
	for (const char *p = version; *p; p++)
		if (*p <= ' ' || *p >= 0x7f)
			abort();
	free(version);
}

/* The input as a file, for the checks that read one (an ELF's segments). */
static const char *
as_file(const uint8_t *data, size_t size)
{
	static char path[64];
	static int fd = -1;

	if (fd < 0) {
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd = memfd_create("image", 0));
		if (fd < 0)
			abort();
	}
	if (ftruncate(fd, 0) < 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	return path;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kernel_file file = { (unsigned char *)data, size };
	struct kernel_image image;

	(void)kernel_is_elf(data, size);
	check_version(data, size);
	check_payload(data, size);
	check_banner(data, size);
	memset(&image, 0, sizeof image);
	if (identify(&file, as_file(data, size), &image) == 0 &&
	    (!image.version || (image.format != KERNEL_BZIMAGE && image.format != KERNEL_ELF_VMLINUX)))
		abort();
	kernel_image_clear(&image);
	return 0;
}
