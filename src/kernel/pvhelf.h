/* Whether an ELF file is an x86-64 kernel QEMU can boot through its PVH
   entry point. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* True when the ELF file open on FD is whole (every loaded segment within
   it) and has a PVH entry point note. */
bool pvh_elf_bootable(int fd);

/* Where the ELF kernel open on FD ends in guest memory: the highest
   physical address its loaded segments reach, where QEMU puts them; -1
   with a message when its program headers cannot be read. */
int pvh_elf_extent(int fd, uint64_t *end);
