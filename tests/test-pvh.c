/* Unit tests: telling a PVH-bootable ELF kernel, and extracting one from a
   bzImage into the cache. */
#include "config.h"

#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "kernel.h"
#include "pvh.h"
#include "pvhelf.h"
#include "tap.h"
#include "testfs.h"
#include "testgz.h"
#include "util.h"

#define NOTES_AT (sizeof(Elf64_Ehdr) + 2 * sizeof(Elf64_Phdr))
#define PVH_NOTE 18

/* Append an ELF note NAME/TYPE with a 4-byte descriptor at BUF + *POS. */
static void
put_note(unsigned char *buf, size_t *pos, const char *name, uint32_t type)
{
	Elf64_Nhdr note = { .n_namesz = (uint32_t)strlen(name) + 1, .n_descsz = 4, .n_type = type };

	memcpy(buf + *pos, &note, sizeof note);
	*pos += sizeof note;
	memcpy(buf + *pos, name, note.n_namesz);
	*pos += (note.n_namesz + 3) & ~3U;
	*pos += 4;
}

/* An x86-64 ELF kernel of *SIZE bytes: one loaded segment over the whole
   file and a note segment holding Xen notes of type 6, then NOTE_TYPE. */
static unsigned char *
craft_kernel(uint32_t note_type, size_t *size)
{
	unsigned char *elf = calloc(1, 4096);
	Elf64_Ehdr eh = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT },
		.e_type = ET_EXEC, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
		.e_phoff = sizeof(Elf64_Ehdr), .e_ehsize = sizeof(Elf64_Ehdr),
		.e_phentsize = sizeof(Elf64_Phdr), .e_phnum = 2,
	};
	Elf64_Phdr load = { .p_type = PT_LOAD, .p_offset = 0, .p_filesz = 4096, .p_memsz = 4096 };
	Elf64_Phdr notes = { .p_type = PT_NOTE, .p_offset = NOTES_AT };
	size_t pos = NOTES_AT;

	put_note(elf, &pos, "Xen", 6);
	put_note(elf, &pos, "Xen", note_type);
	notes.p_filesz = pos - NOTES_AT;
	strcpy((char *)elf + 1024, "Linux version 6.1.0-pvh-test (me@here) #1 SMP");
	memcpy(elf, &eh, sizeof eh);
	memcpy(elf + sizeof eh, &load, sizeof load);
	memcpy(elf + sizeof eh + sizeof load, &notes, sizeof notes);
	*size = 4096;
	return elf;
}

static bool
bootable(const char *path)
{
	cleanup_fd int fd = open(path, O_RDONLY);

	return fd >= 0 && pvh_elf_bootable(fd);
}

/* The end of an ELF kernel in guest memory: its highest loaded segment's
   physical end, as Debian's 6.1 kernel's 74 MiB (0x3079000 + 0x1987000). */
static void
test_extent(const char *path)
{
	size_t size;
	unsigned char *elf = craft_kernel(PVH_NOTE, &size);
	Elf64_Phdr *load = (Elf64_Phdr *)(elf + sizeof(Elf64_Ehdr));
	uint64_t end = 0;
	cleanup_fd int fd = -1;
	int rc;

	load->p_paddr = 0x3079000;
	load->p_memsz = 0x1987000;
	write_file(path, elf, size);
	fd = open(path, O_RDONLY);
	rc = pvh_elf_extent(fd, &end);
	tap_ok(rc == 0 && end == 74 << 20, "an ELF kernel reaches its loaded segment's end (got %#llx)",
	       (unsigned long long)end);
	close(fd);
	write_file(path, elf, 100);
	fd = open(path, O_RDONLY);
	tap_ok(pvh_elf_extent(fd, &end) < 0, "cut inside its program headers, it says so: %s", err_get());
	free(elf);
}

static void
test_elf_checks(void)
{
	const char *path = tmp_path("vmlinux");
	size_t size;
	unsigned char *elf;

	elf = craft_kernel(PVH_NOTE, &size);
	write_file(path, elf, size);
	tap_ok(bootable(path), "an ELF kernel with the PVH note is bootable");
	write_file(path, elf, size - 1);
	tap_ok(!bootable(path), "one byte short of its loaded segment, it is not");
	write_file(path, elf, 100);
	tap_ok(!bootable(path), "cut inside its program headers, it is not");
	((Elf64_Nhdr *)(elf + NOTES_AT))->n_namesz = 0xfffffff0;
	write_file(path, elf, size);
	tap_ok(!bootable(path), "a note claiming a 4 GiB name is refused, not read");
	free(elf);

	test_extent(path);

	elf = craft_kernel(17, &size);
	write_file(path, elf, size);
	tap_ok(!bootable(path), "without the PVH note, it is not bootable");
	((Elf64_Ehdr *)elf)->e_machine = EM_AARCH64;
	write_file(path, elf, size);
	tap_ok(!bootable(path), "nor is an arm64 ELF");
	free(elf);
	write_file(path, "not an ELF", 10);
	tap_ok(!bootable(path), "nor a text file");
}

