/* The modules directory of a kernel, and the modules a boot needs from it. */
#pragma once

#include <stddef.h>

/* Find lib/modules/VERSION: next to the image, up to three levels up,
   in a build tree, then /lib/modules/VERSION.  NULL when none exists. */
char *moddir_find(const char *image_path, const char *build_dir, const char *version);

/* INSTALL_MOD_PATH/lib/modules/VERSION when it is there (allocated); NULL otherwise. */
char *moddir_staged(const char *install_mod_path, const char *version);

/* The .ko files (absolute paths) that load NAMES, dependencies first,
   each once, NULL-terminated.  Resolved with libkmod. */
char **moddir_resolve(const char *modules_dir, const char *const *names);

/* Read a module file, decompressing .ko.gz/.ko.xz/.ko.zst; allocated. */
unsigned char *moddir_read_module(const char *path, size_t *size);

