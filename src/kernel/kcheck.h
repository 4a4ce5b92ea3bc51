/* Checking a kernel configuration against what a boot needs. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "kconfig.h"

struct kcheck_request {
	bool overlay; /* the root is an overlay (neither --readonly nor --readwrite) */
	bool net;     /* --net */
	bool image;   /* --image: the root is an ext4 (or other) disk */
	bool virtiofs; /* --virtiofs: the root is a virtiofs share */
	bool disks;   /* --disk, --image or --qemu (which may add drives) */
	bool modules_image; /* on another host: the modules may come on a squashfs disk */
};

struct kcheck_result {
	bool have_overlay;  /* CONFIG_OVERLAY_FS is y or m */
	bool decompress;    /* the kernel loads compressed modules itself */
	char **modules;     /* drivers that are modules, in load order, NULL-terminated */
	char **warnings;    /* notes to show the user, NULL-terminated */
};

/* Fail naming every missing CONFIG_ option; else fill *result. */
int kcheck_run(const struct kconfig *config, const struct kcheck_request *request,
	       struct kcheck_result *result);

/* Free what *result holds and zero it. */
/* The config fragment this tool needs, as text for a .config (allocated). */
char *kcheck_fragment(void);

void kcheck_result_clear(struct kcheck_result *result);
