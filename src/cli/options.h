/* The command line, parsed once into settings nothing else needs argv for. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "accel.h"
#include "resources.h"

/* How a run may start from what earlier runs left (--warm). */
enum warm_mode {
	WARM_OFF,      /* always cold */
	WARM_SNAPSHOT, /* restore the shape's snapshot, or take it */
	WARM_SPARE,    /* claim a spare, and leave one for the next run */
};

/* A spare waits this long for its run, by default. */
#define DEFAULT_SPARE_IDLE 300

struct settings {
	const char *kernel;        /* -k: image file or build tree; NULL: default */
	const char *root;          /* -r: directory shared as / */
	bool readwrite;            /* -w */
	bool readonly;             /* -o */
	bool force;                /* --force */
	char *cmdline;             /* -c, all occurrences joined by spaces */
	bool pid1;                 /* -1 */
	uint64_t mem_mib;          /* -m */
	bool user;                 /* -u */
	bool shell;                /* --shell */
	char **qemu_args;          /* --qemu, split into words, NULL-terminated */
	bool net;                  /* --net */
	bool virtiofs;             /* --virtiofs: the root over virtiofs, not 9P */
	unsigned extra_gettys;     /* --extra-gettys */
	bool silent;               /* -s */
	bool verbose;              /* -v */
	bool timings;              /* --timings */
	bool ttys2;                /* -2 */
	bool udev;                 /* --udev */
	const char *connect_uri;   /* --connect */
	const char *pool;          /* --pool: the storage pool of a remote host */
	const char *name;          /* --name */
	enum accel accel;          /* --accel */
	enum warm_mode warm;       /* --warm, else EUDYPTULA_BOOT_WARM; snapshot by default */
	unsigned spares;           /* --spares: at most this many per machine shape */
	unsigned spare_idle;       /* --spare-idle, seconds */
	bool end_spares;           /* --end-spares */
	unsigned cpus;             /* --cpus */
	unsigned timeout;          /* --timeout, seconds; 0: none */
	unsigned boot_timeout;     /* --boot-timeout, seconds; 0: no watchdog */
	bool boot_timeout_set;     /* --boot-timeout was given */
	unsigned fail_on;          /* --fail-on, else EUDYPTULA_BOOT_FAIL_ON: a mask of 1 << splat class */
	char **allowed_splats;     /* --allow-splat, regular expressions (checked) */
	const char *kernel_log;    /* --kernel-log=FILE: a copy of the kernel log */
	const char *report;        /* --report=FILE: the run's JSON report */
	const char *junit;         /* --junit=FILE: the run as a JUnit test case */
	bool build;                /* --build: make the tree first */
	const char *build_output;  /* O, else KBUILD_OUTPUT, from the environment; NULL: in the tree */
	bool bisect;               /* --bisect: statuses for git bisect run */
	unsigned bisect_skip;      /* --bisect-OUTCOME=skip: 1 << enum bisect_outcome */
	const char *template_path; /* --template */
	bool dump_xml;             /* --dump-xml */
	unsigned gdb_tcp_port;     /* --gdb=tcp:PORT; 0: a unix socket (--gdb=unix, the default) */
	bool gdb_asked;            /* --gdb, --gdb-wait or --vmlinux was given */
	bool gdb_wait;             /* --gdb-wait */
	const char *vmlinux;       /* --vmlinux */
	char **forwards;           /* --forward, as QEMU hostfwd values */
	struct share *shares;      /* --share, parsed */
	size_t share_count;
	bool no_home;              /* --no-home */
	bool no_pvh;               /* --no-pvh: boot the image, not its ELF kernel */
	struct disk *disks;        /* --disk, parsed */
	size_t disk_count;
	const char *init_program;  /* --init */
	struct disk *image;        /* --image, parsed: boot this disk image's userspace; NULL: none */
	bool dry_run;              /* --dry-run */
	bool list;                 /* --list */
	bool detach;               /* --detach */
	const char *attach;        /* --attach=NAME */
	const char *status_of;     /* --status=NAME */
	const char *matrix;        /* --matrix=FILE; the command line's words are target names */
	bool matrix_list;          /* --matrix-list */
	const char *results;       /* --results=DIR */
	bool kconfig;              /* --kconfig */
	const char *kconfig_dir;   /* --kconfig=DIR */
	bool show_help;            /* --help */
	bool show_version;         /* --version */
	char **env;                /* --env, NAME=VALUE items for the command's environment */
	char **command;            /* after "--"; NULL: interactive shell */
};

/* Fill SETTINGS from ARGV; -1 with a message on a refusal. */
int options_parse(int argc, char **argv, struct settings *settings);

void options_clear(struct settings *settings);

/* The --help text. */
extern const char options_usage[];
