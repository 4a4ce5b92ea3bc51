/* What the libvirt domain of one run will be, decided before its XML is
   rendered (domain.h); no libxml2 here. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "accel.h"
#include "resources.h"

/* The namespace of the project's <metadata> element. */
#define EB_METADATA_NS "urn:x-eudyptula-boot:run:1"

/* A warm spare's own element in <metadata>, apart from the run's, so that
   its state can change on a running domain: <spare snapshot="NAME"
   state="preparing|ready|claimed" user="NAME"/>. */
#define EB_SPARE_NS "urn:x-eudyptula-boot:spare:1"
#define EB_SPARE_PREFIX "eudyptula-spare"
#define EB_SPARE_PREPARING "preparing"
#define EB_SPARE_READY "ready"
#define EB_SPARE_CLAIMED "claimed"

/* The kernel log's serial port (ttyS0), by its user alias: the domain's
   first serial, which virsh console opens, is the shared console. */
#define DOMAIN_KERNEL_LOG_ALIAS "ua-kernel-log"

/* Everything the domain needs to know, decided before rendering. */
struct domain_plan {
	const char *name;
	enum accel accel;          /* KVM or TCG, already resolved */
	uint64_t mem_mib;
	unsigned cpus;
	const char *kernel_path;      /* the image, as the user named it */
	const char *boot_path;        /* what QEMU loads (its ELF kernel); NULL: the image */
	const char *kernel_version;
	const char *initrd_path;
	const char *cmdline;       /* the whole kernel command line */
	const char *root_dir;
	bool root_writable;        /* --readwrite: the share itself is written */
	bool root_from_image;      /* --image: no 9P root share */
	const char *virtiofsd;     /* the root over virtiofs, served by this program; NULL: 9P */
	bool detached;             /* --detach: output to files, no stdin */
	const char *modules_dir;   /* shared at /lib/modules/VERSION; NULL: none */
	char *const *command;      /* NULL: interactive shell */
	unsigned extra_gettys;
	bool net;
	bool ttys2;
	char *const *qemu_args;
	const char *run_dir;       /* private directory of this run (sockets) */
	const char *host_user;
	long qemu_uid;             /* run QEMU as this user; -1: libvirt's default */
	long qemu_gid;
	unsigned gdb_tcp_port;     /* gdb stub on 127.0.0.1:PORT; 0: a unix socket */
	char *const *forwards;     /* QEMU hostfwd values; the NIC is then QEMU's own */
	const struct share *shares;   /* extra 9P shares, tagged EB_TAG_SHARE_PREFIX + index */
	size_t share_count;
	const struct disk *disks;
	size_t disk_count;
	bool incoming;             /* QEMU waits for a saved state (-incoming defer): a warm run */
	bool remote;               /* on another host: no path of this machine in the XML */
	const char *remote_gdb;    /* there, the gdb stub's socket */
	const char *modules_disk;  /* there, the image of the kernel's modules; NULL: none */
	const char *remote_log_dir; /* there, where a detached run's files go (NAME-FILE), its pool's directory */
	const char *spare_of;      /* a warm spare of this snapshot (its file's name); NULL: a run */
	unsigned spare_idle;       /* seconds the spare waits for its run */
};

/* A domain name from the kernel version: eudyptula-VERSION-UNIQUE, safe characters only. */
char *domain_make_name(const char *version);

/* The one-line title: "eudyptula-boot: VERSION: COMMAND". */
char *domain_make_title(const char *version, char *const *command);
