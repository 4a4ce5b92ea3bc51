/* Deciding the shape of the guest from the settings and the kernel. */
#pragma once

#include "domain.h"
#include "inspect.h"
#include "options.h"
#include "resources.h"

struct plan {
	struct domain_plan domain;
	char *name;
	char *run_dir;
	char *initrd_path;
	char *cmdline;
	char *root_dir;
	char *host_user;
	char *accel_note;    /* why KVM was not used, or NULL */
	char *virtiofsd;     /* --virtiofs: the daemon libvirt runs for the root share */
	const char *uri;
	const char *uri_why;
	struct share *shares;  /* the home directory (unless --no-home), then --share */
	size_t share_count;
	struct disk *disks;
	size_t disk_count;
	char *pvh_kernel;      /* the ELF kernel booted through PVH, or NULL */
	char *pvh_why;         /* why the image is booted instead, or NULL */
	const char *symbols;   /* the booted vmlinux when it has symbols (pvh_kernel), or NULL */
	bool nokaslr_added;    /* nokaslr was put on the command line for gdb */
	char **qemu_args;      /* --qemu words left after virtio drives became disks */
};

/* Fill PLAN; refuses a kernel command line longer than the kernel takes. */
int plan_make(const struct settings *settings, const struct inspection *inspection, struct plan *plan);

/* Choose how the kernel is booted: its ELF kernel through PVH (extracted
   into the cache now unless only printing), else the image itself. */
int plan_kernel_entry(const struct settings *settings, const struct inspection *inspection, struct plan *plan);

/* The private directory of the run that names its domain NAME, in this
   user's directory of run directories (allocated). */
char *plan_run_dir(const char *name);

void plan_clear(struct plan *plan);
