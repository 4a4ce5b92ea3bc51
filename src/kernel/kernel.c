#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "error.h"
#include "fdio.h"
#include "kernel.h"
#include "pvhelf.h"
#include "users.h"
#include "util.h"
#include "xalloc.h"

/* Offsets in the x86 boot protocol's setup header (Documentation/x86/boot.rst). */
enum {
	SETUP_SECTS = 0x1f1,
	SYSSIZE = 0x1f4,
	BOOT_FLAG = 0x1fe,
	HEADER_MAGIC = 0x202,
	PROTOCOL_VERSION = 0x206,
	KERNEL_VERSION = 0x20e,
	CMDLINE_SIZE = 0x238,
	PAYLOAD_OFFSET = 0x248,
	PAYLOAD_LENGTH = 0x24c,
	SETUP_HEADER_END = 0x250,
	PREF_ADDRESS = 0x258,
	INIT_SIZE = 0x260,
	ARM64_MAGIC = 0x38,
	ELF_TYPE = 0x10,
	ELF_EXEC = 2,
	VERSION_MAX = 256,
};

#define BUILD_TREE_IMAGE "arch/x86/boot/bzImage"

/* Read a little-endian 16-bit value. */
static unsigned int
le16(const unsigned char *p)
{
	return (unsigned int)p[0] | (unsigned int)p[1] << 8;
}

/* Read a little-endian 32-bit value. */
static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Record why a file cannot be opened, with a fix when it is a permission. */
static int
file_open_error(const char *path)
{
	if (errno == EACCES) {
		cleanup_free char *user = host_user_name(geteuid(), getenv("USER") ? getenv("USER") : "$USER");

		return err_set("cannot read %s: %s (grant access: setfacl -m u:%s:r %s)", path, strerror(EACCES), user,
			       path);
	}
	if (errno == ENOENT)
		return err_set("%s does not exist", path);
	return err_sys("cannot read %s", path);
}

int
kernel_file_map(const char *path, struct kernel_file *file)
{
	cleanup_fd int fd = -1;
	struct stat st;
	void *data;

	file->data = NULL;
	file->size = 0;
	/* A named pipe would block open() until a writer comes: refused instead. */
	fd = fd_open_regular(path);
	if (fd < 0)
		return errno == EACCES || errno == ENOENT ? file_open_error(path) : -1;
	if (fstat(fd, &st) < 0)
		return err_sys("cannot stat %s", path);
	if (st.st_size == 0)
		return 0;
	data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (data == MAP_FAILED)
		return err_sys("cannot map %s", path);
	file->data = data;
	file->size = (size_t)st.st_size;
	return 0;
}

void
kernel_file_unmap(struct kernel_file *file)
{
	if (file->data)
		munmap(file->data, file->size);
	file->data = NULL;
	file->size = 0;
}

bool
kernel_is_elf(const unsigned char *data, size_t size)
{
	return size >= 4 && memcmp(data, "\x7f" "ELF", 4) == 0;
}

/* Say whether DATA is an arm64 Image. */
static bool
is_arm64_image(const unsigned char *data, size_t size)
{
	return size >= 64 && memcmp(data + ARM64_MAGIC, "ARM\x64", 4) == 0;
}

/* Say whether DATA carries the x86 boot protocol's signatures. */
static bool
has_boot_header(const unsigned char *data, size_t size)
{
	return size >= SETUP_HEADER_END && le16(data + BOOT_FLAG) == 0xaa55 &&
	       memcmp(data + HEADER_MAGIC, "HdrS", 4) == 0;
}

/* The size of the real-mode setup code that precedes the kernel proper. */
static size_t
setup_size(const unsigned char *data)
{
	unsigned int sectors = data[SETUP_SECTS] ? data[SETUP_SECTS] : 4;

	return (sectors + 1) * 512;
}

/* Check a bzImage's signatures and that the file holds what its header claims. */
static int
bzimage_check(const unsigned char *data, size_t size, const char *name)
{
	unsigned int protocol;
	size_t claimed;

	if (!has_boot_header(data, size))
		return err_set("%s is not a kernel image (no x86 boot header)", name);
	protocol = le16(data + PROTOCOL_VERSION);
	if (protocol < 0x208)
		return err_set("%s uses x86 boot protocol %u.%02u: 2.08 or later is needed", name,
			       protocol >> 8, protocol & 0xff);
	claimed = setup_size(data) + (size_t)le32(data + SYSSIZE) * 16;
	if (claimed > size)
		return err_set("%s is truncated: its header says %zu bytes, the file has %zu",
			       name, claimed, size);
	return 0;
}

/* A release names files (/lib/modules/RELEASE, cache entries): it may not
   climb out of their directories. */
static int
check_release(char **version, const char *name)
{
	if (!strchr(*version, '/') && strcmp(*version, ".") != 0 && strcmp(*version, "..") != 0)
		return 0;
	err_set("%s has a version string that is not a kernel release (%s)", name, *version);
	free(*version);
	*version = NULL;
	return -1;
}

