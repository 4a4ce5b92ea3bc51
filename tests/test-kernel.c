/* Unit tests: finding and identifying kernel images. */
#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "error.h"
#include "kernel.h"
#include "tap.h"
#include "testfs.h"
#include "util.h"

/* Expect RET to be 0, showing the error otherwise. */
static void
expect_ok(int ret, const char *what)
{
	tap_ok(ret == 0, "%s", what);
	if (ret != 0)
		printf("#   error: %s\n", err_get());
}

/* Put a little-endian value of WIDTH bytes at P. */
static void
put_le(unsigned char *p, uint32_t value, int width)
{
	for (int i = 0; i < width; i++)
		p[i] = (unsigned char)(value >> (8 * i));
}

/* Craft a minimal bzImage: 4 setup sectors, a header, a zeroed payload. */
static unsigned char *
craft_bzimage(const char *version_string, size_t *size)
{
	size_t setup = 4 * 512, payload = 256;
	unsigned char *image = calloc(1, setup + payload);

	image[0x1f1] = 3;
	put_le(image + 0x1f4, payload / 16, 4);
	put_le(image + 0x1fe, 0xaa55, 2);
	memcpy(image + 0x202, "HdrS", 4);
	put_le(image + 0x206, 0x020f, 2);
	put_le(image + 0x20e, 0x400 - 0x200, 2);
	put_le(image + 0x248, 0, 4);
	put_le(image + 0x24c, payload, 4);
	memcpy(image + 0x400, version_string, strlen(version_string) + 1);
	*size = setup + payload;
	return image;
}

/* Craft a 64-bit ELF header of type TYPE, optionally followed by TRAILER. */
static void
craft_elf(const char *path, unsigned int type, const char *trailer)
{
	unsigned char elf[256] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };

	put_le(elf + 0x10, type, 2);
	put_le(elf + 0x12, 62, 2);
	if (trailer)
		memcpy(elf + 64, trailer, strlen(trailer));
	write_file(path, elf, sizeof elf);
}

/* Read the version of the newest real /boot image. */
static void
test_real_image(void)
{
	cleanup_free char *name = newest_boot_image();
	cleanup_free char *path = NULL;
	cleanup_free unsigned char *data = NULL;
	cleanup_free char *version = NULL;
	struct kernel_image image;
	size_t size;

	if (!name || asprintf(&path, "/boot/%s", name) < 0 || access(path, R_OK) < 0) {
		for (int i = 0; i < 5; i++)
			printf("ok %d # SKIP no readable /boot/vmlinuz-*\n", ++tap_count);
		return;
	}
	expect_ok(kernel_image_open(path, &image), path);
	tap_streq(image.version, name + 8, "version of %s from its setup header", path);
	tap_streq(image.path, path, "path of %s", path);
	tap_ok(image.format == KERNEL_BZIMAGE && !image.build_dir, "a bzImage outside a tree");
	kernel_image_clear(&image);
	data = read_file(path, &size);
	tap_ok(data && kernel_bzimage_version(data, size, &version) == 0 && version &&
		       strcmp(version, name + 8) == 0,
	       "kernel_bzimage_version on the bytes of %s", path);
}

/* Where the kernel of the crafted image BYTES ends in guest memory, from
   pref_address and init_size; unknown before boot protocol 2.10. */
static void
test_extent(unsigned char *bytes, size_t size)
{
	uint64_t end = 1;
	int rc;

	put_le(bytes + 0x258, 0x1000000, 4);
	put_le(bytes + 0x25c, 0, 4);
	put_le(bytes + 0x260, 0x3f98000, 4);
	rc = kernel_bzimage_extent(bytes, size, &end);
	tap_ok(rc == 0 && end == 0x1000000 + 0x3f98000, "a bzImage's kernel reaches pref_address + init_size (got %#llx)",
	       (unsigned long long)end);
	put_le(bytes + 0x206, 0x0209, 2);
	rc = kernel_bzimage_extent(bytes, size, &end);
	tap_ok(rc == 0 && end == 0, "boot protocol 2.09 does not say (got %#llx)", (unsigned long long)end);
	put_le(bytes + 0x206, 0x020f, 2);
	tap_ok(kernel_bzimage_extent(bytes, 1024, &end) < 0, "nor does a truncated image");
}

