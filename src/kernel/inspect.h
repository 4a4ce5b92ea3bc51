/* Everything known about the kernel before the guest is built. */
#pragma once

#include <stdbool.h>

#include "kcheck.h"
#include "kconfig.h"
#include "kernel.h"

struct inspection {
	struct kernel_image image;
	struct kconfig *config;      /* NULL when none was found */
	char *config_source;
	struct kcheck_result needs;
	char *modules_dir;           /* NULL when none was found */
};

/* Find KERNEL (an image or build tree; NULL: the running kernel's image,
   else the newest in /boot), read its version and config, check the config
   against REQUEST (NULL: check nothing), find its modules: first under
   STAGED (a --build's INSTALL_MOD_PATH) when given. */
int inspect_kernel(const char *kernel, const char *staged, const struct kcheck_request *request,
		   struct inspection *inspection);

void inspection_clear(struct inspection *inspection);
