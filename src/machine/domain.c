#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "contract.h"
#include "domain.h"
#include "error.h"
#include "util.h"
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
	if (asprintf(&name, "eudyptula-%.40s-%02x%02x%02x", version, random_bytes[0],
		     random_bytes[1], random_bytes[2]) < 0) {
		err_set("out of memory");
		return NULL;
	}
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
	cleanup_free char *safe = NULL;

	if (!command)
		snprintf(title + len, sizeof title - len, "interactive shell");
	for (size_t i = 0; command && command[i] && len < TITLE_MAX; i++)
		len += (size_t)snprintf(title + len, sizeof title - len, "%s%s", i ? " " : "", command[i]);
	if (len >= TITLE_MAX)
		strcpy(title + TITLE_MAX - 3, "...");
	for (char *p = title; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	safe = xml_text_escape_invalid(title);
	return safe ? strdup(safe) : NULL;
}

/* Name, title, description and the project's metadata. */
static int
set_identity(xmlNodePtr domain, const struct domain_plan *plan)
{
	cleanup_free char *title = domain_make_title(plan->kernel_version, plan->command);
	cleanup_free char *description = NULL;
	xmlNodePtr metadata, run, node;
	xmlNsPtr ns;

	if (!title || asprintf(&description, "Kernel %s (%s) booted on %s by eudyptula-boot %s",
			       plan->kernel_path, plan->kernel_version, plan->root_dir, PACKAGE_VERSION) < 0)
		return err_set("out of memory");
	xmlSetProp(domain, BAD_CAST "type", BAD_CAST (plan->accel == ACCEL_KVM ? "kvm" : "qemu"));
	xml_set_child(domain, "name", plan->name);
	xml_set_child(domain, "title", title);
	xml_set_child(domain, "description", description);

	metadata = xml_ensure_child(domain, "metadata");
	run = xmlNewChild(metadata, NULL, BAD_CAST "run", NULL);
	ns = xmlNewNs(run, BAD_CAST EB_METADATA_NS, BAD_CAST "eudyptula");
	xmlSetNs(run, ns);
	node = xmlNewChild(run, ns, BAD_CAST "kernel", NULL);
	xmlSetProp(node, BAD_CAST "path", BAD_CAST plan->kernel_path);
	xmlSetProp(node, BAD_CAST "version", BAD_CAST plan->kernel_version);
	node = xmlNewChild(run, ns, BAD_CAST "command", NULL);
	for (size_t i = 0; plan->command && plan->command[i]; i++) {
		cleanup_free char *arg = xml_text_escape_invalid(plan->command[i]);

		if (!arg)
			return err_set("out of memory");
		xmlNewTextChild(node, ns, BAD_CAST "arg", BAD_CAST arg);
	}
	if (plan->host_user)
		xmlNewTextChild(run, ns, BAD_CAST "user", BAD_CAST plan->host_user);
	xmlNewTextChild(run, ns, BAD_CAST "version", BAD_CAST PACKAGE_VERSION);
	return 0;
}

/* Memory, vCPUs and, with KVM, the host's CPU model. */
static void
set_resources(xmlNodePtr domain, const struct domain_plan *plan)
{
	char number[32];
	xmlNodePtr node;

	snprintf(number, sizeof number, "%llu", (unsigned long long)plan->mem_mib);
	node = xml_set_child(domain, "memory", number);
	xmlSetProp(node, BAD_CAST "unit", BAD_CAST "MiB");
	xml_remove_children(domain, "currentMemory");
	snprintf(number, sizeof number, "%u", plan->cpus);
	xml_set_child(domain, "vcpu", number);
	if (plan->accel == ACCEL_KVM && !xml_child(domain, "cpu")) {
		node = xml_append(domain, "cpu", NULL);
		xmlSetProp(node, BAD_CAST "mode", BAD_CAST "host-passthrough");
	}
}

