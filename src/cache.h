/* The cache directory and atomically written cache files. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* $XDG_CACHE_HOME/eudyptula-boot, else ~/.cache/eudyptula-boot, created if needed. */
char *cache_dir(void);

/* A 64-bit FNV-1a hash of a key, hexadecimal in OUT (17 bytes). */
void cache_key_hex(const char *key, char out[17]);

/* Write a file through a temporary name and rename it into place, so
   that a reader never sees it half written. */
int cache_write_atomic(const char *path, int (*writer)(int fd, void *ctx), void *ctx);
