/* Finding a module's .ko file by its name in directories of built modules. */
#pragma once

/* The deepest a search goes below each directory given, and the most
   directory entries one search reads in all. */
#define KOFIND_MAX_DEPTH 8
#define KOFIND_MAX_ENTRIES 50000
/* The biggest .ko looked into for its vermagic. */
#define KOFIND_MAX_SIZE (256 << 20)

/* The path of NAME.ko, '-' and '_' in NAME matching either, built for the
   kernel release VERSION (NULL: any), in one of DIRS (NULL-terminated) or
   below it: the shallowest first (breadth-first), hidden entries and
   symlinked directories skipped, within the bounds above.  Allocated;
   NULL (no message) when none. */
char *kofind(const char *const *dirs, const char *name, const char *version);