/* Direct kernel boot; a guest stop of any kind ends the domain. */
static void
set_boot(xmlNodePtr domain, const struct domain_plan *plan)
{
	xmlNodePtr os = xml_ensure_child(domain, "os");

	if (!xml_child(os, "type")) {
		xmlNodePtr type = xml_append(os, "type", "hvm");

		xmlSetProp(type, BAD_CAST "arch", BAD_CAST "x86_64");
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

	xmlSetProp(fs, BAD_CAST "type", BAD_CAST "mount");
	xmlSetProp(fs, BAD_CAST "accessmode", BAD_CAST "passthrough");
	xmlSetProp(fs, BAD_CAST "multidevs", BAD_CAST "remap");
	node = xml_append(fs, "driver", NULL);
	xmlSetProp(node, BAD_CAST "type", BAD_CAST "path");
	node = xml_append(fs, "source", NULL);
	xmlSetProp(node, BAD_CAST "dir", BAD_CAST dir);
	node = xml_append(fs, "target", NULL);
	xmlSetProp(node, BAD_CAST "dir", BAD_CAST tag);
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

	xmlSetProp(fs, BAD_CAST "type", BAD_CAST "mount");
	xmlSetProp(fs, BAD_CAST "accessmode", BAD_CAST "passthrough");
	node = xml_append(fs, "driver", NULL);
	xmlSetProp(node, BAD_CAST "type", BAD_CAST "virtiofs");
	node = xml_append(fs, "binary", NULL);
	xmlSetProp(node, BAD_CAST "path", BAD_CAST daemon);
	/* Its namespace sandbox cannot pivot_root into /, the usual source. */
	xmlSetProp(xml_append(node, "sandbox", NULL), BAD_CAST "mode", BAD_CAST "chroot");
	xmlSetProp(xml_append(fs, "source", NULL), BAD_CAST "dir", BAD_CAST dir);
	xmlSetProp(xml_append(fs, "target", NULL), BAD_CAST "dir", BAD_CAST tag);
	xml_remove_children(domain, "memoryBacking");
	backing = xml_append(domain, "memoryBacking", NULL);
	xmlSetProp(xml_append(backing, "source", NULL), BAD_CAST "type", BAD_CAST "memfd");
	xmlSetProp(xml_append(backing, "access", NULL), BAD_CAST "mode", BAD_CAST "shared");
}

/* A character device of KIND ("serial", "console", "channel") on a pty. */
static xmlNodePtr
add_pty(xmlNodePtr devices, const char *kind, const char *target_type, int port)
{
	xmlNodePtr dev = xml_append(devices, kind, NULL);
	xmlNodePtr target;

	xmlSetProp(dev, BAD_CAST "type", BAD_CAST "pty");
	target = xml_append(dev, "target", NULL);
	if (target_type)
		xmlSetProp(target, BAD_CAST "type", BAD_CAST target_type);
	if (port >= 0)
		xml_set_propf(target, "port", "%d", port);
	return dev;
}

/* A serial port on a unix socket in the run directory. */
static void
add_serial_socket(xmlNodePtr devices, const struct domain_plan *plan, int port)
{
	xmlNodePtr dev = xml_append(devices, "serial", NULL);
	xmlNodePtr node;

	xmlSetProp(dev, BAD_CAST "type", BAD_CAST "unix");
	node = xml_append(dev, "source", NULL);
	xmlSetProp(node, BAD_CAST "mode", BAD_CAST "bind");
	xml_set_propf(node, "path", "%s/ttyS%d.sock", plan->run_dir, port);
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
	xmlSetProp(dev, BAD_CAST "type", BAD_CAST (plan->detached ? "file" : "unix"));
	node = xml_append(dev, "source", NULL);
	if (plan->detached) {
		xml_set_propf(node, "path", "%s/%s.log", plan->run_dir, socket);
	} else {
		xmlSetProp(node, BAD_CAST "mode", BAD_CAST "bind");
		xml_set_propf(node, "path", "%s/%s.sock", plan->run_dir, socket);
	}
	target = xml_append(dev, "target", NULL);
	xmlSetProp(target, BAD_CAST "type", BAD_CAST "virtio");
	xmlSetProp(target, BAD_CAST "name", BAD_CAST name);
}

/* The shared console comes first, so that virsh console and virt-manager
   open it; ttyS0 carries the kernel log; hvc0 the tool's terminal; the
   channels a command's streams. */
static void
set_consoles(xmlNodePtr devices, const struct domain_plan *plan)
{
	static const char *const channels[][2] = {
		{ EB_PORT_STDIN, "stdin" }, { EB_PORT_STDOUT, "stdout" },
		{ EB_PORT_STDERR, "stderr" }, { EB_PORT_CONTROL, "control" },
	};

	xml_remove_children(devices, "serial");
	xml_remove_children(devices, "console");
	xml_remove_children(devices, "channel");
	add_pty(devices, "serial", NULL, EB_SHARED_CONSOLE_PORT);
	add_pty(devices, "console", "serial", EB_SHARED_CONSOLE_PORT);
	xmlSetProp(xml_append(add_pty(devices, "serial", NULL, 0), "alias", NULL),
		   BAD_CAST "name", BAD_CAST DOMAIN_KERNEL_LOG_ALIAS);
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

		xmlSetProp(disk, BAD_CAST "type", BAD_CAST "file");
		xmlSetProp(disk, BAD_CAST "device", BAD_CAST "disk");
		node = xml_append(disk, "driver", NULL);
		xmlSetProp(node, BAD_CAST "name", BAD_CAST "qemu");
		xmlSetProp(node, BAD_CAST "type", BAD_CAST plan->disks[i].format);
		xmlSetProp(xml_append(disk, "source", NULL), BAD_CAST "file", BAD_CAST plan->disks[i].path);
		node = xml_append(disk, "target", NULL);
		xml_set_propf(node, "dev", "vd%c", (char)('a' + i));
		xmlSetProp(node, BAD_CAST "bus", BAD_CAST "virtio");
		if (plan->disks[i].readonly)
			xml_append(disk, "readonly", NULL);
	}
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
	if (plan->net && !plan->forwards) {
		node = xml_append(devices, "interface", NULL);
		xmlSetProp(node, BAD_CAST "type", BAD_CAST "user");
		xmlSetProp(xml_append(node, "mac", NULL), BAD_CAST "address", BAD_CAST EB_NET_MAC);
		xmlSetProp(xml_append(node, "model", NULL), BAD_CAST "type", BAD_CAST "virtio");
	}
	xml_remove_children(devices, "memballoon");
	xmlSetProp(xml_append(devices, "memballoon", NULL), BAD_CAST "model", BAD_CAST "none");
	if (!xml_child(devices, "rng")) {
		node = xml_append(devices, "rng", NULL);
		xmlSetProp(node, BAD_CAST "model", BAD_CAST "virtio");
		node = xml_append(node, "backend", "/dev/urandom");
		xmlSetProp(node, BAD_CAST "model", BAD_CAST "random");
	}
}

