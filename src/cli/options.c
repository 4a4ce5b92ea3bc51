#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "contract.h"
#include "envvar.h"
#include "error.h"
#include "options.h"
#include "resources.h"
#include "size.h"
#include "strv.h"
#include "util.h"
#include "verdictopts.h"
#include "words.h"
#include "xalloc.h"

enum {
	OPT_SHELL = 256,
	OPT_QEMU,
	OPT_NET,
	OPT_VIRTIOFS,
	OPT_FORCE,
	OPT_EXTRA_GETTYS,
	OPT_CONNECT,
	OPT_NAME,
	OPT_ACCEL,
	OPT_WARM,
	OPT_SPARES,
	OPT_POOL,
	OPT_SPARE_IDLE,
	OPT_END_SPARES,
	OPT_CPUS,
	OPT_TIMEOUT,
	OPT_UDEV,
	OPT_TEMPLATE,
	OPT_DUMP_XML,
	OPT_GDB,
	OPT_GDB_WAIT,
	OPT_VMLINUX,
	OPT_FORWARD,
	OPT_SHARE,
	OPT_NO_HOME,
	OPT_NO_PVH,
	OPT_DISK,
	OPT_INIT,
	OPT_KCONFIG,
	OPT_IMAGE,
	OPT_DRY_RUN,
	OPT_LIST,
	OPT_DETACH,
	OPT_ATTACH,
	OPT_STATUS,
	OPT_TIMINGS,
	OPT_BOOT_TIMEOUT,
	OPT_FAIL_ON,
	OPT_ALLOW_SPLAT,
	OPT_KERNEL_LOG,
	OPT_REPORT,
	OPT_JUNIT,
	OPT_BUILD,
	OPT_BISECT,
	OPT_BISECT_TIMEOUT,
	OPT_BISECT_PANIC,
	OPT_BISECT_SPLAT,
	OPT_BISECT_BOOT,
	OPT_MATRIX,
	OPT_ENV,
	OPT_MATRIX_LIST,
	OPT_RESULTS,
};

static const char short_options[] = "+:sv2k:r:woc:1m:uhV";

static const struct option long_options[] = {
	{ "silent", no_argument, NULL, 's' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "ttyS2", no_argument, NULL, '2' },
	{ "kernel", required_argument, NULL, 'k' },
	{ "root", required_argument, NULL, 'r' },
	{ "readwrite", no_argument, NULL, 'w' },
	{ "readonly", no_argument, NULL, 'o' },
	{ "cmdline", required_argument, NULL, 'c' },
	{ "pid1", no_argument, NULL, '1' },
	{ "mem", required_argument, NULL, 'm' },
	{ "user", no_argument, NULL, 'u' },
	{ "shell", no_argument, NULL, OPT_SHELL },
	{ "qemu", required_argument, NULL, OPT_QEMU },
	{ "net", no_argument, NULL, OPT_NET },
	{ "virtiofs", no_argument, NULL, OPT_VIRTIOFS },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "extra-gettys", required_argument, NULL, OPT_EXTRA_GETTYS },
	{ "connect", required_argument, NULL, OPT_CONNECT },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "accel", required_argument, NULL, OPT_ACCEL },
	{ "warm", required_argument, NULL, OPT_WARM },
	{ "spares", required_argument, NULL, OPT_SPARES },
	{ "pool", required_argument, NULL, OPT_POOL },
	{ "spare-idle", required_argument, NULL, OPT_SPARE_IDLE },
	{ "end-spares", no_argument, NULL, OPT_END_SPARES },
	{ "cpus", required_argument, NULL, OPT_CPUS },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "udev", no_argument, NULL, OPT_UDEV },
	{ "timings", no_argument, NULL, OPT_TIMINGS },
	{ "template", required_argument, NULL, OPT_TEMPLATE },
	{ "dump-xml", no_argument, NULL, OPT_DUMP_XML },
	{ "gdb", required_argument, NULL, OPT_GDB },
	{ "gdb-wait", no_argument, NULL, OPT_GDB_WAIT },
	{ "vmlinux", required_argument, NULL, OPT_VMLINUX },
	{ "forward", required_argument, NULL, OPT_FORWARD },
	{ "share", required_argument, NULL, OPT_SHARE },
	{ "no-home", no_argument, NULL, OPT_NO_HOME },
	{ "no-pvh", no_argument, NULL, OPT_NO_PVH },
	{ "disk", required_argument, NULL, OPT_DISK },
	{ "init", required_argument, NULL, OPT_INIT },
	{ "kconfig", optional_argument, NULL, OPT_KCONFIG },
	{ "image", required_argument, NULL, OPT_IMAGE },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "detach", no_argument, NULL, OPT_DETACH },
	{ "attach", required_argument, NULL, OPT_ATTACH },
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "boot-timeout", required_argument, NULL, OPT_BOOT_TIMEOUT },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "allow-splat", required_argument, NULL, OPT_ALLOW_SPLAT },
	{ "kernel-log", required_argument, NULL, OPT_KERNEL_LOG },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "junit", required_argument, NULL, OPT_JUNIT },
	{ "build", no_argument, NULL, OPT_BUILD },
	{ "bisect", no_argument, NULL, OPT_BISECT },
	{ "bisect-timeout", required_argument, NULL, OPT_BISECT_TIMEOUT },
	{ "bisect-panic", required_argument, NULL, OPT_BISECT_PANIC },
	{ "bisect-splat", required_argument, NULL, OPT_BISECT_SPLAT },
	{ "bisect-boot", required_argument, NULL, OPT_BISECT_BOOT },
	{ "matrix", required_argument, NULL, OPT_MATRIX },
	{ "env", required_argument, NULL, OPT_ENV },
	{ "matrix-list", no_argument, NULL, OPT_MATRIX_LIST },
	{ "results", required_argument, NULL, OPT_RESULTS },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