/* A bzImage at PATH whose compressed kernel is an ELF with NOTE_TYPE. */
static void
craft_bzimage(const char *path, uint32_t note_type)
{
	size_t setup = 4 * 512, elf_size, payload;
	unsigned char *elf = craft_kernel(note_type, &elf_size);
	unsigned char *gz = gzip_bytes(elf, elf_size, &payload);
	size_t paragraphs = (payload + 15) / 16;
	unsigned char *image = calloc(1, setup + paragraphs * 16);

	image[0x1f1] = 3;
	memcpy(image + 0x1f4, &(uint32_t){ (uint32_t)paragraphs }, 4);
	memcpy(image + 0x1fe, &(uint16_t){ 0xaa55 }, 2);
	memcpy(image + 0x202, "HdrS", 4);
	memcpy(image + 0x206, &(uint16_t){ 0x020f }, 2);
	memcpy(image + 0x24c, &(uint32_t){ (uint32_t)payload }, 4);
	memcpy(image + setup, gz, payload);
	write_file(path, image, setup + paragraphs * 16);
	free(image);
	free(gz);
	free(elf);
}

static void
test_extraction(void)
{
	struct kernel_image image = { .path = (char *)tmp_path("bzImage"), .version = "6.1.0-test",
				      .format = KERNEL_BZIMAGE };
	char *path, *again;
	struct stat st;
	bool as_is = true;

	setenv("XDG_CACHE_HOME", tmp_path("cache"), 1);
	craft_bzimage(image.path, PVH_NOTE);
	path = pvh_kernel(&image, NULL, false, NULL);
	tap_ok(!path && error_says("not extracted yet", NULL), "without extracting, a new image has no ELF kernel yet");
	path = pvh_kernel(&image, NULL, true, &as_is);
	tap_ok(path && bootable(path), "extracting gives a bootable ELF kernel in the cache");
	tap_ok(!as_is, "a copy, without symbols");
	if (!path)
		printf("#   error: %s\n", err_get());
	again = pvh_kernel(&image, NULL, false, NULL);
	tap_ok(again && path && strcmp(again, path) == 0, "the next run finds it cached");
	free(again);
	if (path && truncate(path, 1000) < 0)
		abort();
	again = pvh_kernel(&image, NULL, false, NULL);
	tap_ok(!again && error_says("not extracted yet", NULL), "a damaged copy is not used");
	again = pvh_kernel(&image, NULL, true, NULL);
	tap_ok(again && bootable(again), "and is extracted again when allowed");
	free(again);
	free(path);

	craft_bzimage(image.path, 17);
	utimensat(AT_FDCWD, image.path, (struct timespec[]){ { 0, 0 }, { 1, 0 } }, 0);
	path = pvh_kernel(&image, NULL, true, NULL);
	tap_ok(!path && error_says("no PVH entry", NULL), "an image without the PVH note is booted itself");
	free(path);
	/* Garbage of the same size and time: only the cache can still answer. */
	if (stat(image.path, &st) < 0 || truncate(image.path, 0) < 0 || truncate(image.path, st.st_size) < 0)
		abort();
	utimensat(AT_FDCWD, image.path, (struct timespec[]){ { 0, 0 }, { 1, 0 } }, 0);
	path = pvh_kernel(&image, NULL, true, NULL);
	tap_ok(!path && error_says("no PVH entry", NULL), "which the cache remembers without decompressing again");
	free(path);
	/* The same garbage at another time is a new image: the extracting
	   child's message comes back. */
	utimensat(AT_FDCWD, image.path, (struct timespec[]){ { 0, 0 }, { 2, 0 } }, 0);
	path = pvh_kernel(&image, NULL, true, NULL);
	tap_ok(!path && error_says("the image", NULL), "an image that cannot be extracted fails with the reason");
	free(path);
}

/* An ELF vmlinux with a PVH entry is a kernel to boot as it is. */
static void
test_vmlinux(void)
{
	struct kernel_image image;
	size_t size;
	unsigned char *elf = craft_kernel(PVH_NOTE, &size);
	bool as_is = false;
	char *path;

	write_file(tmp_path("vmlinux"), elf, size);
	tap_ok(kernel_image_open(tmp_path("vmlinux"), &image) == 0 && image.format == KERNEL_ELF_VMLINUX,
	       "an ELF vmlinux with a PVH entry is accepted");
	tap_streq(image.version, "6.1.0-pvh-test", "its version comes from its banner");
	path = pvh_kernel(&image, NULL, false, &as_is);
	tap_streq(path, image.path, "and it boots as it is, nothing extracted");
	tap_ok(as_is, "so gdb can load it");
	free(path);
	kernel_image_clear(&image);
	strcpy((char *)elf + 1024, "Linux version ");
	write_file(tmp_path("vmlinux"), elf, size);
	tap_ok(kernel_image_open(tmp_path("vmlinux"), &image) < 0 && error_says("without a readable version banner", NULL),
	       "a banner without a version is refused");
	free(elf);
}

static void
test_refusals(void)
{
	struct kernel_image image = { .path = "/nonexistent", .version = "x", .format = KERNEL_ARM64_IMAGE };
	struct kconfig *config = kconfig_parse("CONFIG_PVH=n\n", 13);
	char *path;

	path = pvh_kernel(&image, NULL, true, NULL);
	tap_ok(!path && strstr(err_get(), "not a bzImage"), "an arm64 Image has no PVH entry to use");
	image.format = KERNEL_BZIMAGE;
	path = pvh_kernel(&image, config, true, NULL);
	tap_ok(!path && strstr(err_get(), "CONFIG_PVH"), "a configuration without CONFIG_PVH is believed");
	kconfig_free(config);
}

int
main(void)
{
	tmp_dir_create("test-pvh");
	test_elf_checks();
	test_extraction();
	test_vmlinux();
	test_refusals();
	tmp_dir_remove();
	return tap_done();
}
