/* Allocations that cannot fail: on exhaustion the program prints one
   line and exits EXIT_TOOL, as tmux's xmalloc.c and bubblewrap's die_oom
   do (libvirt itself aborts).  No caller checks for NULL. */
#pragma once

#include <stddef.h>

/* Print "eudyptula-boot: out of memory" and exit EXIT_TOOL (through
   _exit in a forked child). */
_Noreturn void die_oom(void);

/* From now on this process is the program's own (a child that carries
   the run on, not a helper): its exhaustion exits through exit(). */
void xalloc_own_process(void);

/* malloc that never returns NULL (a 0 size gets a 1-byte block). */
void *xmalloc(size_t size);

/* calloc that never returns NULL, NMEMB * SIZE checked for overflow. */
void *xcalloc(size_t nmemb, size_t size);

/* realloc that never returns NULL (a 0 size keeps a 1-byte block). */
void *xrealloc(void *ptr, size_t size);

/* realloc to NMEMB * SIZE bytes, the product checked for overflow. */
void *xreallocarray(void *ptr, size_t nmemb, size_t size);

/* strdup that never returns NULL. */
char *xstrdup(const char *s);

/* strndup that never returns NULL. */
char *xstrndup(const char *s, size_t n);

/* asprintf returning the formatted string, never NULL. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* P itself, or die_oom when NULL: for libraries that allocate and
   return NULL only on exhaustion (libxml2's node and property calls). */
void *xnonnull(void *p);
