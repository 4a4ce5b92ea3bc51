#include "config.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "elfsyms.h"
#include "fdio.h"
#include "kofind.h"
#include "srcloc.h"
#include "stackline.h"
#include "strv.h"
#include "symbolize.h"
#include "sysio.h"
#include "util.h"
#include "xalloc.h"

/* The most modules looked for in one text. */
#define SYMBOLIZE_MODULES_MAX 64

/* An ELF file frames are in: the vmlinux, or a module. */
struct elf_source {
	char *module;          /* NULL for the vmlinux */
	char *path;            /* NULL: not found */
	struct elf_syms *syms; /* NULL: not read yet, or unreadable */
	bool tried;            /* opening it was tried */
};

/* A stack line to resolve. */
struct lookup {
	size_t at;           /* where in the text its note goes */
	size_t source;       /* its ELF file */
	const char *section; /* a module's section (the name in its elf_syms), else NULL */
	uint64_t address;
	char *note;
	bool asked;          /* handed to addr2line */
};

struct symbolizer {
	const struct symbol_sources *sources;
	long long deadline_ms;
	struct elf_source files[SYMBOLIZE_MODULES_MAX + 1]; /* [0]: the vmlinux */
	size_t nfiles;
	struct lookup lookups[SYMBOLIZE_FRAMES_MAX];
	size_t nlookups;
	char *prefixes[3]; /* taken off the paths: the tree, the current directory */
};

/* Whether module names A and B are the same, '-' and '_' alike. */
static bool
same_module(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (*a != *b && !((*a == '-' || *a == '_') && (*b == '-' || *b == '_')))
			return false;
	return *a == *b;
}

/* The index of the ELF file for MODULE ("" for the vmlinux) in S, looked
   for once; -1 when the limit of modules is reached. */
static long
source_index(struct symbolizer *s, const char *module)
{
	struct elf_source *file;

	if (!module[0])
		return 0;
	for (size_t i = 1; i < s->nfiles; i++)
		if (same_module(s->files[i].module, module))
			return (long)i;
	if (s->nfiles == ARRAY_SIZE(s->files))
		return -1;
	file = &s->files[s->nfiles];
	file->module = xstrdup(module);
	if (s->sources->module_dirs)
		file->path = kofind(s->sources->module_dirs, module, s->sources->kernel_version);
	return (long)s->nfiles++;
}

/* The symbols of the ELF file INDEX of S, read on first use; NULL when
   it is missing or unreadable. */
static struct elf_syms *
source_syms(struct symbolizer *s, size_t index)
{
	struct elf_source *file = &s->files[index];

	if (!file->tried && file->path)
		file->syms = elf_syms_open(file->path);
	file->tried = true;
	return file->syms;
}

/* Record a lookup for FRAME, of the line at LINE in the text, when its
   symbol is in its ELF file. */
static void
add_lookup(struct symbolizer *s, size_t line, const struct stack_frame *frame)
{
	long index = source_index(s, frame->module);
	struct lookup *l = &s->lookups[s->nlookups];
	struct elf_syms *syms;
	struct elf_symbol sym;

	if (index < 0 || !(syms = source_syms(s, (size_t)index)) ||
	    elf_syms_find(syms, frame->name, frame->offset, &sym) < 0)
		return;
	l->at = line + frame->end;
	l->source = (size_t)index;
	l->section = elf_syms_relocatable(syms) ? sym.section : NULL;
	l->address = sym.value + frame->offset - (frame->return_address && frame->offset ? 1 : 0);
	s->nlookups++;
}

/* Find the stack lines of TEXT and their addresses, until the bounds or the deadline. */
static void
collect(struct symbolizer *s, const char *text)
{
	size_t lines = 0;

	for (const char *line = text; *line && s->nlookups < SYMBOLIZE_FRAMES_MAX && lines++ < SYMBOLIZE_LINES_MAX;) {
		const char *newline = strchr(line, '\n');
		size_t len = newline ? (size_t)(newline - line) : strlen(line);
		struct stack_frame frame;

		if (now_ms() >= s->deadline_ms)
			return;
		if (len <= SYMBOLIZE_LINE_MAX && stack_frame_parse(line, len, &frame))
			add_lookup(s, (size_t)(line - text), &frame);
		line += len + (newline ? 1 : 0);
	}
}

/* Whether lookups A and B go to the same addr2line. */
static bool
same_group(const struct lookup *a, const struct lookup *b)
{
	return a->source == b->source && (a->section == b->section ||
					  (a->section && b->section && strcmp(a->section, b->section) == 0));
}

/* Ask addr2line about lookup FIRST and those after it in the same file
   and section, at once. */
