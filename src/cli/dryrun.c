#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "connection.h"
#include "dryrun.h"
#include "error.h"
#include "initramfs.h"
#include "snapstore.h"
#include "spare.h"
#include "strv.h"
#include "util.h"

/* The base names of module paths, space separated. */
static void
print_modules(char *const *modules)
{
	fputs("modules:   ", stdout);
	for (size_t i = 0; modules && modules[i]; i++) {
		const char *slash = strrchr(modules[i], '/');

		printf("%s%s", i ? " " : "", slash ? slash + 1 : modules[i]);
	}
	puts(modules && modules[0] ? "" : "none (the drivers are built in)");
}

/* Whether a spare of PLAN's shape is ready on its URI now. */
static bool
spare_ready(const struct plan *plan)
{
	bool embedded;
	virConnectPtr conn = connection_open(plan->uri, NULL, &embedded);
	int ready = conn ? spare_count(conn, snapstore_name(plan->snapshot), plan->host_user, true) : 0;

	if (conn)
		virConnectClose(conn);
	return ready > 0;
}

/* How the machine would start: on a warm spare, from its snapshot, or
   cold and why. */
static void
print_machine(const struct plan *plan)
{
	bool ready = plan->spare && spare_ready(plan);

	if (plan->spare_why)
		printf("spare:     none (%s)\n", plan->spare_why);
	else if (plan->spare)
		printf("spare:     %s, and one is left for the next run\n",
		       ready ? "a ready warm spare of this shape is claimed" : "none is ready");
	if (ready)
		printf("machine:   a claimed warm spare, restored from the snapshot %s\n", plan->snapshot);
	else if (!plan->snapshot)
		printf("machine:   cold (%s)\n", plan->snapshot_why);
	else if (access(plan->snapshot, R_OK) == 0)
		printf("machine:   restored from the snapshot %s\n", plan->snapshot);
	else
		printf("machine:   cold, taking the snapshot %s\n", plan->snapshot);
}

int
dryrun_print(const struct inspection *inspection, const struct plan *plan)
{
	cleanup_free char *base_path = NULL;
	cleanup_strv char **modules = NULL;
	int cache_hit = 0;

	printf("kernel:    %s\n", inspection->image.path);
	printf("version:   %s\n", inspection->image.version);
	printf("config:    %s\n", inspection->config_source ? inspection->config_source : "none found");
	printf("modules directory: %s\n", inspection->modules_dir ? inspection->modules_dir : "none found");
	if (!plan->init_program) {
		if (initramfs_describe(inspection, &base_path, &modules, &cache_hit) < 0)
			return -1;
		print_modules(modules);
		printf("initramfs: %s (cache %s)\n", base_path, cache_hit ? "hit" : "miss: it would be built");
	} else {
		printf("initramfs: %s as /init\n", plan->init_program);
	}
	if (plan->pvh_kernel)
		printf("boot:      ELF kernel %s through its PVH entry\n", plan->pvh_kernel);
	else
		printf("boot:      the image itself: %s\n", plan->pvh_why);
	printf("cmdline:   %s\n", plan->cmdline);
	print_machine(plan);
	printf("URI:       %s (%s)\n", plan->uri, plan->uri_why);
	printf("domain:    %s (%s)\n", plan->name, plan->domain.accel == ACCEL_KVM ? "KVM" : "TCG");
	printf("run dir:   %s\n", plan->run_dir);
	return fflush(stdout) == 0 ? 0 : err_sys("writing to stdout");
}