/* Append one <qemu:arg value='...'/>. */
static void
add_qemu_arg(xmlNodePtr commandline, xmlNsPtr ns, const char *value)
{
	xmlNodePtr arg = xmlNewChild(commandline, ns, BAD_CAST "arg", NULL);

	xmlSetProp(arg, BAD_CAST "value", BAD_CAST value);
}

/* A user-mode NIC with port forwards: libvirt 9.0 has no hostfwd for SLIRP. */
static int
add_forwarded_nic(xmlNodePtr commandline, xmlNsPtr ns, const struct domain_plan *plan)
{
	size_t len = strlen("user,id=eudyptula-net") + 1;
	cleanup_free char *netdev = NULL;

	for (size_t i = 0; plan->forwards[i]; i++)
		len += strlen(",hostfwd=") + strlen(plan->forwards[i]);
	netdev = malloc(len);
	if (!netdev)
		return err_set("out of memory");
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
	return 0;
}

/* The gdb stub, the human monitor and --qemu arguments, through the qemu: namespace. */
static int
set_qemu_extras(xmlNodePtr domain, const struct domain_plan *plan)
{
	xmlNsPtr ns = xmlSearchNsByHref(domain->doc, domain, BAD_CAST QEMU_NS);
	cleanup_free char *gdb = NULL, *monitor = NULL;
	xmlNodePtr commandline;

	if (!ns)
		ns = xmlNewNs(domain, BAD_CAST QEMU_NS, BAD_CAST "qemu");
	if ((plan->gdb_tcp_port ? asprintf(&gdb, "tcp:127.0.0.1:%u", plan->gdb_tcp_port)
				: asprintf(&gdb, "unix:%s/gdb.sock,server=on,wait=off", plan->run_dir)) < 0 ||
	    asprintf(&monitor, "socket,id=eudyptula-monitor,path=%s/monitor.sock,server=on,wait=off", plan->run_dir) < 0)
		return err_set("out of memory");
	commandline = xmlNewChild(domain, ns, BAD_CAST "commandline", NULL);
	add_qemu_arg(commandline, ns, "-gdb");
	add_qemu_arg(commandline, ns, gdb);
	add_qemu_arg(commandline, ns, "-chardev");
	add_qemu_arg(commandline, ns, monitor);
	add_qemu_arg(commandline, ns, "-mon");
	add_qemu_arg(commandline, ns, "chardev=eudyptula-monitor,mode=readline");
	if (plan->net && plan->forwards && add_forwarded_nic(commandline, ns, plan) < 0)
		return -1;
	for (size_t i = 0; plan->qemu_args && plan->qemu_args[i]; i++)
		add_qemu_arg(commandline, ns, plan->qemu_args[i]);
	return 0;
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
	xmlSetProp(seclabel, BAD_CAST "type", BAD_CAST "static");
	xmlSetProp(seclabel, BAD_CAST "model", BAD_CAST "dac");
	xmlSetProp(seclabel, BAD_CAST "relabel", BAD_CAST "no");
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

	if (check_xml_safe(plan) < 0 || set_identity(domain, plan) < 0)
		return -1;
	set_resources(domain, plan);
	set_boot(domain, plan);
	set_devices(domain, plan);
	set_seclabel(domain, plan);
	return set_qemu_extras(domain, plan);
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
	copy = strdup((const char *)buffer);
	xmlFree(buffer);
	return copy;
}
