#include "config.h"

#include <sys/stat.h>

#include "error.h"
#include "fdio.h"
#include "memfloor.h"
#include "pvhelf.h"
#include "util.h"

#define MIB (1024 * 1024)

uint64_t
memfloor_mib(uint64_t kernel_end, uint64_t initrd_size)
{
	return (kernel_end + 2 * initrd_size + MIB - 1) / MIB + MEMFLOOR_MARGIN_MIB;
}

/* Where the booted kernel ends in guest memory: the ELF kernel at
   ELF_PATH, else the bzImage at IMAGE_PATH. */
static int
kernel_end(const char *elf_path, const char *image_path, uint64_t *end)
{
	struct kernel_file file;
	cleanup_fd int fd = -1;
	int rc;

	if (elf_path) {
		fd = fd_open_regular(elf_path);
		if (fd < 0)
			return -1;
		return pvh_elf_extent(fd, end) < 0 ? err_set("%s: %s", elf_path, err_get()) : 0;
	}
	if (kernel_file_map(image_path, &file) < 0)
		return -1;
	rc = kernel_bzimage_extent(file.data, file.size, end);
	kernel_file_unmap(&file);
	return rc;
}

int
memfloor_check(const struct plan *plan, const struct kernel_image *image)
{
	uint64_t end, floor, mem = plan->domain.mem_mib;
	struct stat st;

	if (kernel_end(plan->pvh_kernel, image->path, &end) < 0)
		return -1;
	if (stat(plan->initrd_path, &st) < 0)
		return err_sys("cannot read %s", plan->initrd_path);
	floor = memfloor_mib(end, (uint64_t)st.st_size);
	if (mem >= floor)
		return 0;
	return err_set("--mem=%lluM is too small for this kernel and its initramfs: give --mem=%lluM or more "
		       "(the kernel reaches %.1f MiB into guest memory, the initramfs takes %.1f MiB twice while "
		       "it unpacks, and booting needs %d MiB more)",
		       (unsigned long long)mem, (unsigned long long)floor, (double)end / MIB,
		       (double)st.st_size / MIB, MEMFLOOR_MARGIN_MIB);
}
