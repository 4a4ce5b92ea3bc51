/* Running a guest to its end, or attaching a terminal to one. */
#pragma once

#include <stdbool.h>

#include <libvirt/libvirt.h>

/* How a run is attached to its guest. */
struct session_options {
	const char *uri;     /* where conn points, to come back after a lost connection */
	bool console_mode;   /* the command or shell runs on the guest console */
	bool verbose;        /* kernel messages to stderr */
	unsigned timeout;    /* seconds; 0: none */
	bool embedded;       /* in-process driver: no autodestroy */
	bool gdb_wait;       /* leave the vCPUs stopped for gdb */
	bool init_program;   /* --init: the console is the program's stdout */
	const char *console_end; /* the guest ends its console output with this */
	const char *run_dir;     /* where the extra consoles' sockets go */
	unsigned extra_consoles; /* --extra-gettys */
};

/* Create the domain paused, attach every stream, resume, and wait for the end.
   Returns the exit status for the tool. */
int session_run(virConnectPtr conn, const char *xml, const struct session_options *options);

/* What session_attach returns when the guest stopped while attached: the
   caller reads its recorded status.  -1 is an error with a message. */
#define SESSION_ATTACH_GUEST_STOPPED (-2)

/* Attach the terminal to the console of a running domain; ^] leaves it
   running (status 0).  Returns an exit status for the tool, -1, or
   SESSION_ATTACH_GUEST_STOPPED. */
int session_attach(virConnectPtr conn, virDomainPtr dom);
