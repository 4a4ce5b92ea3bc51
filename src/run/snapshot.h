/* Warm runs: a machine's state saved at the snapshot point (the guest's
   init waiting for its settings) and restored into a new domain, through
   QMP migration on a unix socket of the run directory.  libvirt's own save
   images are bound to one domain's UUID; QEMU's exec: migration is denied
   by libvirt's sandbox. */
#pragma once

#include <libvirt/libvirt.h>
#include <stddef.h>

#include "snapstore.h"

/* A warm run's snapshot: restored from, or taken at the snapshot point. */
struct warm_run {
	const char *path;         /* the snapshot's file in the cache */
	const char *versions;     /* what it is bound to (snapshot_versions) */
	const char *socket;       /* where the state goes through, in the run directory */
	const char *kernel;       /* the kernel file it is of: the snapshot goes with it */
	struct snap_file *restore; /* the snapshot to restore; NULL: take one */
	bool failed;              /* out: the restore failed (before the guest ran) */
	bool taken;               /* out: a snapshot was taken */
	long long ms;             /* out: how long the restore or the save took */
};

/* The versions a snapshot is bound to: "qemu N libvirt N" (allocated). */
char *snapshot_versions(virConnectPtr conn);

/* Pause DOM, save its state to WARM's snapshot with the kernel LOG so far,
   through WARM's socket; the caller resumes it.  -1 with a message. */
int snapshot_save(virDomainPtr dom, const struct warm_run *warm, const char *log, size_t log_len);

/* Load FILE's state into DOM, created paused with -incoming defer,
   through SOCKET; -1 with a message (damaged: the hash did not match). */
int snapshot_restore(virDomainPtr dom, const char *socket, struct snap_file *file);
