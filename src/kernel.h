/* Finding a kernel image and reading what it is without booting it. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

enum kernel_format {
	KERNEL_BZIMAGE,     /* x86 boot protocol image: bootable */
	KERNEL_ELF_VMLINUX, /* uncompressed ELF vmlinux: refused by name */
	KERNEL_ARM64_IMAGE, /* arm64 Image: refused by name */
};

struct kernel_image {
	char *path;          /* absolute path of the image file */
	char *version;       /* release, e.g. "6.1.0-56-amd64" */
	char *build_dir;     /* the build tree when --kernel named one, else NULL */
	enum kernel_format format;
};

/* Pick /boot/vmlinuz-$(uname -r), else the newest /boot/vmlinuz-*.
   *why is set to an allocated note when the fallback was taken. */
char *kernel_default_path(const char *boot_dir, const char *release, char **why);

/* Open and identify an image file or a build tree; fills *image. */
int kernel_image_open(const char *path, struct kernel_image *image);

/* Read the version from a bzImage's setup header (kernel_version field). */
int kernel_bzimage_version(const unsigned char *data, size_t size, char **version);

void kernel_image_clear(struct kernel_image *image);
