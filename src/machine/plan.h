/* The plan: the one record of what a run does, decided from the options
   and the kernel (cli/planning.h) and read by everything after. */
#pragma once

#include "domainplan.h"
#include "inspect.h"
#include "resources.h"

/* What the guest init is told in run.conf. */
struct guest_plan {
	char **command;          /* the argv; NULL: a shell */
	char **env;              /* NAME=VALUE items over the host's passed variables (--env) */
	const char *root_mode;   /* EB_ROOT_OVERLAY, _READONLY or _READWRITE */
	bool verbose;            /* the init reports its steps */
	bool udev;
	bool pid1;               /* the command runs as PID 1 */
	bool after_shell;        /* a shell on the console after the command */
	bool net;
	bool detached;           /* no stdin port; nobody holds the streams */
	bool virtiofs;           /* the root share is virtiofs */
	bool image_root;         /* the root is the --image disk */
	bool as_user;            /* -u: the invoking user, not root */
	unsigned extra_gettys;
};

struct plan {
	struct domain_plan domain;
	struct guest_plan guest;
	char *name;
	char *run_dir;
	char *initrd_path;
	char *cmdline;
	char *root_dir;
	char *host_user;
	char *accel_note;    /* why KVM was not used, or NULL */
	char *virtiofsd;     /* --virtiofs: the daemon libvirt runs for the root share */
	const char *uri;
	const char *uri_why;
	struct share *shares;  /* the home directory (unless --no-home), then --share */
	size_t share_count;
	struct disk *disks;
	size_t disk_count;
	bool pvh_wanted;       /* boot the ELF kernel through PVH if it has one (not --no-pvh) */
	char *pvh_kernel;      /* the ELF kernel booted through PVH, or NULL (set once the files are prepared) */
	char *pvh_why;         /* why the image is booted instead, or NULL */
	const char *symbols;   /* the vmlinux with symbols: --vmlinux, else the booted one (pvh_kernel); NULL: none */
	bool gdb_wait;         /* the vCPUs wait for gdb's continue */
	const char *init_program; /* --init: a static program booted as /init; NULL: the tool's init */
	bool console;          /* the command or shell runs on the guest console, not on channels */
	unsigned timeout;      /* --timeout, seconds; 0: none */
	unsigned boot_timeout; /* seconds the command may take to start; 0: no watchdog */
	unsigned fail_on;      /* the splat classes that fail a successful command: 1 << class */
	char *const *allowed_splats; /* regular expressions: splats whose title matches do not count */
	const char *kernel_log;  /* --kernel-log: where the kernel log is copied; NULL: none */
	const char *report;      /* --report: the JSON report's path; NULL: none */
	const char *junit;       /* --junit: the JUnit XML's path; NULL: none */
	bool bisect;             /* --bisect: statuses for git bisect run */
	unsigned bisect_skip;    /* the outcomes it counts as skip (report/bisect.h) */
	bool nokaslr_added;    /* nokaslr was put on the command line for gdb */
	char **qemu_args;      /* --qemu words left after virtio drives became disks */
	char *snapshot;        /* the snapshot of this run's shape, restored or taken; NULL: a cold run */
	const char *snapshot_why; /* why there is none (--warm=off, or the run cannot have one) */
	bool remote;           /* the URI is another host's (uri_is_remote) */
	char *remote_host;     /* its [USER@]HOST, for messages and hints */
	char *remote_gdb;      /* the gdb stub's socket there */
	const char *pool;      /* --pool: the storage pool there; NULL: the tool's own */
	char *remote_kernel;   /* there, the uploaded kernel and initrd the domain boots */
	char *remote_initrd;
	char *remote_modules;  /* there, the image of the kernel's modules; NULL: that host has them */
	char *remote_log_dir;  /* there, where a detached run's files go */
	bool spare;            /* --warm=spare: claim a warm spare of the snapshot's shape, leave one */
	const char *spare_why; /* why --warm=spare has none */
	char *spare_name;      /* the domain of the spare this run leaves, and its directory */
	char *spare_dir;
	unsigned spare_idle;   /* seconds it waits for a run */
	unsigned spare_keep;   /* at most this many spares of the shape */
};

/* Free what PLAN holds. */
void plan_clear(struct plan *plan);
