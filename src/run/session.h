/* Running a guest to its end, or attaching a terminal to one. */
#pragma once

#include <stdbool.h>

#include <libvirt/libvirt.h>

#include "kernlog.h"
#include "runend.h"
#include "tailbuf.h"

struct warm_run;
struct spare;

/* How a run is attached to its guest. */
struct session_options {
	const char *uri;     /* where conn points, to come back after a lost connection */
	bool console_mode;   /* the command or shell runs on the guest console */
	bool verbose;        /* kernel messages to stderr */
	unsigned timeout;    /* seconds; 0: none */
	unsigned boot_timeout; /* seconds for the command to start; 0: no watchdog */
	bool embedded;       /* in-process driver: no autodestroy */
	bool gdb_wait;       /* leave the vCPUs stopped for gdb */
	bool init_program;   /* --init: the console is the program's stdout */
	const char *console_end; /* the guest ends its console output with this */
	const char *run_dir;     /* where the extra consoles' sockets go */
	const char *kernel_log;  /* the file the whole kernel log goes to; NULL: none */
	unsigned extra_consoles; /* --extra-gettys */
	const char *conf;        /* run.conf for the guest's "stage init"; NULL: in its initramfs */
	size_t conf_len;
	struct warm_run *warm;   /* a snapshot to restore or to take; NULL: neither */
	struct spare *spare;     /* a claimed warm spare to run on, instead of a new domain */
};

/* What a run gave, beyond its exit status: the matter of its verdict. */
struct session_result {
	enum session_end end;
	enum boot_stage stage;   /* how far the guest got */
	int command_status;      /* END_STATUS: the command's status */
	struct kernlog log;      /* the kernel log's tail, its panic, its splats */
	struct tailbuf out, err; /* the end of the command's output, when the caller bounds them */
};

/* An empty RESULT that keeps the last OUTPUT_TAIL bytes of the command's
   stdout and stderr (0: none). */
void session_result_init(struct session_result *result, size_t output_tail);

void session_result_clear(struct session_result *result);

/* Create the domain paused (or take the claimed spare, which has no
   autodestroy: it is destroyed at the end), attach every stream, resume,
   and wait for the end, recording it in RESULT (session_result_init'ed).  Returns the exit
   status for the tool. */
int session_run(virConnectPtr conn, const char *xml, const struct session_options *options,
		struct session_result *result);

/* What session_attach returns when the guest stopped while attached: the
   caller reads its recorded status.  -1 is an error with a message. */
#define SESSION_ATTACH_GUEST_STOPPED (-2)

/* Attach the terminal to the console of a running domain; ^] leaves it
   running (status 0).  Returns an exit status for the tool, -1, or
   SESSION_ATTACH_GUEST_STOPPED. */
int session_attach(virConnectPtr conn, virDomainPtr dom);