/* Identify a crafted bzImage and its broken variants. */
static void
test_crafted_bzimage(void)
{
	cleanup_free unsigned char *bytes = NULL;
	cleanup_free char *version = NULL;
	struct kernel_image image;
	size_t size;

	bytes = craft_bzimage("9.9.9-crafted (me@here) #1 SMP", &size);
	write_file(tmp_path("crafted"), bytes, size);
	expect_ok(kernel_image_open(tmp_path("crafted"), &image), "open a crafted bzImage");
	tap_streq(image.version, "9.9.9-crafted", "version of a crafted bzImage");
	kernel_image_clear(&image);
	tap_ok(kernel_bzimage_version(bytes, size, &version) == 0 &&
		       strcmp(version, "9.9.9-crafted") == 0,
	       "kernel_bzimage_version on crafted bytes");
	tap_ok(kernel_bzimage_version(bytes, 1024, &version) < 0 && error_says("truncated", NULL),
	       "crafted header cut at 1 KiB is truncated");
	test_extent(bytes, size);
	memcpy(bytes + 0x202, "HdrX", 4);
	tap_ok(kernel_bzimage_version(bytes, size, &version) < 0 &&
		       error_says("no x86 boot header", NULL),
	       "a bad HdrS magic is refused");
	for (int i = 0; i < 2; i++) {
		const char *hostile = i ? ".. (me@here)" : "../../tmp/x (me@here)";
		cleanup_free unsigned char *image_bytes = craft_bzimage(hostile, &size);
		char *climbing = NULL;

		tap_ok(kernel_bzimage_version(image_bytes, size, &climbing) < 0 && !climbing &&
			       error_says("not a kernel release", NULL),
		       "a version that would climb out of a directory is refused: %.12s", hostile);
	}
}

/* Expect kernel_image_open(PATH) to fail with a message holding NEEDLE and PATH. */
static void
expect_refused(const char *path, const char *needle, const char *what)
{
	struct kernel_image image;
	int ret = kernel_image_open(path, &image);

	tap_ok(ret < 0 && error_says(needle, path), "%s refused: %s", what, err_get());
	tap_ok(!image.path && !image.version && !image.build_dir, "%s leaves nothing behind", what);
}

/* Refuse files that are not bootable images, naming each. */
static void
test_refusals(void)
{
	cleanup_free unsigned char *ls = NULL;
	cleanup_free char *name = newest_boot_image();
	cleanup_free char *real = NULL;
	cleanup_free unsigned char *head = NULL;
	struct kernel_image image;
	size_t size;

	write_file(tmp_path("empty"), "", 0);
	expect_refused(tmp_path("empty"), "is empty", "an empty file");
	ls = read_file("/bin/ls", &size);
	if (ls)
		write_file(tmp_path("ls"), ls, size);
	expect_refused(tmp_path("ls"), "not a kernel image (an ELF", "a copy of /bin/ls");
	craft_elf(tmp_path("vmlinux"), 2, "Linux version 6.1.0-fake (me@here) #1 SMP");
	expect_refused(tmp_path("vmlinux"), "ELF vmlinux without a PVH entry (CONFIG_PVH), which QEMU cannot boot: "
		       "boot arch/x86/boot/bzImage", "a fake vmlinux without a PVH entry");
	tap_ok(kernel_image_open(tmp_path("vmlinux"), &image) < 0 &&
		       image.format == KERNEL_ELF_VMLINUX,
	       "the refused vmlinux is recognised as one");
	craft_elf(tmp_path("tool"), 2, NULL);
	expect_refused(tmp_path("tool"), "not a kernel image (an ELF executable)",
		       "an ELF executable without a Linux banner");
	write_file(tmp_path("text"), "hello, world\n", 13);
	expect_refused(tmp_path("text"), "not a kernel image", "a text file");
	if (name && asprintf(&real, "/boot/%s", name) >= 0 && (head = read_file(real, &size)) &&
	    size > 4096) {
		write_file(tmp_path("truncated"), head, 4096);
		expect_refused(tmp_path("truncated"), "is truncated", "the first 4 KiB of a bzImage");
	} else {
		for (int i = 0; i < 2; i++)
			printf("ok %d # SKIP no /boot/vmlinuz-* to truncate\n", ++tap_count);
	}
}

/* Refuse arm64 images, plain directories, missing and unreadable files. */
static void
test_foreign_and_missing(void)
{
	unsigned char arm64[64] = { 0 };
	struct kernel_image image;

	memcpy(arm64 + 0x38, "ARM\x64", 4);
	write_file(tmp_path("Image"), arm64, sizeof arm64);
	expect_refused(tmp_path("Image"), "is an arm64 Image: only x86_64 bzImage",
		       "an arm64 Image");
	tap_ok(kernel_image_open(tmp_path("Image"), &image) < 0 &&
		       image.format == KERNEL_ARM64_IMAGE,
	       "the refused Image is recognised as arm64");
	mkdir(tmp_path("notatree"), 0755);
	expect_refused(tmp_path("notatree"), "not a built kernel tree", "a plain directory");
	expect_refused(tmp_path("nonexistent"), "does not exist", "a nonexistent path");
	if (geteuid() == 0) {
		for (int i = 0; i < 2; i++)
			printf("ok %d # SKIP running as root: a mode 000 file is readable\n",
			       ++tap_count);
		return;
	}
	write_file(tmp_path("unreadable"), "x", 1);
	chmod(tmp_path("unreadable"), 0);
	expect_refused(tmp_path("unreadable"), "setfacl -m u:", "an unreadable file");
}

/* Create an empty file named NAME inside the fake boot directory. */
static void
touch_boot(const char *name)
{
	char path[512];

	snprintf(path, sizeof path, "%s/boot/%s", tmp_dir, name);
	write_file(path, "", 0);
}

