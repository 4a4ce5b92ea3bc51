#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "accel.h"
#include "util.h"
#include "xalloc.h"

/* True when SYSFS/module/NAME exists. */
static bool
module_loaded(const char *sysfs, const char *name)
{
	char path[256];

	snprintf(path, sizeof path, "%s/module/%s", sysfs, name);
	return access(path, F_OK) == 0;
}

enum accel
accel_resolve(enum accel requested, const char *sysfs, const char *dev_kvm, char **why)
{
	cleanup_fd int fd = -1;

	*why = NULL;
	if (requested != ACCEL_AUTO)
		return requested;
	fd = open(dev_kvm, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return ACCEL_TCG;
	/* A paravirtual KVM (kvm_pvm) hangs stock kernels: only trust the real ones. */
	if (module_loaded(sysfs, "kvm_intel") || module_loaded(sysfs, "kvm_amd"))
		return ACCEL_KVM;
	*why = xasprintf("%s is %s, which cannot run a stock kernel: using TCG (software emulation); --accel=kvm forces KVM",
			 dev_kvm, module_loaded(sysfs, "kvm_pvm") ? "a paravirtual KVM (kvm_pvm)" : "not backed by kvm_intel or kvm_amd");
	return ACCEL_TCG;
}
