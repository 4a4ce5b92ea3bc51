#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "contract.h"
#include "domain.h"
#include "sparemeta.h"
#include "error.h"
#include "runfiles.h"
#include "util.h"
#include "xalloc.h"
#include "xml.h"

#define QEMU_NS "http://libvirt.org/schemas/domain/qemu/1.0"
#define TITLE_MAX 200

char *
domain_make_name(const char *version)
{
	unsigned char random_bytes[3] = { 0 };
	char *name;
	size_t prefix;

	if (getrandom(random_bytes, sizeof random_bytes, 0) != sizeof random_bytes)
		memset(random_bytes, 0, sizeof random_bytes);
	name = xasprintf("eudyptula-%.40s-%02x%02x%02x", version, random_bytes[0], random_bytes[1], random_bytes[2]);
	prefix = strlen("eudyptula-");
	for (char *p = name + prefix; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", *p))
			*p = '-';
	return name;
}

char *
domain_make_title(const char *version, char *const *command)
{
	char title[TITLE_MAX + 4];
	size_t len = (size_t)snprintf(title, sizeof title, "eudyptula-boot: %s: ", version);
	if (!command)
		snprintf(title + len, sizeof title - len, "interactive shell");
	for (size_t i = 0; command && command[i] && len < TITLE_MAX; i++)
		len += (size_t)snprintf(title + len, sizeof title - len, "%s%s", i ? " " : "", command[i]);
	if (len >= TITLE_MAX)
		strcpy(title + TITLE_MAX - 3, "...");
	for (char *p = title; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	return xml_text_escape_invalid(title);
}

/* A spare's title, and its element beside the run's. */
static char *
spare_identity(xmlNodePtr metadata, const struct domain_plan *plan)
{
	sparemeta_fill(xnonnull(xmlNewChild(metadata, NULL, BAD_CAST "spare", NULL)), plan->spare_of, EB_SPARE_PREPARING,
		       plan->host_user);
	return xasprintf("eudyptula-boot: %s: warm spare, being prepared", plan->kernel_version);
}

/* Name, title, description and the project's metadata. */
static void
set_identity(xmlNodePtr domain, const struct domain_plan *plan)
{
	cleanup_free char *title = NULL;
	cleanup_free char *description = xasprintf("Kernel %s (%s) booted on %s by eudyptula-boot %s", plan->kernel_path,
						   plan->kernel_version, plan->root_dir, PACKAGE_VERSION);
	xmlNodePtr metadata, run, node, name;
	xmlNsPtr ns;

	xml_set_prop(domain, "type", plan->accel == ACCEL_KVM ? "kvm" : "qemu");
	name = xml_set_child(domain, "name", plan->name);
	xml_set_child(domain, "description", description);
	/* A generation ID of its own, which libvirt draws: a kernel with
	   vmgenid reseeds its generator when a restored machine gets a new one.
	   Next to the name, where libvirt's schema accepts it with any device. */
	xml_remove_children(domain, "genid");
	xnonnull(xmlAddNextSibling(name, xnonnull(xmlNewNode(NULL, BAD_CAST "genid"))));

	metadata = xml_ensure_child(domain, "metadata");
	title = plan->spare_of ? spare_identity(metadata, plan) : domain_make_title(plan->kernel_version, plan->command);
	xml_set_child(domain, "title", title);
	run = xnonnull(xmlNewChild(metadata, NULL, BAD_CAST "run", NULL));
	ns = xnonnull(xmlNewNs(run, BAD_CAST EB_METADATA_NS, BAD_CAST "eudyptula"));
	xmlSetNs(run, ns);
	node = xnonnull(xmlNewChild(run, ns, BAD_CAST "kernel", NULL));
	xml_set_prop(node, "path", plan->kernel_path);
	xml_set_prop(node, "version", plan->kernel_version);
	node = xnonnull(xmlNewChild(run, ns, BAD_CAST "command", NULL));
	for (size_t i = 0; plan->command && plan->command[i]; i++) {
		cleanup_free char *arg = xml_text_escape_invalid(plan->command[i]);

		xnonnull(xmlNewTextChild(node, ns, BAD_CAST "arg", BAD_CAST arg));
	}
	if (plan->host_user)
		xnonnull(xmlNewTextChild(run, ns, BAD_CAST "user", BAD_CAST plan->host_user));
	xnonnull(xmlNewTextChild(run, ns, BAD_CAST "version", BAD_CAST PACKAGE_VERSION));
}

/* Memory, vCPUs and, with KVM, the host's CPU model. */
static void
set_resources(xmlNodePtr domain, const struct domain_plan *plan)
{
	char number[32];
	xmlNodePtr node;

	snprintf(number, sizeof number, "%llu", (unsigned long long)plan->mem_mib);
	node = xml_set_child(domain, "memory", number);
	xml_set_prop(node, "unit", "MiB");
	xml_remove_children(domain, "currentMemory");
	snprintf(number, sizeof number, "%u", plan->cpus);
	xml_set_child(domain, "vcpu", number);
	if (plan->accel == ACCEL_KVM && !xml_child(domain, "cpu")) {
		node = xml_append(domain, "cpu", NULL);
		xml_set_prop(node, "mode", "host-passthrough");
	}
}

/* Direct kernel boot; a guest stop of any kind ends the domain. */
static void
set_boot(xmlNodePtr domain, const struct domain_plan *plan)
{
	xmlNodePtr os = xml_ensure_child(domain, "os");

	if (!xml_child(os, "type")) {
		xmlNodePtr type = xml_append(os, "type", "hvm");

		xml_set_prop(type, "arch", "x86_64");
	}
	xml_remove_children(os, "boot");
	xml_set_child(os, "kernel", plan->boot_path ? plan->boot_path : plan->kernel_path);
	xml_set_child(os, "initrd", plan->initrd_path);
	xml_set_child(os, "cmdline", plan->cmdline);
	xml_set_child(domain, "on_poweroff", "destroy");
	xml_set_child(domain, "on_reboot", "destroy");
	xml_set_child(domain, "on_crash", "destroy");
}

/* A 9P share of DIR under TAG. */
static void
add_filesystem(xmlNodePtr devices, const char *dir, const char *tag, bool writable)
{
	xmlNodePtr fs = xml_append(devices, "filesystem", NULL);
	xmlNodePtr node;

	xml_set_prop(fs, "type", "mount");
	xml_set_prop(fs, "accessmode", "passthrough");
	xml_set_prop(fs, "multidevs", "remap");
	node = xml_append(fs, "driver", NULL);
	xml_set_prop(node, "type", "path");
	node = xml_append(fs, "source", NULL);
	xml_set_prop(node, "dir", dir);
	node = xml_append(fs, "target", NULL);
	xml_set_prop(node, "dir", tag);
	if (!writable)
		xml_append(fs, "readonly", NULL);
}

/* The root shared over virtiofs: DAEMON serves DIR under TAG; QEMU's
   memory must be shared with it. */
static void
add_virtiofs(xmlNodePtr domain, xmlNodePtr devices, const char *dir, const char *tag, const char *daemon)
{
	xmlNodePtr fs = xml_append(devices, "filesystem", NULL);
	xmlNodePtr backing, node;

	xml_set_prop(fs, "type", "mount");
	xml_set_prop(fs, "accessmode", "passthrough");
	node = xml_append(fs, "driver", NULL);
	xml_set_prop(node, "type", "virtiofs");
	node = xml_append(fs, "binary", NULL);
	xml_set_prop(node, "path", daemon);
	/* Its namespace sandbox cannot pivot_root into /, the usual source. */
	xml_set_prop(xml_append(node, "sandbox", NULL), "mode", "chroot");
	xml_set_prop(xml_append(fs, "source", NULL), "dir", dir);
	xml_set_prop(xml_append(fs, "target", NULL), "dir", tag);
	xml_remove_children(domain, "memoryBacking");
	backing = xml_append(domain, "memoryBacking", NULL);
	xml_set_prop(xml_append(backing, "source", NULL), "type", "memfd");
	xml_set_prop(xml_append(backing, "access", NULL), "mode", "shared");
}

/* A character device of KIND ("serial", "console", "channel") on a pty. */
static xmlNodePtr
add_pty(xmlNodePtr devices, const char *kind, const char *target_type, int port)
{
	xmlNodePtr dev = xml_append(devices, kind, NULL);
	xmlNodePtr target;

	xml_set_prop(dev, "type", "pty");
	target = xml_append(dev, "target", NULL);
	if (target_type)
		xml_set_prop(target, "type", target_type);
	if (port >= 0)
		xml_set_propf(target, "port", "%d", port);
	return dev;
}

/* ttyS0 into the run directory's kernel log: a detached guest's, which
   nobody reads while it runs. */
static xmlNodePtr
add_log_file(xmlNodePtr devices, const struct domain_plan *plan)
{
	xmlNodePtr dev = xml_append(devices, "serial", NULL);

	xml_set_prop(dev, "type", "file");
	if (plan->remote_log_dir)
		xml_set_propf(xml_append(dev, "source", NULL), "path", "%s/%s-" RUN_KERNEL_LOG, plan->remote_log_dir,
			      plan->name);
	else
		xml_set_propf(xml_append(dev, "source", NULL), "path", "%s/" RUN_KERNEL_LOG, plan->run_dir);
	xml_set_prop(xml_append(dev, "target", NULL), "port", "0");
	return dev;
}

/* A serial port on a unix socket in the run directory; on another host,
   on a pty that virsh console --devname serialN opens. */
static void
add_serial_socket(xmlNodePtr devices, const struct domain_plan *plan, int port)
{
	xmlNodePtr dev, node;

	if (plan->remote) {
		add_pty(devices, "serial", NULL, port);
		return;
	}
	dev = xml_append(devices, "serial", NULL);

	xml_set_prop(dev, "type", "unix");
	node = xml_append(dev, "source", NULL);
	xml_set_prop(node, "mode", "bind");
	xml_set_propf(node, "path", "%s/" RUN_SERIAL_SOCKET_FORMAT, plan->run_dir, port);
	node = xml_append(dev, "target", NULL);
	xml_set_propf(node, "port", "%d", port);
}

/* A virtio-serial port named NAME that libvirt can open as a stream; its
   socket is in the run directory (libvirt's own choice of path is too long
   for a unix socket under a session's home). */
static void
add_channel(xmlNodePtr devices, const struct domain_plan *plan, const char *name, const char *socket)
{
	xmlNodePtr dev = xml_append(devices, "channel", NULL);
	xmlNodePtr node, target;

	/* A detached guest has no reader: its output goes to files, which never block. */
	xml_set_prop(dev, "type", plan->detached ? "file" : "unix");
	/* On another host, libvirt chooses the socket's path there; a detached
	   run's files go to the pool there, to be fetched as volumes. */
	node = plan->remote && !plan->detached ? NULL : xml_append(dev, "source", NULL);
	if (node && plan->detached && plan->remote_log_dir) {
		xml_set_propf(node, "path", "%s/%s-%s" RUN_LOG_SUFFIX, plan->remote_log_dir, plan->name, socket);
	} else if (node && plan->detached) {
		xml_set_propf(node, "path", "%s/%s" RUN_LOG_SUFFIX, plan->run_dir, socket);
	} else if (node) {
		xml_set_prop(node, "mode", "bind");
		xml_set_propf(node, "path", "%s/%s" RUN_SOCKET_SUFFIX, plan->run_dir, socket);
	}
	target = xml_append(dev, "target", NULL);
	xml_set_prop(target, "type", "virtio");
	xml_set_prop(target, "name", name);
}

/* The shared console comes first, so that virsh console and virt-manager
   open it; ttyS0 carries the kernel log; hvc0 the tool's terminal; the
   channels a command's streams. */
static void
set_consoles(xmlNodePtr devices, const struct domain_plan *plan)
{
	static const char *const channels[][2] = {
		{ EB_PORT_STDIN, RUN_CHANNEL_STDIN }, { EB_PORT_STDOUT, RUN_CHANNEL_STDOUT },
		{ EB_PORT_STDERR, RUN_CHANNEL_STDERR }, { EB_PORT_CONTROL, RUN_CHANNEL_CONTROL },
	};

	xml_remove_children(devices, "serial");
	xml_remove_children(devices, "console");
	xml_remove_children(devices, "channel");
	add_pty(devices, "serial", NULL, EB_SHARED_CONSOLE_PORT);
	add_pty(devices, "console", "serial", EB_SHARED_CONSOLE_PORT);
	xml_set_prop(xml_append(plan->detached ? add_log_file(devices, plan) : add_pty(devices, "serial", NULL, 0),
				"alias", NULL), "name", DOMAIN_KERNEL_LOG_ALIAS);
	add_serial_socket(devices, plan, 1);
	if (plan->ttys2)
		add_serial_socket(devices, plan, 2);
	for (unsigned i = 0; i <= plan->extra_gettys; i++)
		add_pty(devices, "console", "virtio", -1);
	/* Detached, the command's stdin is empty: without the port the init gives it EOF. */
	for (size_t i = plan->detached ? 1 : 0; i < ARRAY_SIZE(channels); i++)
		add_channel(devices, plan, channels[i][0], channels[i][1]);
}

/* The extra 9P shares, in order. */
static void
add_shares(xmlNodePtr devices, const struct domain_plan *plan)
{
	char tag[64];

	for (size_t i = 0; i < plan->share_count; i++) {
		snprintf(tag, sizeof tag, "%s%zu", EB_TAG_SHARE_PREFIX, i);
		add_filesystem(devices, plan->shares[i].host, tag, !plan->shares[i].readonly);
	}
}

/* Disk images as virtio disks vda, vdb, ... */
static void
add_disks(xmlNodePtr devices, const struct domain_plan *plan)
{
	for (size_t i = 0; i < plan->disk_count && i < 26; i++) {
		xmlNodePtr disk = xml_append(devices, "disk", NULL);
		xmlNodePtr node;

		xml_set_prop(disk, "type", "file");
		xml_set_prop(disk, "device", "disk");
		node = xml_append(disk, "driver", NULL);
		xml_set_prop(node, "name", "qemu");
		xml_set_prop(node, "type", plan->disks[i].format);
		xml_set_prop(xml_append(disk, "source", NULL), "file", plan->disks[i].path);
		node = xml_append(disk, "target", NULL);
		xml_set_propf(node, "dev", "vd%c", (char)('a' + i));
		xml_set_prop(node, "bus", "virtio");
		if (plan->disks[i].readonly)
			xml_append(disk, "readonly", NULL);
	}
}

/* On another host that lacks them, the kernel's modules: a read-only
   disk the init finds by its serial. */
static void
add_modules_disk(xmlNodePtr devices, const struct domain_plan *plan)
{
	xmlNodePtr disk, node;

	if (!plan->modules_disk)
		return;
	disk = xml_append(devices, "disk", NULL);
	xml_set_prop(disk, "type", "file");
	xml_set_prop(disk, "device", "disk");
	node = xml_append(disk, "driver", NULL);
	xml_set_prop(node, "name", "qemu");
	xml_set_prop(node, "type", "raw");
	xml_set_prop(xml_append(disk, "source", NULL), "file", plan->modules_disk);
	node = xml_append(disk, "target", NULL);
	xml_set_prop(node, "dev", "vdz");
	xml_set_prop(node, "bus", "virtio");
	xml_append(disk, "readonly", NULL);
	xml_append(disk, "serial", EB_MODULES_SERIAL);
}

/* Root share, optional modules share, network, and fixed devices. */
static void
set_devices(xmlNodePtr domain, const struct domain_plan *plan)
{
	xmlNodePtr devices = xml_ensure_child(domain, "devices");
	xmlNodePtr node;

	xml_remove_children(devices, "filesystem");
	if (plan->virtiofsd)
		add_virtiofs(domain, devices, plan->root_dir, EB_TAG_ROOT, plan->virtiofsd);
	else if (!plan->root_from_image)
		add_filesystem(devices, plan->root_dir, EB_TAG_ROOT, plan->root_writable);
	if (plan->modules_dir)
		add_filesystem(devices, plan->modules_dir, EB_TAG_MODULES, false);
	set_consoles(devices, plan);
	add_shares(devices, plan);
	add_disks(devices, plan);
	add_modules_disk(devices, plan);
	if (plan->net && !plan->forwards) {
		node = xml_append(devices, "interface", NULL);
		xml_set_prop(node, "type", "user");
		xml_set_prop(xml_append(node, "mac", NULL), "address", EB_NET_MAC);
		xml_set_prop(xml_append(node, "model", NULL), "type", "virtio");
	}
	xml_remove_children(devices, "memballoon");
	xml_set_prop(xml_append(devices, "memballoon", NULL), "model", "none");
	if (!xml_child(devices, "rng")) {
		node = xml_append(devices, "rng", NULL);
		xml_set_prop(node, "model", "virtio");
		node = xml_append(node, "backend", "/dev/urandom");
		xml_set_prop(node, "model", "random");
	}
}

/* Append one <qemu:arg value='...'/>. */
static void
add_qemu_arg(xmlNodePtr commandline, xmlNsPtr ns, const char *value)
{
	xmlNodePtr arg = xnonnull(xmlNewChild(commandline, ns, BAD_CAST "arg", NULL));

	xml_set_prop(arg, "value", value);
}

/* A user-mode NIC with port forwards: libvirt 9.0 has no hostfwd for SLIRP. */
static void
add_forwarded_nic(xmlNodePtr commandline, xmlNsPtr ns, const struct domain_plan *plan)
{
	size_t len = strlen("user,id=eudyptula-net") + 1;
	cleanup_free char *netdev = NULL;

	for (size_t i = 0; plan->forwards[i]; i++)
		len += strlen(",hostfwd=") + strlen(plan->forwards[i]);
	netdev = xmalloc(len);
	strcpy(netdev, "user,id=eudyptula-net");
	for (size_t i = 0; plan->forwards[i]; i++) {
		strcat(netdev, ",hostfwd=");
		strcat(netdev, plan->forwards[i]);
	}
	add_qemu_arg(commandline, ns, "-netdev");
	add_qemu_arg(commandline, ns, netdev);
	add_qemu_arg(commandline, ns, "-device");
	/* A slot libvirt leaves free: its own devices take the low ones first. */
	add_qemu_arg(commandline, ns, "virtio-net-pci,netdev=eudyptula-net,bus=pci.0,addr=0x1e,mac=" EB_NET_MAC);
}

/* The gdb stub, the human monitor and --qemu arguments, through the qemu: namespace. */
static void
set_qemu_extras(xmlNodePtr domain, const struct domain_plan *plan)
{
	xmlNsPtr ns = xmlSearchNsByHref(domain->doc, domain, BAD_CAST QEMU_NS);
	cleanup_free char *gdb = plan->gdb_tcp_port ? xasprintf("tcp:127.0.0.1:%u", plan->gdb_tcp_port)
				 : plan->remote_gdb ? xasprintf("unix:%s,server=on,wait=off", plan->remote_gdb)
						    : xasprintf("unix:%s/" RUN_GDB_SOCKET ",server=on,wait=off", plan->run_dir);
	cleanup_free char *monitor =
		xasprintf("socket,id=eudyptula-monitor,path=%s/" RUN_MONITOR_SOCKET ",server=on,wait=off", plan->run_dir);
	xmlNodePtr commandline;

	/* Also NULL when the template binds the prefix qemu to another
	   namespace: the commandline is then left without one, as before. */
	if (!ns)
		ns = xmlNewNs(domain, BAD_CAST QEMU_NS, BAD_CAST "qemu");
	commandline = xnonnull(xmlNewChild(domain, ns, BAD_CAST "commandline", NULL));
	add_qemu_arg(commandline, ns, "-gdb");
	add_qemu_arg(commandline, ns, gdb);
	/* On another host, libvirt's own monitor is reached through virsh. */
	if (!plan->remote) {
		add_qemu_arg(commandline, ns, "-chardev");
		add_qemu_arg(commandline, ns, monitor);
		add_qemu_arg(commandline, ns, "-mon");
		add_qemu_arg(commandline, ns, "chardev=eudyptula-monitor,mode=readline");
	}
	if (plan->net && plan->forwards)
		add_forwarded_nic(commandline, ns, plan);
	for (size_t i = 0; plan->qemu_args && plan->qemu_args[i]; i++)
		add_qemu_arg(commandline, ns, plan->qemu_args[i]);
	/* The state comes later, through QMP's migrate-incoming. */
	if (plan->incoming) {
		add_qemu_arg(commandline, ns, "-incoming");
		add_qemu_arg(commandline, ns, "defer");
	}
}

/* Run QEMU as the invoking user so the guest sees what the user sees. */
static void
set_seclabel(xmlNodePtr domain, const struct domain_plan *plan)
{
	xmlNodePtr seclabel;
	char label[64];

	if (plan->qemu_uid < 0)
		return;
	xml_remove_children(domain, "seclabel");
	seclabel = xml_append(domain, "seclabel", NULL);
	xml_set_prop(seclabel, "type", "static");
	xml_set_prop(seclabel, "model", "dac");
	xml_set_prop(seclabel, "relabel", "no");
	snprintf(label, sizeof label, "+%ld:+%ld", plan->qemu_uid, plan->qemu_gid);
	xml_append(seclabel, "label", label);
}

/* Refuse strings that XML 1.0 cannot carry, naming what holds them. */
static int
check_xml_safe(const struct domain_plan *plan)
{
	const struct {
		const char *what, *value;
	} fields[] = {
		{ "kernel path", plan->kernel_path },
		{ "extracted kernel path", plan->boot_path },
		{ "root directory", plan->root_dir },
		{ "virtiofsd path", plan->virtiofsd },
		{ "kernel command line", plan->cmdline },
		{ "modules directory", plan->modules_dir },
		{ "run directory", plan->run_dir },
	};

	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		if (fields[i].value && !xml_text_is_valid(fields[i].value))
			return err_set("the %s holds control characters or invalid UTF-8 that libvirt cannot take: rename it",
				       fields[i].what);
	for (size_t i = 0; i < plan->share_count; i++)
		if (!xml_text_is_valid(plan->shares[i].host))
			return err_set("shared directory %s holds characters libvirt cannot take", plan->shares[i].host);
	for (size_t i = 0; i < plan->disk_count; i++)
		if (!xml_text_is_valid(plan->disks[i].path))
			return err_set("disk image %s holds characters libvirt cannot take", plan->disks[i].path);
	if (plan->disk_count > 26)
		return err_set("at most 26 --disk images");
	for (size_t i = 0; plan->qemu_args && plan->qemu_args[i]; i++)
		if (!xml_text_is_valid(plan->qemu_args[i]))
			return err_set("--qemu argument '%s' holds characters libvirt cannot take", plan->qemu_args[i]);
	return 0;
}

int
domain_render(xmlDocPtr doc, const struct domain_plan *plan)
{
	xmlNodePtr domain = xmlDocGetRootElement(doc);

	if (check_xml_safe(plan) < 0)
		return -1;
	set_identity(domain, plan);
	set_resources(domain, plan);
	set_boot(domain, plan);
	set_devices(domain, plan);
	set_seclabel(domain, plan);
	set_qemu_extras(domain, plan);
	return 0;
}

char *
domain_to_string(xmlDocPtr doc)
{
	xmlChar *buffer = NULL;
	int size = 0;
	char *copy;

	xmlDocDumpFormatMemoryEnc(doc, &buffer, &size, "UTF-8", 1);
	if (!buffer) {
		err_set("cannot serialise the domain XML");
		return NULL;
	}
	copy = xstrdup((const char *)buffer);
	xmlFree(buffer);
	return copy;
}
