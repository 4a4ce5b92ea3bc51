/* Which snapshot a run may start from: one per machine shape, keyed by
   everything that makes two machines differ (the kernel, the initramfs
   and so the init and its modules, memory, vCPUs, accelerator, command
   line, devices: shares, network, consoles, QEMU arguments) and the
   tool's own version; QEMU's and libvirt's are checked in the file. */
#pragma once

#include "plan.h"

/* Why PLAN's run cannot start from a snapshot, or NULL. */
const char *snapkey_unfit(const struct plan *plan);

/* The snapshot file of PLAN's shape in the cache (allocated; it may not
   exist), for the kernel IMAGE and the BASE initramfs; NULL with a
   message when there is no cache or the image cannot be read. */
char *snapkey_path(const struct plan *plan, const char *image, const char *base);
