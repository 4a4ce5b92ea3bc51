/* Choosing between KVM and software emulation (TCG). */
#pragma once

#include <stdbool.h>

enum accel {
	ACCEL_AUTO,
	ACCEL_KVM,
	ACCEL_TCG,
};

/* Resolve ACCEL_AUTO to KVM or TCG under SYSFS (normally "/sys") and DEV_KVM;
   *why is set to an allocated note when KVM is present but not used. */
enum accel accel_resolve(enum accel requested, const char *sysfs, const char *dev_kvm, char **why);
