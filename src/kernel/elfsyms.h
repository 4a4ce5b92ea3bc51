/* Functions in the symbol table of an ELF file: a vmlinux (ET_EXEC) or a
   module (ET_REL), for turning a stack line's symbol+offset into an
   address addr2line can look up. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct elf_syms;

struct elf_symbol {
	uint64_t value;      /* an address, or for ET_REL the offset in its section */
	uint64_t size;
	const char *section; /* its section's name (".text", ".init.text"...), valid while open */
};

/* Read the section headers and the symbol table of the 64-bit
   little-endian ELF file PATH; NULL with a message when it is not one
   or has no symbol table. */
struct elf_syms *elf_syms_open(const char *path);

/* Whether the file is relocatable (ET_REL, a module): symbol values are
   then offsets in their sections. */
bool elf_syms_relocatable(const struct elf_syms *elf);

/* Find the function NAME (STT_FUNC, or an untyped symbol in code): the
   first whose size covers OFFSET, else the first of that name.  0, or
   -1 with a message when there is none. */
int elf_syms_find(const struct elf_syms *elf, const char *name, uint64_t offset, struct elf_symbol *sym);

/* Free ELF and its tables (NULL is fine). */
void elf_syms_close(struct elf_syms *elf);