/* Copy the first word of the header's version string. */
static int
bzimage_version_string(const unsigned char *data, size_t size, const char *name,
		       char **version)
{
	size_t start = le16(data + KERNEL_VERSION), end;

	if (start == 0)
		return err_set("%s has no version string in its header", name);
	start += 0x200;
	for (end = start; end < size && end - start < VERSION_MAX; end++)
		if (data[end] <= ' ' || data[end] >= 0x7f)
			break;
	if (end == start || end == size || end - start == VERSION_MAX)
		return err_set("%s has a malformed version string in its header", name);
	*version = xstrndup((const char *)data + start, end - start);
	return check_release(version, name);
}

/* Check a bzImage and read its version; messages call it NAME. */
static int
bzimage_version(const unsigned char *data, size_t size, const char *name, char **version)
{
	if (bzimage_check(data, size, name) < 0)
		return -1;
	return bzimage_version_string(data, size, name, version);
}

int
kernel_bzimage_version(const unsigned char *data, size_t size, char **version)
{
	return bzimage_version(data, size, "the image", version);
}

int
kernel_bzimage_extent(const unsigned char *data, size_t size, uint64_t *end)
{
	*end = 0;
	if (bzimage_check(data, size, "the image") < 0)
		return -1;
	/* Boot protocol 2.10 added pref_address and init_size. */
	if (le16(data + PROTOCOL_VERSION) < 0x20a || size < INIT_SIZE + 4)
		return 0;
	*end = (uint64_t)le32(data + PREF_ADDRESS) | (uint64_t)le32(data + PREF_ADDRESS + 4) << 32;
	*end += le32(data + INIT_SIZE);
	return 0;
}

/* Say whether a stream starts with the gzip magic. */
static bool
is_gzip(const unsigned char *data)
{
	return data[0] == 0x1f && data[1] == 0x8b;
}

int
kernel_bzimage_payload(const unsigned char *data, size_t size, size_t *offset, size_t *length)
{
	size_t start, len;

	if (bzimage_check(data, size, "the image") < 0)
		return -1;
	start = setup_size(data) + le32(data + PAYLOAD_OFFSET);
	len = le32(data + PAYLOAD_LENGTH);
	if (len < 4 || start > size || len > size - start)
		return err_set("the image's compressed kernel lies outside the file");
	*offset = start;
	*length = is_gzip(data + start) ? len : len - 4;
	return 0;
}

/* Say what kind of ELF file a non-kernel is, for messages. */
static const char *
elf_kind(const unsigned char *data, size_t size)
{
	unsigned int type = size > ELF_TYPE + 1 ? le16(data + ELF_TYPE) : 0;

	switch (type) {
	case 1:
		return "an ELF relocatable object";
	case ELF_EXEC:
		return "an ELF executable";
	case 3:
		return "an ELF shared object or executable";
	case 4:
		return "an ELF core dump";
	default:
		return "an ELF file";
	}
}

#define LINUX_BANNER "Linux version "

/* Where a vmlinux's release starts, just past its banner's "Linux version
   ", or NULL when DATA is not an executable with that banner. */
static const unsigned char *
vmlinux_release(const unsigned char *data, size_t size)
{
	const unsigned char *at;

	if (size <= ELF_TYPE + 1 || le16(data + ELF_TYPE) != ELF_EXEC)
		return NULL;
	at = memmem(data, size, LINUX_BANNER, sizeof LINUX_BANNER - 1);
	return at ? at + sizeof LINUX_BANNER - 1 : NULL;
}

/* Refuse an ELF file by what it is; RELEASE as vmlinux_release() found it. */
static int
refuse_elf(const unsigned char *data, size_t size, const unsigned char *release, const char *path)
{
	if (release)
		return err_set("%s is an ELF vmlinux without a PVH entry (CONFIG_PVH), which QEMU cannot "
			       "boot: boot arch/x86/boot/bzImage instead",
			       path);
	return err_set("%s is not a kernel image (%s)", path, elf_kind(data, size));
}

/* Copy the release that starts at START, up to the space that ends it. */
static int
vmlinux_version(const unsigned char *start, const unsigned char *data_end, const char *path,
		char **version)
{
	const unsigned char *end = start;

	while (end < data_end && end - start < 64 && *end > ' ' && *end < 0x7f && *end != '%')
		end++;
	if (end == start || end == data_end || *end != ' ')
		return err_set("%s is an ELF vmlinux without a readable version banner", path);
	*version = xstrndup((const char *)start, (size_t)(end - start));
	return check_release(version, path);
}

/* Accept an x86-64 vmlinux that QEMU can boot through its PVH entry. */
static int
identify_vmlinux(const struct kernel_file *file, const unsigned char *release, const char *path,
		 struct kernel_image *image)
{
	cleanup_fd int fd = fd_open_regular(path);

