#include "config.h"

#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "pvhelf.h"
#include "util.h"
#include "xalloc.h"

/* The Xen ELF note QEMU looks for to boot a kernel through PVH. */
#define XEN_ELFNOTE_PHYS32_ENTRY 18
/* Bounds against a hostile file: no kernel comes near them. */
#define PVH_MAX_NOTES 65536
#define PVH_MAX_PHDRS 64

/* Read exactly LEN bytes of FD at OFFSET. */
static bool
read_at(int fd, void *buf, size_t len, uint64_t offset)
{
	return offset <= INT64_MAX - len && pread(fd, buf, len, (off_t)offset) == (ssize_t)len;
}

/* Whether the ELF notes in BUF include the PVH entry point. */
static bool
notes_have_pvh(const unsigned char *buf, size_t len)
{
	size_t pos = 0;

	while (len - pos >= sizeof(Elf64_Nhdr)) {
		Elf64_Nhdr note;
		size_t name, desc;

		memcpy(&note, buf + pos, sizeof note);
		pos += sizeof note;
		name = ((size_t)note.n_namesz + 3) & ~(size_t)3;
		desc = ((size_t)note.n_descsz + 3) & ~(size_t)3;
		if (name > len - pos || desc > len - pos - name)
			return false;
		if (note.n_type == XEN_ELFNOTE_PHYS32_ENTRY && note.n_namesz == 4 &&
		    memcmp(buf + pos, "Xen", 4) == 0)
			return true;
		pos += name + desc;
	}
	return false;
}

/* Whether the PT_NOTE segment PH of the file on FD holds the PVH entry. */
static bool
segment_has_pvh(int fd, const Elf64_Phdr *ph)
{
	cleanup_free unsigned char *notes = NULL;

	if (ph->p_filesz > PVH_MAX_NOTES)
		return false;
	notes = xmalloc(ph->p_filesz);
	return read_at(fd, notes, ph->p_filesz, ph->p_offset) && notes_have_pvh(notes, ph->p_filesz);
}

bool
pvh_elf_bootable(int fd)
{
	Elf64_Ehdr eh;
	struct stat st;
	bool pvh = false;

	if (fstat(fd, &st) < 0 || !read_at(fd, &eh, sizeof eh, 0) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_machine != EM_X86_64 ||
	    eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0 || eh.e_phnum > PVH_MAX_PHDRS)
		return false;
	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;

		if (!read_at(fd, &ph, sizeof ph, eh.e_phoff + (uint64_t)i * sizeof ph) ||
		    ph.p_offset > (uint64_t)st.st_size || ph.p_filesz > (uint64_t)st.st_size - ph.p_offset)
			return false;
		if (ph.p_type == PT_NOTE && !pvh)
			pvh = segment_has_pvh(fd, &ph);
	}
	return pvh;
}

int
pvh_elf_extent(int fd, uint64_t *end)
{
	Elf64_Ehdr eh;

	*end = 0;
	if (!read_at(fd, &eh, sizeof eh, 0) || memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum > PVH_MAX_PHDRS)
		return err_set("not an ELF kernel: no program headers to read");
	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;

		if (!read_at(fd, &ph, sizeof ph, eh.e_phoff + (uint64_t)i * sizeof ph))
			return err_set("an ELF kernel cut inside its program headers");
		if (ph.p_type == PT_LOAD && ph.p_memsz <= UINT64_MAX - ph.p_paddr && ph.p_paddr + ph.p_memsz > *end)
			*end = ph.p_paddr + ph.p_memsz;
	}
	return 0;
}
