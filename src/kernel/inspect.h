/* Everything known about the kernel before the guest is built. */
#pragma once

#include <stdbool.h>

#include "kcheck.h"
#include "kconfig.h"
#include "kernel.h"
#include "options.h"

struct inspection {
	struct kernel_image image;
	struct kconfig *config;      /* NULL when none was found */
	char *config_source;
	struct kcheck_result needs;
	char *modules_dir;           /* NULL when none was found */
};

/* Find the kernel, read its version and config, check it, find its modules. */
int inspect_kernel(const struct settings *settings, struct inspection *inspection);

void inspection_clear(struct inspection *inspection);