static void
ask_group(struct symbolizer *s, size_t first)
{
	cleanup_strv char **argv = NULL;
	size_t group[SYMBOLIZE_FRAMES_MAX], count = 0;
	char *notes[SYMBOLIZE_FRAMES_MAX];
	struct capture cap;

	strv_append(&argv, "addr2line");
	strv_append(&argv, "-e");
	strv_append(&argv, s->files[s->lookups[first].source].path);
	if (s->lookups[first].section) {
		strv_append(&argv, "-j");
		strv_append(&argv, s->lookups[first].section);
	}
	strv_append(&argv, "-a");
	strv_append(&argv, "-f");
	strv_append(&argv, "-i");
	for (size_t i = first; i < s->nlookups; i++) {
		struct lookup *l = &s->lookups[i];
		char address[24];

		if (l->asked || !same_group(l, &s->lookups[first]))
			continue;
		l->asked = true;
		snprintf(address, sizeof address, "0x%" PRIx64, l->address);
		strv_append(&argv, address);
		group[count++] = i;
	}
	if (capture_run(argv, NULL, 0, SYMBOLIZE_OUTPUT_MAX, s->deadline_ms, &cap) == 0 && capture_succeeded(&cap)) {
		srcloc_notes(cap.out, count, (const char *const *)s->prefixes, notes);
		for (size_t i = 0; i < count; i++)
			s->lookups[group[i]].note = notes[i];
	}
	capture_free(&cap);
}

/* TEXT with the notes of S added, or NULL when there is none. */
static char *
render(const struct symbolizer *s, const char *text)
{
	size_t len = strlen(text), total = len, from = 0, used = 0;
	char *out;

	for (size_t i = 0; i < s->nlookups; i++)
		total += s->lookups[i].note ? strlen(s->lookups[i].note) : 0;
	if (total == len)
		return NULL;
	out = xmalloc(total + 1);
	for (size_t i = 0; i < s->nlookups; i++) {
		const struct lookup *l = &s->lookups[i];

		if (!l->note)
			continue;
		memcpy(out + used, text + from, l->at - from);
		used += l->at - from;
		memcpy(out + used, l->note, strlen(l->note));
		used += strlen(l->note);
		from = l->at;
	}
	memcpy(out + used, text + from, len - from + 1);
	return out;
}

/* The prefixes to take off the paths addr2line prints. */
static void
set_prefixes(struct symbolizer *s)
{
	size_t n = 0;

	if (s->sources->kernel_tree) {
		s->prefixes[n] = realpath(s->sources->kernel_tree, NULL);
		if (!s->prefixes[n])
			s->prefixes[n] = xstrdup(s->sources->kernel_tree);
		n++;
	}
	s->prefixes[n] = getcwd(NULL, 0);
}

/* Free S and what it holds. */
static void
symbolizer_free(struct symbolizer *s)
{
	for (size_t i = 0; i < s->nfiles; i++) {
		free(s->files[i].module);
		free(s->files[i].path);
		elf_syms_close(s->files[i].syms);
	}
	for (size_t i = 0; i < s->nlookups; i++)
		free(s->lookups[i].note);
	for (size_t i = 0; i < ARRAY_SIZE(s->prefixes); i++)
		free(s->prefixes[i]);
	free(s);
}

/* TEXT through the tree's decode_stacktrace.sh: its output, or NULL
   when it changed nothing; *FAILED when it could not do its work. */
static char *
run_script(const struct symbol_sources *sources, const char *text, long long deadline_ms, bool *failed)
{
	cleanup_free char *script = xasprintf("%s/scripts/decode_stacktrace.sh", sources->kernel_tree);
	cleanup_strv char **argv = NULL;
	struct capture cap;
	char *out = NULL;

	*failed = true;
	if (!path_is_regular(script) || strlen(text) > SYMBOLIZE_TEXT_MAX)
		return NULL;
	/* A tree unpacked without its modes still has a script for bash. */
	if (access(script, X_OK) < 0)
		strv_append(&argv, "bash");
	strv_append(&argv, script);
	strv_append(&argv, sources->vmlinux);
	strv_append(&argv, sources->kernel_tree);
	if (sources->module_dirs && sources->module_dirs[0])
		strv_append(&argv, sources->module_dirs[0]);
	if (capture_run(argv, text, strlen(text), SYMBOLIZE_OUTPUT_MAX, deadline_ms, &cap) < 0)
		return NULL;
	if (capture_succeeded(&cap)) {
		*failed = false;
		if (strcmp(cap.out, text) != 0)
			out = steal_pointer(&cap.out);
	}
	capture_free(&cap);
	return out;
}

char *
symbolize_text(const char *text, const struct symbol_sources *sources, long long deadline_ms)
{
	struct symbolizer *s;
	char *out;
	bool failed = true;

	if (now_ms() >= deadline_ms)
		return NULL;
	if (sources->kernel_tree && sources->vmlinux) {
		out = run_script(sources, text, deadline_ms, &failed);
		if (out || !failed || now_ms() >= deadline_ms)
			return out;
	}
	s = xcalloc(1, sizeof *s);
	s->sources = sources;
	s->deadline_ms = deadline_ms;
	s->files[0].path = sources->vmlinux ? xstrdup(sources->vmlinux) : NULL;
	s->nfiles = 1;
	set_prefixes(s);
	collect(s, text);
	for (size_t i = 0; i < s->nlookups && now_ms() < deadline_ms; i++)
		if (!s->lookups[i].asked)
			ask_group(s, i);
	out = render(s, text);
	symbolizer_free(s);
	return out;
}
