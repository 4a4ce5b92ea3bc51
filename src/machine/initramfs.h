/* The guest's initramfs: a cached part (init and modules) and a per-run part. */
#pragma once

#include "inspect.h"
#include "runconf.h"

/* Write PATH: the cached base archive for this kernel, followed by an
   archive holding CONF when it is not NULL (a detached run: the others
   get it on the control port).  *cache_hit tells whether the base was reused. */
int initramfs_build(const struct inspection *inspection, const struct runconf *conf,
		    const char *path, int *cache_hit);

/* Where the base archive for this kernel is cached, the module files it
   holds (NULL-terminated) and whether it is in the cache already. */
int initramfs_describe(const struct inspection *inspection, char **base_path, char ***modules, int *cache_hit);

/* Write PATH: an archive holding PROGRAM as /init and /dev/console only. */
int initramfs_single(const char *program, const char *path);
