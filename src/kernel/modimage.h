/* A read-only image of a kernel's modules directory, for another host
   that lacks them: a squashfs made by mksquashfs (gzip, which every
   squashfs kernel reads), kept in the cache. */
#pragma once

/* How many of them the cache keeps (the least recently used go first). */
#define MODIMAGE_KEEP 3

/* The image of MODULES_DIR, the modules of VERSION, in the cache
   (allocated), made first unless it is there; NULL with a message. */
char *modimage_get(const char *modules_dir, const char *version);
