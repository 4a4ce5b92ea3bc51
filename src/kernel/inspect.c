#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "error.h"
#include "inspect.h"
#include "kbuild.h"
#include "log.h"
#include "moddir.h"
#include "util.h"
#include "xalloc.h"

/* The image named by --kernel, else the running kernel's, else the newest. */
static char *
choose_image(const char *kernel)
{
	struct utsname uts;
	cleanup_free char *why = NULL;
	char *path;

	if (kernel)
		return xstrdup(kernel);
	if (uname(&uts) < 0) {
		err_sys("uname");
		return NULL;
	}
	path = kernel_default_path("/boot", uts.release, &why);
	if (path && why)
		log_info("%s", why);
	return path;
}

/* Load the config and check it against what this run needs (REQUEST;
   NULL for a --init program, which needs none of the 9P root's drivers). */
static int
check_config(const struct kcheck_request *request, struct inspection *inspection)
{
	inspection->config = kconfig_load(inspection->image.path, inspection->image.build_dir,
					  inspection->image.version, &inspection->config_source);
	if (!inspection->config) {
		log_warn("no configuration found for %s (%s): its needs are not checked, drivers are assumed built in",
			 inspection->image.version, err_get());
		return 0;
	}
	if (!request) {
		log_ok("Kernel configuration found (%s); --init needs nothing of it", inspection->config_source);
		return 0;
	}
	if (kcheck_run(inspection->config, request, &inspection->needs) < 0)
		return -1;
	for (size_t i = 0; inspection->needs.warnings && inspection->needs.warnings[i]; i++)
		log_warn("%s", inspection->needs.warnings[i]);
	log_ok("Kernel configuration checked (%s)", inspection->config_source);
	return 0;
}

int
inspect_kernel(const char *kernel, const char *staged, const struct kcheck_request *request,
	       struct inspection *inspection)
{
	cleanup_free char *path = choose_image(kernel), *built = NULL;

	memset(inspection, 0, sizeof *inspection);
	if (!path || kernel_image_open(path, &inspection->image) < 0)
		return -1;
	log_ok("Found kernel %s (%s)", inspection->image.version, inspection->image.path);
	if (check_config(request, inspection) < 0)
		return -1;
	if (staged)
		inspection->modules_dir = moddir_staged(staged, inspection->image.version);
	else if (inspection->image.build_dir && (built = kbuild_staged(inspection->image.build_dir)))
		inspection->modules_dir = moddir_staged(built, inspection->image.version);
	if (!inspection->modules_dir)
		inspection->modules_dir = moddir_find(inspection->image.path, inspection->image.build_dir,
						      inspection->image.version);
	if (inspection->modules_dir)
		log_ok("Modules are in %s", inspection->modules_dir);
	else if (inspection->needs.modules && inspection->needs.modules[0])
		return err_set("kernel %s needs modules (%s, ...) but no lib/modules/%s was found next to it or in /lib/modules: run make modules_install INSTALL_MOD_PATH=DIR",
			       inspection->image.version, inspection->needs.modules[0], inspection->image.version);
	else
		log_warn("Unable to find module directory for %s", inspection->image.version);
	return 0;
}

void
inspection_clear(struct inspection *inspection)
{
	kernel_image_clear(&inspection->image);
	kconfig_free(inspection->config);
	free(inspection->config_source);
	kcheck_result_clear(&inspection->needs);
	free(inspection->modules_dir);
	memset(inspection, 0, sizeof *inspection);
}
