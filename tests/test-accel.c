/* The choice between KVM and TCG, on sysfs trees and /dev/kvm stand-ins
   made for the test. */
#include "config.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "accel.h"
#include "tap.h"

static char top[] = "/tmp/eb-accel.XXXXXX";

/* A sysfs under TOP/NAME with these modules loaded (NULL-terminated). */
static char *
make_sysfs(const char *name, const char *const *modules)
{
	char *dir, path[512];

	if (asprintf(&dir, "%s/%s", top, name) < 0 || mkdir(dir, 0755) < 0)
		abort();
	snprintf(path, sizeof path, "%s/module", dir);
	mkdir(path, 0755);
	for (size_t i = 0; modules[i]; i++) {
		snprintf(path, sizeof path, "%s/module/%s", dir, modules[i]);
		mkdir(path, 0755);
	}
	return dir;
}

/* Resolve REQUESTED on that tree and device; WHY_PART: in the note, or NULL for none. */
static void
expect(enum accel requested, const char *sysfs, const char *dev_kvm, enum accel want, const char *why_part,
       const char *what)
{
	char *why = NULL;
	enum accel got = accel_resolve(requested, sysfs, dev_kvm, &why);

	tap_ok(got == want, "%s: %s", what, got == ACCEL_KVM ? "KVM" : got == ACCEL_TCG ? "TCG" : "auto");
	if (why_part)
		tap_ok(why && strstr(why, why_part), "%s: the note says \"%s\" (%s)", what, why_part, why ? why : "none");
	else
		tap_ok(!why, "%s: no note", what);
	free(why);
}

/* nftw callback: remove one entry of the test's tree. */
static int
remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return type == FTW_DP ? rmdir(path) : unlink(path);
}

int
main(void)
{
	static const char *const intel[] = { "kvm", "kvm_intel", NULL }, *const amd[] = { "kvm", "kvm_amd", NULL },
				 *const pvm[] = { "kvm", "kvm_pvm", NULL }, *const none[] = { NULL };
	char dev[600], missing[600];
	char *sys_intel, *sys_amd, *sys_pvm, *sys_none;

	if (!mkdtemp(top))
		abort();
	snprintf(dev, sizeof dev, "%s/kvm", top);
	snprintf(missing, sizeof missing, "%s/no-kvm", top);
	close(open(dev, O_CREAT | O_RDWR, 0600));
	sys_intel = make_sysfs("intel", intel);
	sys_amd = make_sysfs("amd", amd);
	sys_pvm = make_sysfs("pvm", pvm);
	sys_none = make_sysfs("none", none);

	expect(ACCEL_AUTO, sys_intel, dev, ACCEL_KVM, NULL, "auto, /dev/kvm backed by kvm_intel");
	expect(ACCEL_AUTO, sys_amd, dev, ACCEL_KVM, NULL, "auto, /dev/kvm backed by kvm_amd");
	expect(ACCEL_AUTO, sys_pvm, dev, ACCEL_TCG, "paravirtual KVM (kvm_pvm)", "auto, a paravirtual KVM");
	expect(ACCEL_AUTO, sys_none, dev, ACCEL_TCG, "not backed by kvm_intel or kvm_amd", "auto, an unknown /dev/kvm");
	expect(ACCEL_AUTO, sys_intel, missing, ACCEL_TCG, NULL, "auto, no /dev/kvm");
	expect(ACCEL_KVM, sys_pvm, missing, ACCEL_KVM, NULL, "--accel=kvm is obeyed");
	expect(ACCEL_TCG, sys_intel, dev, ACCEL_TCG, NULL, "--accel=tcg is obeyed");

	free(sys_intel);
	free(sys_amd);
	free(sys_pvm);
	free(sys_none);
	nftw(top, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
