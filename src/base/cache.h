/* The cache directory and atomically written cache files. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* $XDG_CACHE_HOME/eudyptula-boot, else ~/.cache/eudyptula-boot, created if
   needed; NULL with a message if it cannot be made or others may write it. */
char *cache_dir(void);

/* Append "PATH SIZE MTIME;" to *KEY (allocated), naming the file's version. */
int cache_key_add_file(char **key, const char *path);

/* A 64-bit FNV-1a hash of a key, hexadecimal in OUT (17 bytes). */
void cache_key_hex(const char *key, char out[17]);

/* Entries unused for this long may go once more than CACHE_KEEP are there. */
#define CACHE_IDLE_SECONDS 3600
#define CACHE_KEEP 8

/* Keep DIR's files named PREFIX* to the KEEP most recently used (by mtime),
   removing only those idle for CACHE_IDLE_SECONDS, so that a run that has
   just chosen one never loses it. */
int cache_prune(const char *dir, const char *prefix, size_t keep);

/* Mark PATH as just used. */
void cache_touch(const char *path);

/* Write a file through a temporary name and rename it into place, so
   that a reader never sees it half written. */
int cache_write_atomic(const char *path, int (*writer)(int fd, void *ctx), void *ctx);
