#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "kcheck.h"
#include "strv.h"
#include "util.h"
#include "xalloc.h"

/* What an option must be for the guest to boot. */
enum need {
	NEED_ENABLED,  /* =y or =m */
	NEED_BUILTIN,  /* =y */
};

struct requirement {
	const char *option; /* without CONFIG_ */
	enum need need;
	const char *module; /* its module's name when =m */
};

/* In load order: the bus, the console, then the 9P root. */
static const struct requirement required[] = {
	{ "VIRTIO", NEED_ENABLED, "virtio" },
	{ "VIRTIO_PCI", NEED_ENABLED, "virtio_pci" },
	{ "VIRTIO_CONSOLE", NEED_ENABLED, "virtio_console" },
	{ "NET_9P", NEED_ENABLED, "9pnet" },
	{ "NET_9P_VIRTIO", NEED_ENABLED, "9pnet_virtio" },
	{ "9P_FS", NEED_ENABLED, "9p" },
	{ "DEVTMPFS", NEED_BUILTIN, NULL },
	{ "TMPFS", NEED_BUILTIN, NULL },
	{ "PROC_FS", NEED_BUILTIN, NULL },
	{ "SYSFS", NEED_BUILTIN, NULL },
	{ "BLK_DEV_INITRD", NEED_BUILTIN, NULL },
	{ "SERIAL_8250", NEED_BUILTIN, NULL },
	{ "SERIAL_8250_CONSOLE", NEED_BUILTIN, NULL },
	{ "UNIX98_PTYS", NEED_BUILTIN, NULL },
};

static const struct requirement overlay = { "OVERLAY_FS", NEED_ENABLED, "overlay" };
static const struct requirement network = { "VIRTIO_NET", NEED_ENABLED, "virtio_net" };
static const struct requirement entropy = { "HW_RANDOM_VIRTIO", NEED_ENABLED, "virtio_rng" };
/* Loaded when a run may have disks: --disk, --image, --qemu drives. */
static const struct requirement block = { "VIRTIO_BLK", NEED_ENABLED, "virtio_blk" };
static const struct requirement disk_root = { "EXT4_FS", NEED_ENABLED, "ext4" };
/* On another host that lacks the kernel's modules, they come on a squashfs disk. */
static const struct requirement modules_image = { "SQUASHFS", NEED_ENABLED, "squashfs" };
/* --virtiofs, in load order. */
static const struct requirement virtiofs[] = {
	{ "FUSE_FS", NEED_ENABLED, "fuse" },
	{ "VIRTIO_FS", NEED_ENABLED, "virtiofs" },
};

/* Say whether CONFIG has the option as REQ needs it. */
static bool
satisfied(const struct kconfig *config, const struct requirement *req)
{
	enum kconfig_value value = kconfig_get(config, req->option);

	if (req->need == NEED_BUILTIN)
		return value == KCONFIG_BUILTIN;
	return value == KCONFIG_BUILTIN || value == KCONFIG_MODULE;
}

/* Note REQ's module in the result when the option is =m. */
static void
note_module(const struct kconfig *config, const struct requirement *req,
	    struct kcheck_result *result)
{
	if (req->module && kconfig_get(config, req->option) == KCONFIG_MODULE)
		strv_append(&result->modules, req->module);
}

/* Add REQ to the missing list unless CONFIG satisfies it. */
static void
check_one(const struct kconfig *config, const struct requirement *req,
	  const struct requirement ***missing, size_t *n_missing)
{
	if (satisfied(config, req))
		return;
	*missing = xreallocarray(*missing, *n_missing + 1, sizeof **missing);
	(*missing)[(*n_missing)++] = req;
}

/* The value an option needs, as shown to the user. */
static const char *
need_text(enum need need)
{
	return need == NEED_BUILTIN ? "=y" : "=y or =m";
}

/* Fail with one line naming every missing option and what it must be. */
static int
report_missing(const struct requirement **missing, size_t n_missing)
{
	char line[768] = "";
	bool mixed = false;
	size_t used = 0;

	for (size_t i = 1; i < n_missing; i++)
		mixed |= missing[i]->need != missing[0]->need;
	for (size_t i = 0; i < n_missing && used < sizeof line; i++) {
		int wrote = snprintf(line + used, sizeof line - used, "%sCONFIG_%s%s%s%s",
				     i ? ", " : "", missing[i]->option, mixed ? " (" : "",
				     mixed ? need_text(missing[i]->need) : "", mixed ? ")" : "");
		if (wrote > 0)
			used += (size_t)wrote;
	}
	if (mixed)
		return err_set("kernel config lacks %s: enable them and rebuild", line);
	return err_set("kernel config lacks %s: enable %s (%s) and rebuild", line,
		       n_missing > 1 ? "them" : "it", need_text(missing[0]->need));
}

