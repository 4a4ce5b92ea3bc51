#include "config.h"

#include <pwd.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accel.h"
#include "contract.h"
#include "error.h"
#include "initramfs.h"
#include "paths.h"
#include "planning.h"
#include "rundir.h"
#include "runfiles.h"
#include "snapkey.h"
#include "strv.h"
#include "uri.h"
#include "users.h"
#include "util.h"
#include "xalloc.h"

/* The x86 boot protocol's COMMAND_LINE_SIZE, less its terminating NUL. */
#define CMDLINE_MAX_DEFAULT 2047

/* True when gdb was asked for and the kernel randomises its base address. */
static bool
wants_nokaslr(const struct settings *settings, const struct inspection *inspection)
{
	return settings->gdb_asked && inspection->config &&
	       kconfig_get(inspection->config, "CONFIG_RANDOMIZE_BASE") == KCONFIG_BUILTIN &&
	       !(settings->cmdline && strstr(settings->cmdline, "kaslr"));
}

/* After a panic, the kernel resets the machine this much later: the tool
   ends the run as soon as the panic's last line has come, and a guest
   nobody watches still goes away. */
#define PANIC_RESET_SECONDS 5

/* The whole kernel command line: ours, then the user's -c.  acpi=noirq
   routes PCI interrupts without ACPI: evaluating the PCI link devices'
   AML takes over half a second under TCG, and virtio uses MSI-X anyway.
   earlycon puts the kernel log on the log port before its console
   starts: a kernel that dies that early says why, and its panic ends the
   run instead of a silent halt that lasts until --timeout.  loglevel=6
   rather than quiet: notices and worse reach the log port, few lines on a
   good boot, but the banner that says the kernel runs and every splat. */
static int
make_cmdline(const struct settings *settings, const struct inspection *inspection, struct plan *plan)
{
	size_t max = inspection->image.cmdline_max ? inspection->image.cmdline_max : CMDLINE_MAX_DEFAULT;
	char **cmdline = &plan->cmdline;
	size_t len;

	plan->nokaslr_added = wants_nokaslr(settings, inspection);
	*cmdline = xasprintf("console=%s panic=%d acpi=noirq earlycon=uart8250,io,%s%s%s%s%s",
			     settings->ttys2 ? "ttyS2" : "ttyS0", PANIC_RESET_SECONDS,
			     /* The same UART, by its I/O port. */
			     settings->ttys2 ? "0x3e8" : "0x3f8",
			     settings->verbose ? "" : " loglevel=6", plan->nokaslr_added ? " nokaslr" : "",
			     settings->cmdline ? " " : "", settings->cmdline ? settings->cmdline : "");
	len = strlen(*cmdline);
	if (len > max)
		return err_set("the kernel command line is %zu bytes, more than the %zu this kernel accepts: shorten -c/--cmdline",
			       len, max);
	return 0;
}

char *
plan_run_dir(const char *name)
{
	cleanup_free char *parent = rundir_parent();

	return xasprintf("%s/%s", parent, name);
}

/* The run directory of the domain's name, short enough for the sockets in it. */
static int
make_run_dir(struct plan *plan)
{
	struct sockaddr_un addr;

	plan->run_dir = plan_run_dir(plan->name);
	plan->initrd_path = xasprintf("%s/" RUN_INITRD, plan->run_dir);
	if (strlen(plan->run_dir) + 1 + strlen(RUNDIR_LONGEST_SOCKET) >= sizeof addr.sun_path)
		return err_set("the run directory %s is too long for the sockets in it (%zu bytes at most with %s): use a shorter --name",
			       plan->run_dir, sizeof addr.sun_path - 1, RUNDIR_LONGEST_SOCKET);
	return 0;
}

/* The share of the modules directory, unless the root already shows it. */
static const char *
modules_share(const struct plan *plan, const struct inspection *inspection)
{
	char expected[4096];
	cleanup_free char *resolved = NULL;

	/* Another host cannot share this machine's directory. */
	if (!inspection->modules_dir || plan->remote)
		return NULL;
	snprintf(expected, sizeof expected, "%s/lib/modules/%s",
		 strcmp(plan->root_dir, "/") == 0 ? "" : plan->root_dir, inspection->image.version);
	resolved = realpath(expected, NULL);
	if (resolved && strcmp(resolved, inspection->modules_dir) == 0)
		return NULL;
	return inspection->modules_dir;
}

