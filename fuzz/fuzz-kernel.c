/* libFuzzer harness: the kernel image parsers on raw bytes.  kernel.c is
   compiled in so that identify() (ELF, arm64 Image and bzImage checks)
   is reached without a file. */
#include "config.h"

#include <stdint.h>

#include "kernel.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A version read from the header is one non-empty printable word. */
static void
check_version(const unsigned char *data, size_t size)
{
	char *version = NULL;

	if (kernel_bzimage_version(data, size, &version) < 0)
		return;
	if (!*version || strlen(version) >= VERSION_MAX)
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kernel_file file = { (unsigned char *)data, size };
	struct kernel_image image;

	(void)kernel_is_elf(data, size);
	check_version(data, size);
	check_payload(data, size);
	memset(&image, 0, sizeof image);
	if (identify(&file, "image", &image) == 0 && (!image.version || image.format != KERNEL_BZIMAGE))
		abort();
	kernel_image_clear(&image);
	return 0;
}
