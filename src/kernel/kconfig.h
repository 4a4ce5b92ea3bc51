/* The kernel's build configuration: where it is and what it says. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct kconfig;

enum kconfig_value {
	KCONFIG_UNSET = 0, /* not set, or absent */
	KCONFIG_BUILTIN,   /* =y */
	KCONFIG_MODULE,    /* =m */
	KCONFIG_OTHER,     /* a string or number value */
};

/* Parse a .config-format text (never NULL). */
struct kconfig *kconfig_parse(const char *text, size_t len);

/* Find and load the configuration of a kernel: .config of a build tree,
   else config-VERSION next to the image, else the embedded IKCONFIG, else
   the installed kernel's /boot/config-VERSION (a copy of it elsewhere).
   *source is set to an allocated description of where it came from. */
struct kconfig *kconfig_load(const char *image_path, const char *build_dir,
			     const char *version, char **source);

/* Extract an embedded IKCONFIG from a bzImage or ELF vmlinux; allocated text. */
char *kconfig_extract_ikconfig(const char *image_path, size_t *len);

/* The value of NAME (with or without CONFIG_); KCONFIG_UNSET when absent. */
enum kconfig_value kconfig_get(const struct kconfig *config, const char *name);

/* The text of NAME's value, unquoted; NULL when unset. */
const char *kconfig_get_string(const struct kconfig *config, const char *name);

void kconfig_free(struct kconfig *config);
