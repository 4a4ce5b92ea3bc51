/* Source locations for the stack lines of a kernel splat, from a vmlinux
   and modules with debug info. */
#pragma once

struct symbol_sources {
	const char *vmlinux;            /* an ELF vmlinux with debug info, or NULL */
	const char *kernel_tree;        /* a tree with scripts/decode_stacktrace.sh, or NULL */
	const char *const *module_dirs; /* where NAME.ko may be (searched recursively, depth-bounded), NULL-terminated; may be NULL */
	const char *kernel_version;     /* the release a module must be built for; NULL: any */
};

/* The most lines looked at and stack lines looked up, the longest line
   looked at, the most text handed to decode_stacktrace.sh and read back
   from a helper. */
#define SYMBOLIZE_LINES_MAX 20000
#define SYMBOLIZE_FRAMES_MAX 256
#define SYMBOLIZE_LINE_MAX 1024
#define SYMBOLIZE_TEXT_MAX (1u << 20)
#define SYMBOLIZE_OUTPUT_MAX (4u << 20)

/* TEXT (a splat's lines, '\n'-ended, kernel stamps kept) with " (FILE:LINE)"
   or decode_stacktrace.sh's rendering added to the stack lines it can
   resolve; the other lines unchanged.  NULL (no message needed) when
   nothing could be resolved.  Gives up (returning what it has, or NULL)
   when now_ms() passes DEADLINE_MS: every child it runs is killed at the
   deadline.

   With a kernel_tree that has scripts/decode_stacktrace.sh and a vmlinux,
   the script does the work (its arguments: the vmlinux, the tree as the
   base path, the first module directory; TEXT on its stdin), else
   addr2line -a -f -i does, an address per stack line: the symbol's value
   plus the offset, in its section for a module (-j), less one for a call
   trace's return address.  A line gets " (FILE:LINE)", or " (FILE:LINE in
   INNER, inlined at FILE:LINE)" for inlined code, after its frame:
   " foo_init+0x15/0x1000 [eb_splat] (tests/module/eb_splat.c:42)".  Paths
   are relative to kernel_tree, else to the current directory, when
   under it. */
char *symbolize_text(const char *text, const struct symbol_sources *sources, long long deadline_ms);
