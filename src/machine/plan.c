#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "strv.h"

void
plan_clear(struct plan *plan)
{
	free(plan->name);
	free(plan->run_dir);
	free(plan->initrd_path);
	free(plan->cmdline);
	free(plan->root_dir);
	free(plan->host_user);
	free(plan->accel_note);
	free(plan->virtiofsd);
	free(plan->pvh_kernel);
	free(plan->pvh_why);
	for (size_t i = 0; i < plan->share_count; i++)
		share_clear(&plan->shares[i]);
	free(plan->shares);
	for (size_t i = 0; i < plan->disk_count; i++)
		disk_clear(&plan->disks[i]);
	free(plan->disks);
	strv_free(plan->qemu_args);
	free(plan->snapshot);
	free(plan->spare_name);
	free(plan->remote_host);
	free(plan->remote_gdb);
	free(plan->remote_kernel);
	free(plan->remote_initrd);
	free(plan->remote_modules);
	free(plan->remote_log_dir);
	free(plan->spare_dir);
	memset(plan, 0, sizeof *plan);
}
