/* Booting the ELF kernel inside a bzImage through its PVH entry point.
   QEMU then loads the kernel straight into memory: no real-mode boot and
   no decompression in the guest, which under TCG takes seconds.  The ELF
   is extracted once per image and kept in the cache. */
#pragma once

#include <stdbool.h>

#include "kconfig.h"
#include "kernel.h"

/* The path of IMAGE's ELF kernel, bootable through PVH: IMAGE itself when
   it is a vmlinux, its build tree's vmlinux when the bzImage was made from
   it (*AS_IS true for both, unless AS_IS is NULL: a file with symbols),
   else a copy extracted into the cache.  When that copy is not there yet
   it is extracted if EXTRACT, else NULL is returned with a message saying
   so.  NULL with a message as well when the image has no PVH entry
   (CONFIG_PVH) or cannot be extracted: boot the image itself. */
char *pvh_kernel(const struct kernel_image *image, const struct kconfig *config, bool extract, bool *as_is);