	image->format = KERNEL_ELF_VMLINUX;
	if (fd < 0)
		return -1;
	if (!pvh_elf_bootable(fd))
		return refuse_elf(file->data, file->size, release, path);
	return vmlinux_version(release, file->data + file->size, path, &image->version);
}

/* Identify a mapped file and read the version of a bzImage. */
static int
identify(const struct kernel_file *file, const char *path, struct kernel_image *image)
{
	if (file->size == 0)
		return err_set("%s is empty: not a kernel image", path);
	if (kernel_is_elf(file->data, file->size)) {
		const unsigned char *release = vmlinux_release(file->data, file->size);

		return release ? identify_vmlinux(file, release, path, image)
			       : refuse_elf(file->data, file->size, NULL, path);
	}
	if (is_arm64_image(file->data, file->size)) {
		image->format = KERNEL_ARM64_IMAGE;
		return err_set("%s is an arm64 Image: only x86_64 bzImage kernels can be booted",
			       path);
	}
	image->format = KERNEL_BZIMAGE;
	if (bzimage_version(file->data, file->size, path, &image->version) < 0)
		return -1;
	/* Protocol 2.06 and later say how long a command line may be, NUL excluded. */
	image->cmdline_max = le32(file->data + CMDLINE_SIZE);
	return 0;
}

/* Make PATH absolute, resolving its directory but keeping its file name. */
static char *
absolute_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	cleanup_free char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	cleanup_free char *real_dir = realpath(dir, NULL);

	if (!real_dir) {
		err_sys("cannot resolve %s", dir);
		return NULL;
	}
	return xasprintf("%s/%s", strcmp(real_dir, "/") ? real_dir : "", slash ? slash + 1 : path);
}

/* The build tree an image sits in as TREE/arch/x86/boot/bzImage or
   TREE/vmlinux, if any. */
static char *
enclosing_build_tree(const char *image_path)
{
	static const char *const suffixes[] = { "/" BUILD_TREE_IMAGE, "/vmlinux" };
	size_t len = strlen(image_path), suffix_len = 0;
	cleanup_free char *tree = NULL;
	cleanup_free char *config = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(suffixes) && !suffix_len; i++)
		if (len > strlen(suffixes[i]) && strcmp(image_path + len - strlen(suffixes[i]), suffixes[i]) == 0)
			suffix_len = strlen(suffixes[i]);
	if (!suffix_len)
		return NULL;
	tree = xstrndup(image_path, len - suffix_len);
	config = xasprintf("%s/.config", tree);
	return path_is_regular(config) ? steal_pointer(&tree) : NULL;
}

/* Open an image file: map it, identify it, fill IMAGE. */
static int
open_image_file(const char *path, struct kernel_image *image)
{
	struct kernel_file file;
	int ret;

	if (kernel_file_map(path, &file) < 0)
		return -1;
	ret = identify(&file, path, image);
	kernel_file_unmap(&file);
	if (ret < 0)
		return -1;
	image->path = absolute_path(path);
	if (!image->path)
		return -1;
	image->build_dir = enclosing_build_tree(image->path);
	return 0;
}

/* Open a kernel build tree: its arch/x86/boot/bzImage, with .config beside. */
static int
open_build_tree(const char *dir, struct kernel_image *image)
{
	cleanup_free char *image_path = xasprintf("%s/%s", dir, BUILD_TREE_IMAGE);
	cleanup_free char *config = xasprintf("%s/.config", dir);

	if (!path_is_regular(image_path))
		return err_set("%s is a directory but not a built kernel tree (no %s): "
			       "run make there, or name an image file",
			       dir, BUILD_TREE_IMAGE);
	if (!path_is_regular(config))
		return err_set("%s has %s but no .config: not a kernel build tree", dir,
			       BUILD_TREE_IMAGE);
	if (open_image_file(image_path, image) < 0)
		return -1;
	if (!image->build_dir) {
		image->build_dir = realpath(dir, NULL);
		if (!image->build_dir)
			return err_sys("cannot resolve %s", dir);
	}
	return 0;
}

int
kernel_image_open(const char *path, struct kernel_image *image)
{
	struct stat st;
	int ret;

	memset(image, 0, sizeof *image);
	if (stat(path, &st) < 0) {
		if (errno == ENOENT)
			return err_set("kernel %s does not exist", path);
		return err_sys("cannot use kernel %s", path);
	}
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
		return err_set("kernel %s is %s: name a kernel image file or a kernel build tree", path,
			       fd_file_kind(st.st_mode));
	if (S_ISDIR(st.st_mode))
		ret = open_build_tree(path, image);
	else
		ret = open_image_file(path, image);
	if (ret < 0) {
		enum kernel_format format = image->format;

		kernel_image_clear(image);
		image->format = format;
	}
	return ret;
}

void
kernel_image_clear(struct kernel_image *image)
{
	free(image->path);
	free(image->version);
	free(image->build_dir);
	memset(image, 0, sizeof *image);
}