/* The home directory, shared read-write at the same path, as the seed does. */
static bool
home_is_shared(const struct settings *settings, const char *home)
{
	struct stat st;

	return !settings->no_home && home && *home == '/' && strcmp(home, "/") != 0 &&
	       stat(home, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The home share, then every --share. */
static void
make_shares(const struct settings *settings, struct plan *plan)
{
	const char *home = getenv("HOME");

	plan->shares = xcalloc(settings->share_count + 1, sizeof *plan->shares);
	/* Another host's root has its own home directories. */
	if (!plan->remote && home_is_shared(settings, home) && share_parse(home, &plan->shares[plan->share_count]) == 0)
		plan->share_count++;
	for (size_t i = 0; i < settings->share_count; i++)
		share_copy(&settings->shares[i], &plan->shares[plan->share_count++]);
}

/* The value of KEY= in a QEMU option string such as "file=x,if=virtio" (allocated). */
static char *
qemu_option_value(const char *spec, const char *key)
{
	size_t key_len = strlen(key);

	for (const char *p = spec; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (strncmp(p, key, key_len) == 0 && p[key_len] == '=')
			return xstrndup(p + key_len + 1, strcspn(p + key_len + 1, ","));
	return NULL;
}

/* Turn "-drive file=F,...,if=virtio" into a libvirt disk: QEMU would give
   the device a PCI slot that libvirt's own devices need, and would resolve
   a relative F from its own directory rather than the user's. */
static int
drive_to_disk(const char *spec, struct plan *plan)
{
	cleanup_free char *file = qemu_option_value(spec, "file");
	cleanup_free char *interface = qemu_option_value(spec, "if");
	cleanup_free char *readonly = qemu_option_value(spec, "readonly");
	cleanup_free char *media = qemu_option_value(spec, "media");
	struct disk *disk = &plan->disks[plan->disk_count];

	if (!file || !interface || strcmp(interface, "virtio") != 0 || (media && strcmp(media, "disk") != 0) ||
	    strstr(spec, ",,"))
		return 0;
	if (disk_parse(file, disk) < 0)
		return err_set("--qemu=-drive %s: %s", spec, err_get());
	disk->readonly = readonly && strcmp(readonly, "on") == 0;
	plan->disk_count++;
	return 1;
}

/* The --qemu words, with virtio drives taken out as disks. */
static int
make_qemu_args(const struct settings *settings, struct plan *plan)
{
	char **args = settings->qemu_args;

	for (size_t i = 0; args && args[i]; i++) {
		int converted = 0;

		if (strcmp(args[i], "-drive") == 0 && args[i + 1]) {
			converted = drive_to_disk(args[i + 1], plan);
			if (converted < 0)
				return -1;
		}
		if (converted) {
			i++;
			continue;
		}
		strv_append(&plan->qemu_args, args[i]);
	}
	return 0;
}

/* Every --disk, with its format. */
static void
make_disks(const struct settings *settings, struct plan *plan)
{
	/* Room for the image and for every --qemu word being a drive. */
	plan->disks = xcalloc(settings->disk_count + 2 + strv_length(settings->qemu_args), sizeof *plan->disks);
	/* The --image is the first disk, /dev/vda, as the guest init expects. */
	if (settings->image) {
		disk_copy(settings->image, &plan->disks[plan->disk_count]);
		plan->disks[plan->disk_count++].readonly = !settings->readwrite;
	}
	for (size_t i = 0; i < settings->disk_count; i++)
		disk_copy(&settings->disks[i], &plan->disks[plan->disk_count++]);
}

/* The daemon for a virtiofs root: the read-only wrapper unless the guest
   is to write the root itself. */
static int
make_virtiofsd(const struct settings *settings, struct plan *plan)
{
	if (!uri_is_system(plan->uri))
		return err_set("--virtiofs needs qemu:///system (%s comes from %s): libvirt 9.0 runs virtiofsd only for the system daemon; run as root or drop --virtiofs",
			       plan->uri, plan->uri_why);
	if (access(VIRTIOFSD_PATH, X_OK) < 0)
		return err_sys("--virtiofs needs %s (apt-get install qemu-system-x86)", VIRTIOFSD_PATH);
	plan->virtiofsd = settings->readwrite ? xstrdup(VIRTIOFSD_PATH) : paths_virtiofsd();
	return 0;
}

/* True when the command or shell runs on the guest console rather than on
   channels.  Without a command or a terminal, the login shell reads its
   commands from stdin on the channels, as with ssh HOST <script. */
static bool
use_console(const struct settings *settings)
{
	if (!settings->command)
		return settings->detach || isatty(STDIN_FILENO);
	return !settings->detach && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

/* What the guest init is told, from the options and the kernel's config. */
static void
make_guest(const struct settings *settings, const struct inspection *inspection, struct guest_plan *guest)
{
	*guest = (struct guest_plan){
		.command = settings->command,
		.env = settings->env,
		.root_mode = settings->readwrite ? EB_ROOT_READWRITE
			     : settings->readonly || (inspection->config && !inspection->needs.have_overlay) ? EB_ROOT_READONLY
			     : EB_ROOT_OVERLAY,
		.verbose = settings->verbose,
		.udev = settings->udev,
		.pid1 = settings->pid1,
		.after_shell = settings->shell && settings->command,
		.net = settings->net,
		.detached = settings->detach,
		.virtiofs = settings->virtiofs,
		.image_root = settings->image != NULL,
		.as_user = settings->user,
		.extra_gettys = settings->extra_gettys,
	};
}

/* Refuse what cannot run as asked on this kernel and this terminal. */
static int
check_runnable(const struct settings *settings, const struct inspection *inspection)
{
	/* The shell after the command is on the console: without a terminal
	   nothing would ever reach it (a detached run's is for --attach). */
	if (settings->shell && settings->command && !settings->detach && !settings->dump_xml && !settings->dry_run &&
	    !isatty(STDIN_FILENO))
		return err_set("--shell starts a shell on the terminal after the command, and stdin is not a terminal: "
			       "drop --shell, or run from a terminal");
	if (settings->no_pvh && inspection->image.format == KERNEL_ELF_VMLINUX)
		return err_set("--no-pvh needs a bzImage: %s is an ELF vmlinux, which boots only through PVH",
			       inspection->image.path);
	return 0;
}

/* Under TCG a kernel boots tens of times slower than with KVM (and a
   debug kernel slower again): the watchdog waits as long for it. */
#define BOOT_TIMEOUT_KVM 60
#define BOOT_TIMEOUT_TCG 300

/* What the verdict weighs, and where it goes.  The boot watchdog is off
   where the guest's stages are not the tool's to see (--init, --detach)
   or gdb may hold the vCPUs, unless --boot-timeout asks for it. */
static void
make_verdict(const struct settings *settings, enum accel accel, struct plan *plan)
{
	if (settings->boot_timeout_set)
		plan->boot_timeout = settings->boot_timeout;
	else if (!settings->gdb_asked && !settings->init_program && !settings->detach)
		plan->boot_timeout = accel == ACCEL_KVM ? BOOT_TIMEOUT_KVM : BOOT_TIMEOUT_TCG;
	plan->fail_on = settings->fail_on;
	plan->allowed_splats = settings->allowed_splats;
	plan->kernel_log = settings->kernel_log;
	plan->report = settings->report;
	plan->junit = settings->junit;
	plan->bisect = settings->bisect;
	plan->bisect_skip = settings->bisect_skip;
}

/* The spare the run leaves for the next one: its name, and the directory
   its sockets go in. */
static void
make_spare(const struct settings *settings, struct plan *plan)
{
	if (settings->name) {
		plan->spare_why = "--name: a spare has a name of its own";
		return;
	}
	/* Two machines cannot listen on one host port. */
	if (settings->gdb_tcp_port || settings->forwards) {
		plan->spare_why = settings->gdb_tcp_port ? "--gdb=PORT: a spare would hold the same port"
							 : "--forward: a spare would hold the same ports";
		return;
	}
	plan->spare = true;
	plan->spare_name = domain_make_name(plan->domain.kernel_version);
	plan->spare_dir = plan_run_dir(plan->spare_name);
	plan->spare_idle = settings->spare_idle;
	plan->spare_keep = settings->spares;
}

/* Whether the run may start from a snapshot of its shape (or take one),
   and which; a run that cannot boots cold, saying why. */
static int
make_warm(const struct settings *settings, const struct inspection *inspection, struct plan *plan)
{
	cleanup_free char *base = NULL;
	cleanup_strv char **modules = NULL;
	int cache_hit;

	plan->snapshot_why = settings->warm ? snapkey_unfit(plan) : "--warm=off";
	if (plan->snapshot_why)
		return 0;
	if (initramfs_describe(inspection, &base, &modules, &cache_hit) < 0)
		return -1;
	plan->snapshot = snapkey_path(plan, inspection->image.path, base);
	if (!plan->snapshot)
		plan->snapshot_why = "no cache directory to keep it";
	else if (settings->warm == WARM_SPARE)
		make_spare(settings, plan);
	return 0;
}

/* What a run on another host cannot have: each option that names a file
   or directory of this machine, refused with why. */
static int
refuse_remote(const struct settings *settings, const char *host)
{
	const char *option = settings->share_count ? "--share" : settings->virtiofs ? "--virtiofs"
			   : settings->image ? "--image" : settings->disk_count ? "--disk"
			   : settings->init_program ? "--init" : NULL;

	if (!option)
		return 0;
	return err_set("%s names %s of this machine, which %s cannot see: drop it, or run on %s itself",
		       option, settings->share_count || settings->virtiofs ? "a directory" : "a file", host, host);
}

/* A run on another host: its root there, as given, and the gdb stub's socket there. */
static int
make_remote(const struct settings *settings, struct plan *plan)
{
	plan->remote_host = uri_host(plan->uri);
	plan->pool = settings->pool;
	if (refuse_remote(settings, plan->remote_host) < 0)
		return -1;
	if (settings->root[0] != '/')
		return err_set("--root %s: on %s, give an absolute path", settings->root, plan->remote_host);
	plan->root_dir = xstrdup(settings->root);
	plan->remote_gdb = xasprintf("/tmp/%s-gdb.sock", plan->name);
	return 0;
}

/* Where the guest's root is: a directory of this machine, or of another
   host's, as given. */
static int
make_root(const struct settings *settings, struct plan *plan)
{
	plan->remote = uri_is_remote(plan->uri);
	if (plan->remote)
		return make_remote(settings, plan);
	plan->root_dir = realpath(settings->root, NULL);
	return plan->root_dir ? 0 : err_sys("--root %s", settings->root);
}

/* Whom QEMU runs as: the invoking user under the system daemon; on
   another host's system daemon, root, as it does here for root; -1:
   libvirt's choice. */
static void
qemu_account(const struct plan *plan, long *uid, long *gid)
{
	bool system = plan->remote ? uri_wants_system(plan->uri) : uri_is_system(plan->uri);

	*uid = !system ? -1 : plan->remote ? 0 : (long)getuid();
	*gid = !system ? -1 : plan->remote ? 0 : (long)getgid();
}

int
plan_make(const struct settings *settings, const struct inspection *inspection, struct plan *plan)
{
	struct domain_plan *d = &plan->domain;

	memset(plan, 0, sizeof *plan);
	if (check_runnable(settings, inspection) < 0)
		return -1;
	make_guest(settings, inspection, &plan->guest);
	plan->gdb_wait = settings->gdb_wait;
	plan->pvh_wanted = !settings->no_pvh;
	plan->symbols = settings->vmlinux;
	plan->init_program = settings->init_program;
	plan->console = use_console(settings);
	plan->timeout = settings->timeout;
	plan->uri = uri_choose(settings->connect_uri, &plan->uri_why);
	plan->name = settings->name ? xstrdup(settings->name) : domain_make_name(inspection->image.version);
	if (make_root(settings, plan) < 0 || (settings->virtiofs && make_virtiofsd(settings, plan) < 0))
		return -1;
	/* Who runs this, for the metadata and QEMU's account. */
	plan->host_user = host_user_name(getuid(), "unknown");
	make_shares(settings, plan);
	make_disks(settings, plan);
	if (make_run_dir(plan) < 0 || make_cmdline(settings, inspection, plan) < 0 || make_qemu_args(settings, plan) < 0)
		return -1;

	d->name = plan->name;
	d->accel = accel_resolve(settings->accel, "/sys", "/dev/kvm", &plan->accel_note);
	make_verdict(settings, d->accel, plan);
	d->mem_mib = settings->mem_mib;
	d->cpus = settings->cpus;
	d->kernel_path = inspection->image.path;
	d->kernel_version = inspection->image.version;
	d->initrd_path = plan->initrd_path;
	d->cmdline = plan->cmdline;
	d->root_dir = plan->root_dir;
	d->root_writable = settings->readwrite;
	/* An image has no modules of this kernel: share them always then. */
	d->modules_dir = settings->image ? inspection->modules_dir : modules_share(plan, inspection);
	d->root_from_image = settings->image != NULL;
	d->virtiofsd = plan->virtiofsd;
	d->detached = settings->detach;
	d->command = settings->command;
	d->extra_gettys = settings->extra_gettys;
	d->net = settings->net;
	d->ttys2 = settings->ttys2;
	d->qemu_args = plan->qemu_args;
	d->run_dir = plan->run_dir;
	d->host_user = plan->host_user;
	qemu_account(plan, &d->qemu_uid, &d->qemu_gid);
	d->remote = plan->remote;
	d->remote_gdb = plan->remote_gdb;
	d->gdb_tcp_port = settings->gdb_tcp_port;
	d->forwards = settings->forwards;
	d->shares = plan->shares;
	d->share_count = plan->share_count;
	d->disks = plan->disks;
	d->disk_count = plan->disk_count;
	return make_warm(settings, inspection, plan);
}
