#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "contract.h"

#include "error.h"
#include "log.h"
#include "modimage.h"
#include "remoterun.h"
#include "timings.h"
#include "upload.h"
#include "uri.h"
#include "util.h"
#include "xalloc.h"

/* Say what went to the host, or that nothing had to. */
static void
report(const struct plan *plan, const char *pool, const struct upload_stats *stats)
{
	if (!stats->sent)
		log_ok("Nothing to upload to %s: what the run needs is in its pool %s", plan->remote_host, pool);
	else
		log_ok("Uploaded %u file%s (%.1f MB) to %s in %.1f s, into its pool %s (%u there already)", stats->sent,
		       stats->sent == 1 ? "" : "s", (double)stats->bytes / 1e6, plan->remote_host, (double)stats->ms / 1000,
		       pool, stats->kept);
	timings_upload(plan->remote_host, stats->bytes, stats->ms);
}

/* Whether PLAN's host has the kernel's modules, as MODULES_DIR has them
   (its modules.dep, the same size, in /lib/modules/VERSION of the root there). */
static bool
host_has_modules(virConnectPtr conn, const struct plan *plan, const char *modules_dir)
{
	cleanup_free char *dep = xasprintf("%s/modules.dep", modules_dir);
	cleanup_free char *there = xasprintf("%s/lib/modules/%s", strcmp(plan->root_dir, "/") ? plan->root_dir : "",
					     plan->domain.kernel_version);
	struct stat st;

	return stat(dep, &st) < 0 || upload_host_has(conn, there, "modules.dep", (uint64_t)st.st_size);
}

/* The modules on a disk, for a host that lacks them; a kernel that cannot
   read it boots without them. */
static int
provide_modules(virConnectPtr conn, virStoragePoolPtr pool, struct plan *plan, const char *modules_dir,
		struct runconf *conf, struct upload_stats *stats)
{
	cleanup_free char *image = NULL;

	if (!modules_dir || host_has_modules(conn, plan, modules_dir))
		return 0;
	if (!(image = modimage_get(modules_dir, plan->domain.kernel_version))) {
		log_warn("%s lacks the kernel's modules, and they cannot be sent: %s", plan->remote_host, err_get());
		return 0;
	}
	if (!(plan->remote_modules = upload_file(pool, image, "modules", stats)))
		return -1;
	plan->domain.modules_disk = plan->remote_modules;
	runconf_add(conf, EB_KEY_MODULES_DISK, "1");
	return 0;
}

int
remoterun_upload(virConnectPtr conn, struct plan *plan, const char *modules_dir, struct runconf *conf)
{
	virStoragePoolPtr pool = upload_pool(conn, plan->pool, uri_wants_system(plan->uri));
	struct upload_stats stats = { 0 };
	const char *kernel = plan->domain.boot_path ? plan->domain.boot_path : plan->domain.kernel_path;
	int rc = -1;

	if (!pool)
		return -1;
	upload_prune(pool);
	log_work("Uploading what %s lacks of the kernel, the initramfs and the modules (pool %s)...", plan->remote_host,
		 virStoragePoolGetName(pool));
	if ((plan->remote_kernel = upload_file(pool, kernel, "kernel", &stats)) &&
	    (plan->remote_initrd = upload_file(pool, plan->initrd_path, "initrd", &stats)) &&
	    provide_modules(conn, pool, plan, modules_dir, conf, &stats) == 0) {
		plan->domain.boot_path = plan->remote_kernel;
		plan->domain.initrd_path = plan->remote_initrd;
		/* A detached run's files go beside them, to be fetched by --status. */
		if (plan->domain.detached) {
			plan->remote_log_dir = xstrndup(plan->remote_kernel, strrchr(plan->remote_kernel, '/') - plan->remote_kernel);
			plan->domain.remote_log_dir = plan->remote_log_dir;
		}
		report(plan, virStoragePoolGetName(pool), &stats);
		rc = 0;
	}
	virStoragePoolFree(pool);
	return rc;
}
