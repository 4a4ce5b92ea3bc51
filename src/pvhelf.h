/* Whether an ELF file is an x86-64 kernel QEMU can boot through its PVH
   entry point. */
#pragma once

#include <stdbool.h>

/* True when the ELF file open on FD is whole (every loaded segment within
   it) and has a PVH entry point note. */
bool pvh_elf_bootable(int fd);
