/* The least guest memory a kernel and its initramfs can boot in. */
#pragma once

#include <stdint.h>

#include "kernel.h"
#include "plan.h"

/* What the kernel needs besides its own image and the initramfs, to boot
   and run the init (measured: Debian's 6.1 kernel under TCG boots `true`
   in 85 MiB through PVH, where this gives 89, and in 86 MiB as a bzImage,
   where it gives 95). */
#define MEMFLOOR_MARGIN_MIB 10

/* The least memory, in MiB, for a kernel that reaches KERNEL_END bytes
   into guest memory and an initramfs of INITRD_SIZE bytes, which is in
   memory twice while the kernel unpacks it. */
uint64_t memfloor_mib(uint64_t kernel_end, uint64_t initrd_size);

/* Refuse the plan's memory when it cannot hold the kernel the plan boots
   (its ELF kernel, else IMAGE itself) and the initramfs at the plan's
   initrd path, naming the least that can. */
int memfloor_check(const struct plan *plan, const struct kernel_image *image);