enum { MAX_TIMEOUT = 7 * 24 * 3600, MAX_SPARES = 16 };

/* The name of the option being parsed, as the user typed it. */
static const char *
option_name(int opt, int long_index, char *buf, size_t size)
{
	if (long_index >= 0)
		snprintf(buf, size, "--%s", long_options[long_index].name);
	else
		snprintf(buf, size, "-%c", opt);
	return buf;
}

/* Append ARG to a space-separated string. */
static void
append_joined(char **joined, const char *arg)
{
	size_t old_len = *joined ? strlen(*joined) : 0;

	*joined = xrealloc(*joined, old_len + strlen(arg) + 2);
	if (old_len)
		(*joined)[old_len++] = ' ';
	strcpy(*joined + old_len, arg);
}

/* Host memory in MiB: the largest guest we accept. */
static uint64_t
host_memory_mib(void)
{
	long pages = sysconf(_SC_PHYS_PAGES);
	long page_size = sysconf(_SC_PAGESIZE);

	if (pages <= 0 || page_size <= 0)
		return 1024 * 1024;
	return (uint64_t)pages * (uint64_t)page_size / (1024 * 1024);
}

/* Refuse a domain name libvirt or a shell user would trip on. */
static int
check_name(const char *name)
{
	if (!*name || strlen(name) > 64 || strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.+-") != strlen(name) || name[0] == '-')
		return err_set("invalid --name '%s': use up to 64 letters, digits, '.', '_', '+' or '-'", name);
	/* The name is also a directory's: these two would be its parent or itself. */
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return err_set("invalid --name '%s': '.' and '..' are directories, not names: choose another name", name);
	return 0;
}

/* --warm or EUDYPTULA_BOOT_WARM: off, snapshot or spare. */
static int
parse_warm(const char *name, const char *text, enum warm_mode *warm)
{
	static const char *const modes[] = { [WARM_OFF] = "off", [WARM_SNAPSHOT] = "snapshot", [WARM_SPARE] = "spare" };

	for (size_t i = 0; i < ARRAY_SIZE(modes); i++)
		if (!strcmp(text, modes[i])) {
			*warm = (enum warm_mode)i;
			return 0;
		}
	return err_set("invalid %s '%s': use off, snapshot or spare", name, text);
}

static int
parse_accel(const char *text, enum accel *accel)
{
	if (strcmp(text, "auto") == 0)
		*accel = ACCEL_AUTO;
	else if (strcmp(text, "kvm") == 0)
		*accel = ACCEL_KVM;
	else if (strcmp(text, "tcg") == 0)
		*accel = ACCEL_TCG;
	else
		return err_set("invalid --accel '%s': use auto, kvm or tcg", text);
	return 0;
}

/* "unix" (*TCP_PORT 0) or "tcp:PORT". */
static int
parse_gdb(const char *text, unsigned *tcp_port)
{
	unsigned long port;

	*tcp_port = 0;
	if (strcmp(text, "unix") == 0)
		return 0;
	if (strncmp(text, "tcp:", 4) == 0 && size_parse_uint(text + 4, 1, 65535, &port) == 0) {
		*tcp_port = (unsigned)port;
		return 0;
	}
	return err_set("invalid --gdb '%s': use unix or tcp:PORT", text);
}

/* Parse --share=SPEC onto the end of SETTINGS' shares. */
static int
add_share(const char *spec, struct settings *settings)
{
	settings->shares = xreallocarray(settings->shares, settings->share_count + 1, sizeof *settings->shares);
	if (share_parse(spec, &settings->shares[settings->share_count]) < 0)
		return err_set("--share=%s: %s", spec, err_get());
	settings->share_count++;
	return 0;
}

/* Parse --disk=SPEC onto the end of SETTINGS' disks. */
static int
add_disk(const char *spec, struct settings *settings)
{
	settings->disks = xreallocarray(settings->disks, settings->disk_count + 1, sizeof *settings->disks);
	if (disk_parse(spec, &settings->disks[settings->disk_count]) < 0)
		return err_set("--disk=%s: %s", spec, err_get());
	settings->disk_count++;
	return 0;
}

/* Parse --image=SPEC; a later one replaces an earlier one. */
static int
set_image(const char *spec, struct settings *settings)
{
	if (!settings->image)
		settings->image = xcalloc(1, sizeof *settings->image);
	disk_clear(settings->image);
	if (disk_parse(spec, settings->image) == 0)
		return 0;
	free(steal_pointer(&settings->image));
	return err_set("--image=%s: %s", spec, err_get());
}

/* [ADDR:]HOSTPORT:GUESTPORT into QEMU's hostfwd form, tcp:ADDR:HOSTPORT-:GUESTPORT. */
static int
add_forward(const char *text, char ***forwards)
{
	cleanup_free char *copy = xstrdup(text);
	char *guest = strrchr(copy, ':'), *host, *addr = NULL;
	unsigned long host_port, guest_port;
	char hostfwd[128];

	if (!guest)
		return err_set("invalid --forward '%s': use [ADDR:]HOSTPORT:GUESTPORT, e.g. 4444:22", text);
	*guest++ = '\0';
	host = strrchr(copy, ':');
	if (host) {
		*host++ = '\0';
		addr = copy;
	} else {
		host = copy;
	}
	if (size_parse_uint(host, 1, 65535, &host_port) < 0 || size_parse_uint(guest, 1, 65535, &guest_port) < 0 ||
	    (addr && (!*addr || strlen(addr) > 64 || strspn(addr, "0123456789.") != strlen(addr))))
		return err_set("invalid --forward '%s': use [ADDR:]HOSTPORT:GUESTPORT with an IPv4 ADDR, e.g. 127.0.0.1:4444:22", text);
	snprintf(hostfwd, sizeof hostfwd, "tcp:%s:%lu-:%lu", addr ? addr : "127.0.0.1", host_port, guest_port);
	strv_append(forwards, hostfwd);
	return 0;
}

/* Store a domain name option's value once it is a valid name. */
static int
take_name(const char *arg, const char **slot)
{
	if (check_name(arg) < 0)
		return -1;
	*slot = arg;
	return 0;
}

/* Apply an option that only sets or records: true when OPT is one. */
static bool
apply_flag(int opt, const char *arg, struct settings *settings)
{
	switch (opt) {
	case 's': settings->silent = true; return true;
	case 'v': settings->verbose = true; return true;
	case '2': settings->ttys2 = true; return true;
	case 'k': settings->kernel = arg; return true;
	case 'r': settings->root = arg; return true;
	case 'w': settings->readwrite = true; return true;
	case 'o': settings->readonly = true; return true;
	case '1': settings->pid1 = true; return true;
	case 'u': settings->user = true; return true;
	case OPT_SHELL: settings->shell = true; return true;
	case OPT_NET: settings->net = true; return true;
	case OPT_VIRTIOFS: settings->virtiofs = true; return true;
	case OPT_FORCE: settings->force = true; return true;
	case OPT_CONNECT: settings->connect_uri = arg; return true;
	case OPT_POOL: settings->pool = arg; return true;
	case OPT_UDEV: settings->udev = true; return true;
	case OPT_TIMINGS: settings->timings = true; return true;
	case OPT_TEMPLATE: settings->template_path = arg; return true;
	case OPT_DUMP_XML: settings->dump_xml = true; return true;
	case OPT_GDB_WAIT: settings->gdb_wait = settings->gdb_asked = true; return true;
	case OPT_VMLINUX: settings->vmlinux = arg; settings->gdb_asked = true; return true;
	case OPT_NO_HOME: settings->no_home = true; return true;
	case OPT_NO_PVH: settings->no_pvh = true; return true;
	case OPT_INIT: settings->init_program = arg; return true;
	case OPT_DRY_RUN: settings->dry_run = true; return true;
	case OPT_LIST: settings->list = true; return true;
	case OPT_END_SPARES: settings->end_spares = true; return true;
	case OPT_DETACH: settings->detach = true; return true;
	case OPT_KCONFIG: settings->kconfig = true; settings->kconfig_dir = arg; return true;
	case OPT_KERNEL_LOG: settings->kernel_log = arg; return true;
	case OPT_REPORT: settings->report = arg; return true;
	case OPT_JUNIT: settings->junit = arg; return true;
	case OPT_BUILD: settings->build = true; return true;
	case OPT_BISECT: settings->bisect = true; return true;
	case OPT_MATRIX: settings->matrix = arg; return true;
	case OPT_MATRIX_LIST: settings->matrix_list = true; return true;
	case OPT_RESULTS: settings->results = arg; return true;
	case 'h': settings->show_help = true; return true;
	case 'V': settings->show_version = true; return true;
	}
	return false;
}

/* Apply an option that takes a number or a size; 1 when OPT is none of them. */
static int
apply_number(int opt, const char *arg, const char *name, struct settings *settings)
{
	unsigned long number;

	switch (opt) {
	case 'm':
		if (size_parse_mib(arg, host_memory_mib(), &settings->mem_mib) < 0)
			return err_set("%s: %s", name, err_get());
		break;
	case OPT_EXTRA_GETTYS:
		if (size_parse_uint(arg, 0, EB_EXTRA_CONSOLES_MAX, &number) < 0)
			return err_set("%s: %s", name, err_get());
		settings->extra_gettys = (unsigned)number;
		break;
	case OPT_CPUS: {
		long host_cpus = sysconf(_SC_NPROCESSORS_ONLN);
		unsigned long max_cpus = (unsigned long)(host_cpus > 0 ? host_cpus : 1) * 4;

		if (size_parse_uint(arg, 1, max_cpus, &number) < 0)
			return err_set("%s: %s (4 per host CPU at most)", name, err_get());
		settings->cpus = (unsigned)number;
		break;
	}
	case OPT_TIMEOUT:
		if (size_parse_uint(arg, 1, MAX_TIMEOUT, &number) < 0)
			return err_set("%s: %s seconds", name, err_get());
		settings->timeout = (unsigned)number;
		break;
	case OPT_SPARES:
		if (size_parse_uint(arg, 1, MAX_SPARES, &number) < 0)
			return err_set("%s: %s spares of a machine shape", name, err_get());
		settings->spares = (unsigned)number;
		break;
	case OPT_SPARE_IDLE:
		if (size_parse_uint(arg, 1, MAX_TIMEOUT, &number) < 0)
			return err_set("%s: %s seconds", name, err_get());
		settings->spare_idle = (unsigned)number;
		break;
	case OPT_BOOT_TIMEOUT:
		if (size_parse_uint(arg, 0, MAX_TIMEOUT, &number) < 0)
			return err_set("%s: %s seconds (0: no watchdog)", name, err_get());
		settings->boot_timeout = (unsigned)number;
		settings->boot_timeout_set = true;
		break;
	default:
		return 1;
	}
	return 0;
}

/* Apply one parsed option to SETTINGS. */
static int
apply_option(int opt, const char *arg, const char *name, struct settings *settings)
{
	cleanup_strv char **words = NULL;
	int rc;

	if (apply_flag(opt, arg, settings))
		return 0;
	rc = apply_number(opt, arg, name, settings);
	if (rc <= 0)
		return rc;
	switch (opt) {
	case 'c':
		append_joined(&settings->cmdline, arg);
		break;
	case OPT_QEMU:
		if (words_split(arg, &words) < 0)
			return err_set("%s: %s", name, err_get());
		for (size_t i = 0; words[i]; i++)
			strv_append(&settings->qemu_args, words[i]);
		break;
	case OPT_NAME: return take_name(arg, &settings->name);
	case OPT_ACCEL: return parse_accel(arg, &settings->accel);
	case OPT_WARM: return parse_warm(name, arg, &settings->warm);
	case OPT_GDB:
		settings->gdb_asked = true;
		return parse_gdb(arg, &settings->gdb_tcp_port);
	case OPT_FORWARD: return add_forward(arg, &settings->forwards);
	case OPT_SHARE: return add_share(arg, settings);
	case OPT_DISK: return add_disk(arg, settings);
	case OPT_ATTACH: return take_name(arg, &settings->attach);
	case OPT_STATUS: return take_name(arg, &settings->status_of);
	case OPT_IMAGE: return set_image(arg, settings);
	case OPT_ENV:
		if (!envvar_is_assignment(arg))
			return err_set("%s: '%s' is not NAME=VALUE", name, arg);
		strv_append(&settings->env, arg);
		break;
	case OPT_FAIL_ON: return verdictopts_fail_on(name, arg, &settings->fail_on);
	case OPT_ALLOW_SPLAT: return verdictopts_allow(name, arg, &settings->allowed_splats);
	case OPT_BISECT_TIMEOUT: return verdictopts_bisect(name, arg, BISECT_TIMEOUT, &settings->bisect_skip, &settings->bisect);
	case OPT_BISECT_PANIC: return verdictopts_bisect(name, arg, BISECT_PANIC, &settings->bisect_skip, &settings->bisect);
	case OPT_BISECT_SPLAT: return verdictopts_bisect(name, arg, BISECT_SPLAT, &settings->bisect_skip, &settings->bisect);
	case OPT_BISECT_BOOT: return verdictopts_bisect(name, arg, BISECT_BOOT, &settings->bisect_skip, &settings->bisect);
	}
	return 0;
}

/* --matrix takes its runs from its file: the options of one run make no sense beside it. */
static int
check_matrix(const struct settings *settings)
{
	if ((settings->matrix_list || settings->results) && !settings->matrix)
		return err_set("%s goes with --matrix=FILE", settings->matrix_list ? "--matrix-list" : "--results");
	if (settings->matrix && (settings->kernel || settings->connect_uri || settings->report || settings->junit ||
				 settings->kernel_log || settings->build || settings->detach || settings->bisect ||
				 settings->timeout || settings->name || settings->allowed_splats))
		return err_set("--matrix=%s takes the kernels, commands and hosts from the file: drop --kernel, --connect, "
			       "--timeout, --name, --fail-on, --allow-splat, --report, --junit, --kernel-log, --build, --detach and --bisect "
			       "(the results go to --results=DIR)", settings->matrix);
	return 0;
}

/* Refuse combinations that make no sense or are dangerous. */
static int
check_combinations(const struct settings *settings)
{
	if (check_matrix(settings) < 0)
		return -1;
	if (settings->detach && (settings->timeout || settings->gdb_wait || settings->init_program ||
				 settings->boot_timeout_set))
		return err_set("--detach leaves the guest to itself: drop --timeout, --boot-timeout, --gdb-wait and --init");
	if (settings->detach && (settings->report || settings->junit || settings->kernel_log))
		return err_set("--detach: a detached run's verdict and reports come with --status=NAME, once it has ended: "
			       "give --report, --junit and --kernel-log there");
	if (settings->forwards && !settings->net)
		return err_set("--forward needs --net: the forward goes through the guest's user-mode network");
	if (settings->init_program && settings->command)
		return err_set("--init runs PROGRAM itself: drop the command after --");
	if (settings->readwrite && settings->readonly)
		return err_set("--readwrite and --readonly contradict each other: pick one");
	if (settings->image && (settings->init_program || strcmp(settings->root, "/") != 0))
		return err_set("--image boots the image's own root: drop --init and --root");
	if (settings->virtiofs && (settings->image || settings->init_program))
		return err_set("--virtiofs shares the host's root: drop it with --image and --init");
	if (settings->readwrite && !settings->force && !settings->image) {
		cleanup_free char *root = realpath(settings->root, NULL);

		if (root && strcmp(root, "/") == 0)
			return err_set("--readwrite on / lets the guest write to the host's files: add --force if you mean it");
	}
	return 0;
}

int
options_parse(int argc, char **argv, struct settings *settings)
{
	char name[64];
	int opt, long_index;

	memset(settings, 0, sizeof *settings);
	settings->root = "/";
	settings->mem_mib = 1024;
	settings->cpus = 1;
	if (verdictopts_fail_on("EUDYPTULA_BOOT_FAIL_ON", getenv("EUDYPTULA_BOOT_FAIL_ON"), &settings->fail_on) < 0)
		return -1;
	settings->warm = WARM_SNAPSHOT;
	settings->spares = 1;
	settings->spare_idle = DEFAULT_SPARE_IDLE;
	if (getenv("EUDYPTULA_BOOT_WARM") && parse_warm("EUDYPTULA_BOOT_WARM", getenv("EUDYPTULA_BOOT_WARM"), &settings->warm) < 0)
		return -1;
	settings->build_output = getenv("O") && *getenv("O") ? getenv("O") : getenv("KBUILD_OUTPUT");
	optind = 0;
	opterr = 0;
	for (;;) {
		long_index = -1;
		opt = getopt_long(argc, argv, short_options, long_options, &long_index);
		if (opt == -1)
			break;
		if (opt == '?') {
			if (optopt)
				return err_set("unknown option '-%c': see eudyptula-boot --help", optopt);
			return err_set("unknown option '%s': see eudyptula-boot --help", argv[optind - 1]);
		}
		if (opt == ':')
			return err_set("option '%s' needs an argument: see eudyptula-boot --help", argv[optind - 1]);
		option_name(opt, long_index, name, sizeof name);
		if (apply_option(opt, optarg, name, settings) < 0)
			return -1;
	}
	for (int i = optind; i < argc; i++)
		strv_append(&settings->command, argv[i]);
	return check_combinations(settings);
}

void
options_clear(struct settings *settings)
{
	free(settings->cmdline);
	strv_free(settings->qemu_args);
	strv_free(settings->command);
	strv_free(settings->env);
	strv_free(settings->forwards);
	strv_free(settings->allowed_splats);
	for (size_t i = 0; i < settings->share_count; i++)
		share_clear(&settings->shares[i]);
	free(settings->shares);
	for (size_t i = 0; i < settings->disk_count; i++)
		disk_clear(&settings->disks[i]);
	free(settings->disks);
	if (settings->image)
		disk_clear(settings->image);
	free(settings->image);
	memset(settings, 0, sizeof *settings);
}
