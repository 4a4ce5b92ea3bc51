#include "config.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfsyms.h"
#include "error.h"
#include "fdio.h"
#include "util.h"
#include "xalloc.h"

/* Bounds against a hostile file: a vmlinux has some 80 sections and a
   symbol table and its names of a few MiB each. */
#define ELFSYMS_MAX_SECTIONS 65536
#define ELFSYMS_MAX_TABLE (256u << 20)

struct elf_syms {
	char *path;
	bool relocatable;
	uint64_t file_size;
	Elf64_Shdr *shdrs;
	size_t shnum;
	char *shstrtab; /* NUL-terminated past its size */
	size_t shstrtab_len;
	Elf64_Sym *syms;
	size_t nsyms;
	char *strtab;   /* NUL-terminated past its size */
	size_t strtab_len;
};

/* Read exactly LEN bytes of FD at OFFSET. */
static bool
read_at(int fd, void *buf, size_t len, uint64_t offset)
{
	return offset <= INT64_MAX - len && pread(fd, buf, len, (off_t)offset) == (ssize_t)len;
}

/* Read the contents of section SH into an allocated block with a NUL
   after it; NULL when it lies outside the file or is too big. */
static void *
read_section(int fd, const struct elf_syms *elf, const Elf64_Shdr *sh)
{
	char *data;

	if (sh->sh_type == SHT_NOBITS || sh->sh_size > ELFSYMS_MAX_TABLE || sh->sh_offset > elf->file_size ||
	    sh->sh_size > elf->file_size - sh->sh_offset)
		return NULL;
	data = xmalloc(sh->sh_size + 1);
	if (!read_at(fd, data, sh->sh_size, sh->sh_offset)) {
		free(data);
		return NULL;
	}
	data[sh->sh_size] = '\0';
	return data;
}

/* Check the ELF header EH of PATH and find its section count and the
   index of its section names (extended numbering read from section 0). */
static int
check_header(int fd, const char *path, const Elf64_Ehdr *eh, size_t *shnum, size_t *shstrndx)
{
	Elf64_Shdr first;

	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		return err_set("%s is not an ELF file", path);
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return err_set("%s is not a 64-bit little-endian ELF file", path);
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN && eh->e_type != ET_REL)
		return err_set("%s is an ELF file of type %u, neither an executable nor a module", path, eh->e_type);
	if (eh->e_shoff == 0 || eh->e_shentsize != sizeof(Elf64_Shdr))
		return err_set("%s has no section headers", path);
	*shnum = eh->e_shnum;
	*shstrndx = eh->e_shstrndx;
	if (*shnum == 0 || *shstrndx == SHN_XINDEX) {
		if (!read_at(fd, &first, sizeof first, eh->e_shoff))
			return err_set("%s is cut inside its section headers", path);
		*shnum = *shnum ? *shnum : first.sh_size;
		*shstrndx = *shstrndx == SHN_XINDEX ? first.sh_link : *shstrndx;
	}
	if (*shnum == 0 || *shnum > ELFSYMS_MAX_SECTIONS)
		return err_set("%s has %zu section headers", path, *shnum);
	return 0;
}

/* Read the section headers of the file on FD and their names. */
static int
read_sections(int fd, const char *path, struct elf_syms *elf)
{
	Elf64_Ehdr eh;
	size_t shstrndx = 0;

	if (!read_at(fd, &eh, sizeof eh, 0))
		return err_set("%s is not an ELF file: too short", path);
	if (check_header(fd, path, &eh, &elf->shnum, &shstrndx) < 0)
		return -1;
	elf->relocatable = eh.e_type == ET_REL;
	elf->shdrs = xreallocarray(NULL, elf->shnum, sizeof *elf->shdrs);
	if (!read_at(fd, elf->shdrs, elf->shnum * sizeof *elf->shdrs, eh.e_shoff))
		return err_set("%s is cut inside its section headers", path);
	if (shstrndx >= elf->shnum || !(elf->shstrtab = read_section(fd, elf, &elf->shdrs[shstrndx])))
		return err_set("%s has no section names", path);
	elf->shstrtab_len = elf->shdrs[shstrndx].sh_size;
	return 0;
}

/* Read the symbol table of the file on FD and its names. */
static int
read_symbols(int fd, const char *path, struct elf_syms *elf)
{
	const Elf64_Shdr *symtab = NULL;

	for (size_t i = 0; i < elf->shnum && !symtab; i++)
		if (elf->shdrs[i].sh_type == SHT_SYMTAB)
			symtab = &elf->shdrs[i];
	if (!symtab)
		return err_set("%s has no symbol table (stripped?)", path);
	if (symtab->sh_entsize != sizeof(Elf64_Sym) || symtab->sh_link >= elf->shnum)
		return err_set("%s has a damaged symbol table", path);
	elf->syms = read_section(fd, elf, symtab);
	elf->strtab = read_section(fd, elf, &elf->shdrs[symtab->sh_link]);
	if (!elf->syms || !elf->strtab)
		return err_set("%s is cut inside its symbol table", path);
	elf->nsyms = symtab->sh_size / sizeof(Elf64_Sym);
	elf->strtab_len = elf->shdrs[symtab->sh_link].sh_size;
	return 0;
}

struct elf_syms *
elf_syms_open(const char *path)
{
	cleanup_fd int fd = fd_open_regular(path);
	struct elf_syms *elf;
	struct stat st;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0) {
		err_sys("%s", path);
		return NULL;
	}
	elf = xcalloc(1, sizeof *elf);
	elf->path = xstrdup(path);
	elf->file_size = (uint64_t)st.st_size;
	if (read_sections(fd, path, elf) < 0 || read_symbols(fd, path, elf) < 0) {
		elf_syms_close(elf);
		return NULL;
	}
	return elf;
}

bool
elf_syms_relocatable(const struct elf_syms *elf)
{
	return elf->relocatable;
}

/* Whether SYM, named NAME, is a function defined in a section of ELF. */
static bool
is_function(const struct elf_syms *elf, const Elf64_Sym *sym, const char *name)
{
	unsigned char type = ELF64_ST_TYPE(sym->st_info);

	if (sym->st_shndx == SHN_UNDEF || sym->st_shndx >= elf->shnum || sym->st_name >= elf->strtab_len)
		return false;
	if (type != STT_FUNC && !(type == STT_NOTYPE && (elf->shdrs[sym->st_shndx].sh_flags & SHF_EXECINSTR)))
		return false;
	return strcmp(elf->strtab + sym->st_name, name) == 0;
}

int
elf_syms_find(const struct elf_syms *elf, const char *name, uint64_t offset, struct elf_symbol *sym)
{
	const Elf64_Sym *found = NULL;
	uint32_t name_at;

	for (size_t i = 0; i < elf->nsyms; i++) {
		const Elf64_Sym *s = &elf->syms[i];

		if (!is_function(elf, s, name))
			continue;
		if (!found || (found->st_size <= offset && s->st_size > offset))
			found = s;
		if (found->st_size > offset)
			break;
	}
	if (!found)
		return err_set("%s has no function %s", elf->path, name);
	name_at = elf->shdrs[found->st_shndx].sh_name;
	sym->value = found->st_value;
	sym->size = found->st_size;
	sym->section = name_at < elf->shstrtab_len ? elf->shstrtab + name_at : "";
	return 0;
}

void
elf_syms_close(struct elf_syms *elf)
{
	if (!elf)
		return;
	free(elf->path);
	free(elf->shdrs);
	free(elf->shstrtab);
	free(elf->syms);
	free(elf->strtab);
	free(elf);
}