/* Pick a kernel on this machine for the running release. */
static void
test_default_path_here(void)
{
	cleanup_free char *newest = newest_boot_image();
	cleanup_free char *picked = NULL;
	cleanup_free char *why = NULL;
	struct utsname uts;
	char running[sizeof uts.release + 32];

	if (!newest || uname(&uts) < 0) {
		printf("ok %d # SKIP no /boot/vmlinuz-* here\n", ++tap_count);
		return;
	}
	snprintf(running, sizeof running, "/boot/vmlinuz-%s", uts.release);
	picked = kernel_default_path(NULL, NULL, &why);
	if (access(running, F_OK) == 0)
		tap_streq(picked, running, "the running kernel's image");
	else
		tap_ok(picked && strstr(picked, newest) && why && strstr(why, running),
		       "no %s: the newest, %s, with a note: %s", running, newest,
		       why ? why : "(none)");
}

/* Pick the running release's image, else the newest by version. */
static void
test_default_path(void)
{
	const char *boot = tmp_path("boot");
	cleanup_free char *picked = NULL;
	cleanup_free char *exact = NULL;
	cleanup_free char *why = NULL;
	cleanup_free char *no_why = NULL;
	char *none, *none_why;

	mkdir(boot, 0755);
	none = kernel_default_path(boot, "7.0.0", &none_why);
	tap_ok(!none && !none_why && error_says("no kernel in", boot), "empty boot dir: %s",
	       err_get());
	touch_boot("vmlinuz-6.1.9");
	touch_boot("vmlinuz-6.1.10");
	touch_boot("vmlinuz-5.99.99");
	touch_boot("config-9.0.0");
	mkdir(tmp_path("boot/vmlinuz-9.9.9"), 0755);
	picked = kernel_default_path(boot, "7.0.0", &why);
	tap_ok(picked && strstr(picked, "/boot/vmlinuz-6.1.10"), "newest is 6.1.10, not 6.1.9: %s",
	       picked ? picked : err_get());
	tap_ok(why && strstr(why, "vmlinuz-7.0.0") && strstr(why, "vmlinuz-6.1.10"),
	       "the fallback says why: %s", why ? why : "(none)");
	exact = kernel_default_path(boot, "6.1.9", &no_why);
	tap_ok(exact && strstr(exact, "/boot/vmlinuz-6.1.9") && !no_why,
	       "the running release's image when present");
	none = kernel_default_path(tmp_path("no-boot"), "7.0.0", &none_why);
	tap_ok(!none && error_says("cannot list", NULL), "a missing boot dir: %s", err_get());
	test_default_path_here();
}

/* Make a fake build tree at NAME with an image linked to TARGET. */
static void
make_tree(const char *name, const char *target, bool with_config)
{
	char dirs[256], path[512];

	snprintf(dirs, sizeof dirs, "%s/arch/x86/boot", name);
	make_dirs(dirs);
	snprintf(path, sizeof path, "%s/%s/arch/x86/boot/bzImage", tmp_dir, name);
	if (symlink(target, path) < 0)
		perror(path);
	if (with_config) {
		snprintf(path, sizeof path, "%s/%s/.config", tmp_dir, name);
		write_file(path, "CONFIG_X=y\n", 11);
	}
}

/* Open a build tree, directly or through its bzImage. */
static void
test_build_tree(void)
{
	cleanup_free char *name = newest_boot_image();
	cleanup_free char *target = NULL;
	cleanup_free char *tree = NULL;
	struct kernel_image image;
	const char *want;

	if (name && asprintf(&target, "/boot/%s", name) >= 0 && access(target, R_OK) == 0)
		want = name + 8;
	else {
		free(target);
		target = strdup(tmp_path("crafted"));
		want = "9.9.9-crafted";
	}
	make_tree("tree", target, true);
	tree = realpath(tmp_path("tree"), NULL);
	expect_ok(kernel_image_open(tmp_path("tree"), &image), "open a build tree");
	tap_streq(image.build_dir, tree, "build_dir is the tree");
	tap_streq(image.version, want, "version of the tree's bzImage");
	tap_ok(image.path && strstr(image.path, "/tree/arch/x86/boot/bzImage"), "path: %s",
	       image.path ? image.path : "(null)");
	kernel_image_clear(&image);
	tap_ok(kernel_image_open(tmp_path("tree/arch/x86/boot/bzImage"), &image) == 0 &&
		       image.build_dir && strcmp(image.build_dir, tree) == 0,
	       "naming the tree's bzImage finds the tree too");
	kernel_image_clear(&image);
	make_tree("noconfig", target, false);
	expect_refused(tmp_path("noconfig"), "no .config", "a tree without .config");
}

/* Run the tests in a scratch directory removed at the end. */
int
main(void)
{
	tmp_dir_create("eb-test-kernel");
	test_real_image();
	test_crafted_bzimage();
	test_refusals();
	test_foreign_and_missing();
	test_default_path();
	test_build_tree();
	tmp_dir_remove();
	return tap_done();
}
