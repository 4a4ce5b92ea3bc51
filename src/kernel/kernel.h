/* Finding a kernel image and reading what it is without booting it. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum kernel_format {
	KERNEL_BZIMAGE,     /* x86 boot protocol image: bootable */
	KERNEL_ELF_VMLINUX, /* uncompressed ELF vmlinux: booted through PVH, else refused */
	KERNEL_ARM64_IMAGE, /* arm64 Image: refused by name */
};

struct kernel_image {
	char *path;          /* absolute path of the image file */
	char *version;       /* release, e.g. "6.1.0-56-amd64" */
	char *build_dir;     /* the build tree the image belongs to, else NULL */
	enum kernel_format format;
	size_t cmdline_max;  /* longest command line the kernel takes; 0: unknown */
};

/* A whole file mapped read-only; data is NULL when the file is empty. */
struct kernel_file {
	unsigned char *data;
	size_t size;
};

/* Pick /boot/vmlinuz-$(uname -r), else the newest /boot/vmlinuz-*.
   *why is set to an allocated note when the fallback was taken.
   BOOT_DIR NULL means /boot, RELEASE NULL the running kernel's. */
char *kernel_default_path(const char *boot_dir, const char *release, char **why);

/* Open and identify an image file or a build tree; fills *image.  On
   failure *image is cleared but for format, which says when an ELF vmlinux
   or an arm64 Image was recognised (and refused). */
int kernel_image_open(const char *path, struct kernel_image *image);

/* Read the version from a bzImage's setup header (kernel_version field). */
int kernel_bzimage_version(const unsigned char *data, size_t size, char **version);

/* Where the kernel a bzImage holds ends in guest memory once it has
   decompressed itself: its preferred load address plus the memory it needs
   from there (init_size); 0 for boot protocols before 2.10, which do not
   say. */
int kernel_bzimage_extent(const unsigned char *data, size_t size, uint64_t *end);

/* Locate the compressed kernel inside a bzImage (payload_offset/length),
   without the 4-byte size the build appends to all but gzip streams. */
int kernel_bzimage_payload(const unsigned char *data, size_t size, size_t *offset,
			   size_t *length);

/* True when DATA starts like an ELF file. */
bool kernel_is_elf(const unsigned char *data, size_t size);

/* Free what *image holds and zero it. */
void kernel_image_clear(struct kernel_image *image);

/* Map a regular file; messages name it, with a setfacl hint on EACCES. */
int kernel_file_map(const char *path, struct kernel_file *file);
void kernel_file_unmap(struct kernel_file *file);

/* Decompress a gzip/xz/zstd/... stream held in memory, handing the output
   to SINK in chunks (which stops it by returning -1).  Messages name WHAT. */
int kernel_decompress_to(const unsigned char *data, size_t size, const char *what,
			 int (*sink)(const unsigned char *chunk, size_t len, void *ctx), void *ctx);

/* Decompress a gzip/xz/zstd/... stream held in memory; allocated, with a
   NUL after the *out_size bytes.  Error messages name WHAT. */
unsigned char *kernel_decompress(const unsigned char *data, size_t size, const char *what,
				 size_t *out_size);