/* Note the overlay's module, or warn that the root will be read-only. */
static void
note_overlay(const struct kconfig *config, const struct kcheck_request *request,
	     struct kcheck_result *result)
{
	result->have_overlay = satisfied(config, &overlay);
	if (!request->overlay)
		return;
	if (result->have_overlay)
		note_module(config, &overlay, result);
	else
		strv_append(&result->warnings,
			    "kernel config lacks CONFIG_OVERLAY_FS: the guest's root file system "
			    "will be read-only (enable CONFIG_OVERLAY_FS=y or =m for a writable "
			    "overlay)");
}

/* Check every required option; the missing ones go to *missing. */
static void
check_required(const struct kconfig *config, const struct kcheck_request *request,
	       const struct requirement ***missing, size_t *n_missing)
{
	for (size_t i = 0; i < ARRAY_SIZE(required); i++)
		check_one(config, &required[i], missing, n_missing);
	if (request->net)
		check_one(config, &network, missing, n_missing);
	for (size_t i = 0; request->virtiofs && i < ARRAY_SIZE(virtiofs); i++)
		check_one(config, &virtiofs[i], missing, n_missing);
}

/* List the drivers that are modules, in load order. */
static void
note_modules(const struct kconfig *config, const struct kcheck_request *request,
	     struct kcheck_result *result)
{
	for (size_t i = 0; i < ARRAY_SIZE(required); i++)
		note_module(config, &required[i], result);
	note_overlay(config, request, result);
	if (request->net)
		note_module(config, &network, result);
	if (request->disks || request->modules_image)
		note_module(config, &block, result);
	if (request->modules_image)
		note_module(config, &modules_image, result);
	if (request->image)
		note_module(config, &disk_root, result);
	for (size_t i = 0; request->virtiofs && i < ARRAY_SIZE(virtiofs); i++)
		note_module(config, &virtiofs[i], result);
	note_module(config, &entropy, result);
}

int
kcheck_run(const struct kconfig *config, const struct kcheck_request *request,
	   struct kcheck_result *result)
{
	cleanup_free const struct requirement **missing = NULL;
	size_t n_missing = 0;

	memset(result, 0, sizeof *result);
	check_required(config, request, &missing, &n_missing);
	if (n_missing > 0)
		return report_missing(missing, n_missing);
	note_modules(config, request, result);
	result->decompress = kconfig_get(config, "MODULE_DECOMPRESS") == KCONFIG_BUILTIN;
	return 0;
}

/* Options the required ones depend on, for a fragment merged into a tiny
   config such as allnoconfig. */
static const char *const dependencies[] = {
	"64BIT", "PCI", "VIRTIO_MENU", "NET", "INET", "UNIX", "NETDEVICES", "NET_CORE",
	"TTY", "PRINTK", "BINFMT_ELF", "BINFMT_SCRIPT", "MULTIUSER", "FILE_LOCKING",
	"HW_RANDOM", "BLOCK", "BLK_DEV", "MODULES", "KALLSYMS", "DEBUG_KERNEL", "DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT",
	"GDB_SCRIPTS", "MISC_FILESYSTEMS", "SQUASHFS_ZLIB",
};

char *
kcheck_fragment(void)
{
	const struct requirement *extras[] = { &overlay, &network, &entropy, &block, &modules_image };
	size_t size = 256;
	char *text, *p;

	for (size_t i = 0; i < ARRAY_SIZE(required); i++)
		size += strlen(required[i].option) + 12;
	for (size_t i = 0; i < ARRAY_SIZE(dependencies); i++)
		size += strlen(dependencies[i]) + 12;
	size += 4 * 32;
	text = p = xmalloc(size);
	p += sprintf(p, "# What eudyptula-boot needs, everything built in (=m works too).\n");
	for (size_t i = 0; i < ARRAY_SIZE(required); i++)
		p += sprintf(p, "CONFIG_%s=y\n", required[i].option);
	for (size_t i = 0; i < ARRAY_SIZE(extras); i++)
		p += sprintf(p, "CONFIG_%s=y\n", extras[i]->option);
	p += sprintf(p, "# What those depend on, and kernel debugging with gdb.\n");
	for (size_t i = 0; i < ARRAY_SIZE(dependencies); i++)
		p += sprintf(p, "CONFIG_%s=y\n", dependencies[i]);
	return text;
}

void
kcheck_result_clear(struct kcheck_result *result)
{
	strv_free(result->modules);
	strv_free(result->warnings);
	memset(result, 0, sizeof *result);
}
