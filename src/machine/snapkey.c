#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cache.h"
#include "snapkey.h"
#include "snapstore.h"
#include "util.h"
#include "xalloc.h"

const char *
snapkey_unfit(const struct plan *plan)
{
	if (plan->remote)
		return "on another host, QEMU cannot reach this machine's socket for the saved state";
	if (plan->domain.detached)
		return "a detached run has its settings in its initramfs";
	if (plan->init_program)
		return "--init boots a program of its own";
	if (plan->disk_count || plan->domain.root_from_image)
		return "the kernel reads disks before the snapshot point";
	if (plan->virtiofsd)
		return "QEMU cannot save a virtiofs device";
	if (plan->gdb_wait)
		return "with --gdb-wait, gdb is there from the start";
	return NULL;
}

/* Append TEXT and a separator to *KEY. */
static void
key_add(char **key, const char *text)
{
	char *grown = xasprintf("%s%s|", *key, text ? text : "-");

	free(*key);
	*key = grown;
}

/* The machine's devices, beyond the numbers. */
static void
key_add_devices(char **key, const struct plan *plan)
{
	const struct domain_plan *domain = &plan->domain;

	for (size_t i = 0; i < plan->share_count; i++) {
		key_add(key, plan->shares[i].host);
		key_add(key, plan->shares[i].readonly ? "ro" : "rw");
	}
	for (size_t i = 0; domain->qemu_args && domain->qemu_args[i]; i++)
		key_add(key, domain->qemu_args[i]);
	for (size_t i = 0; domain->forwards && domain->forwards[i]; i++)
		key_add(key, domain->forwards[i]);
}

char *
snapkey_path(const struct plan *plan, const char *image, const char *base)
{
	const struct domain_plan *domain = &plan->domain;
	cleanup_free char *dir = cache_dir();
	cleanup_free char *key = xasprintf("%s|%s|%d|%llu|%u|%s|%d|%s|%d|%s|%u|%d|%d|%ld|%ld|%s|", PACKAGE_VERSION,
					   plan->uri, (int)domain->accel, (unsigned long long)domain->mem_mib,
					   domain->cpus, plan->cmdline, plan->pvh_wanted, plan->root_dir,
					   domain->root_writable, domain->modules_dir ? domain->modules_dir : "-",
					   domain->extra_gettys, domain->net, domain->ttys2, domain->qemu_uid,
					   domain->qemu_gid, plan->host_user ? plan->host_user : "-");
	char hash[17];

	if (!dir || cache_key_add_file(&key, image) < 0)
		return NULL;
	key_add(&key, base);
	key_add_devices(&key, plan);
	cache_key_hex(key, hash);
	return xasprintf("%s/" SNAPSHOT_PREFIX "%s", dir, hash);
}
