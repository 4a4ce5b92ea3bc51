/* Deciding the shape of the guest from the settings and the kernel. */
#pragma once

#include "domain.h"
#include "inspect.h"
#include "options.h"

struct plan {
	struct domain_plan domain;
	char *name;
	char *run_dir;
	char *initrd_path;
	char *cmdline;
	char *root_dir;
	char *host_user;
	char *accel_note;    /* why KVM was not used, or NULL */
	const char *uri;
	const char *uri_why;
};

/* Fill PLAN; refuses a kernel command line longer than the kernel takes. */
int plan_make(const struct settings *settings, const struct inspection *inspection, struct plan *plan);

void plan_clear(struct plan *plan);
