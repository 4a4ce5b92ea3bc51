/* Warm spares: domains restored from a snapshot and left waiting in their
   init, at the snapshot point, for a run to claim them.  A run claims one
   by opening its control channel: libvirtd opens a channel for one client
   at a time, so two runs never get the same spare.  A spare outlives the
   process that made it (no autodestroy) and ends itself after an idle
   limit counted in the guest (contract.h, "idle"). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include <libvirt/libvirt.h>

/* A spare this run claimed. */
struct spare {
	virDomainPtr dom;
	virStreamPtr control; /* the claim: its control channel, open */
	char *name;
	char *run_dir;        /* its sockets; the run removes it at its end */
	char *log;            /* the kernel log up to the snapshot point */
	size_t log_len;
};

/* How many spares of SNAPSHOT (a snapshot file's name) USER has on CONN:
   ready ones, or also those being prepared unless READY_ONLY. */
int spare_count(virConnectPtr conn, const char *snapshot, const char *user, bool ready_only);

/* Claim a ready spare of SNAPSHOT of USER's on CONN, titling it TITLE:
   1 when one is now SPARE, 0 when none is free. */
int spare_claim(virConnectPtr conn, const char *snapshot, const char *user, const char *title,
		struct spare *spare);

/* Let go of SPARE's references (the domain stays). */
void spare_release(struct spare *spare);

/* Set the state in DOM's spare element; -1 with a message. */
int spare_set_state(virDomainPtr dom, const char *snapshot, const char *user, const char *state);

/* Destroy every unclaimed spare of USER's on CONN, with its directory;
   how many, or -1 with a message. */
int spare_end_all(virConnectPtr conn, const char *user);
