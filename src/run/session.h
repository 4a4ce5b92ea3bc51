/* A running guest: the domain, its streams, and how the run ends. */
#pragma once

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <libvirt/libvirt.h>

#include "consock.h"
#include "endmark.h"
#include "initprog.h"
#include "kernlog.h"

enum session_end {
	END_RUNNING = 0,
	END_STATUS,      /* the guest reported its command's status */
	END_TIMEOUT,     /* --timeout ran out */
	END_SIGNAL,      /* the tool got a signal */
	END_DETACH,      /* ^] on the console */
	END_GUEST_DIED,  /* the guest stopped without reporting */
	END_CONN_LOST,   /* the connection to libvirt closed under the run */
};

struct session;

/* Stdin goes in packets of at most this many bytes (libvirt's largest
   stream packet), and at most this many packets wait for the guest:
   libvirtd stops reading a client with more than a few packets queued
   (max_client_requests, 5 by default), keepalive replies included. */
#define SESSION_STDIN_CHUNK (256 * 1024)
#define SESSION_STDIN_PACKETS 3

/* The guest has hvc1..hvc7 for extra consoles. */
#define SESSION_EXTRA_CONSOLES_MAX 7

struct outlet {
	struct session *session;
	virStreamPtr stream;
	int fd;              /* host descriptor the bytes go to; -1: kept only */
	uint64_t bytes;
	bool closed;
};

struct session {
	virConnectPtr conn;
	const char *uri;
	virDomainPtr dom;
	unsigned char uuid[VIR_UUID_BUFLEN];
	char *name;          /* the domain's, kept past virDomainFree */
	bool console_mode;   /* the command or shell runs on the guest console */
	bool verbose;
	unsigned timeout;
	bool embedded;       /* in-process driver: no autodestroy, destroy it ourselves */
	bool init_program;   /* --init: the kernel console carries the program's output */
	bool attached;       /* --attach: the domain is someone else's to stop */
	struct console_split split;

	struct outlet kernel;     /* serial0: the kernel log */
	struct outlet console;    /* hvc0: a terminal for the shell or command */
	struct endmark console_end; /* what the guest writes on hvc0 when it is over */
	struct outlet out, err;   /* command stdout and stderr channels */
	struct outlet control;    /* status lines in, winsize out */
	virStreamPtr input;       /* where host stdin goes: stdin channel or console */
	struct kernlog log;
	struct consock extra_consoles[SESSION_EXTRA_CONSOLES_MAX];
	unsigned extra_console_count;
	const char *run_dir;

	char control_line[256];
	size_t control_len;
	bool have_status;
	int status;
	uint64_t want_out, want_err;

	char in_buf[SESSION_STDIN_CHUNK];
	size_t in_len, in_off;
	uint64_t in_sent;         /* bytes of stdin the stream took */
	uint64_t in_acked;        /* bytes of stdin the guest has taken */
	uint64_t in_packet_end[2 * SESSION_STDIN_PACKETS]; /* in_sent after each packet not yet taken */
	unsigned in_packets;
	int stdin_watch;
	bool stdin_done;
	bool stdin_eof_pending;   /* stdin ended after the buffered bytes */
	bool stdin_tty;

	int signal_pipe[2];
	int signal_watch;
	bool job_control;         /* ^Z pauses the guest (session_run, not --attach) */
	bool job_stopped;         /* the job is stopped: no stdin read, no timeout */
	bool paused_guest;        /* the vCPUs were stopped for it, to resume after */
	int timer;
	long long timeout_deadline_ms; /* when --timeout runs out (monotonic) */
	long long timeout_left_ms;     /* what was left of it when the job stopped */
	int grace_timer;
	int beat_timer;           /* every second: notices when this process did not run */
	long long last_beat_ms;
	long long stall_ms;       /* the longest time this process did not run */
	int end_mark_timer;       /* console mode: how long to wait for the end mark */
	int lifecycle_callback;
	bool close_callback;
	int close_reason;         /* END_CONN_LOST: a VIR_CONNECT_CLOSE_REASON_* */

	pthread_mutex_t lock;
	pthread_cond_t cond;
	enum session_end end;
	int end_signal;
};

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

/* Record how the run ends (first caller wins) and wake the waiting thread. */
void session_finish(struct session *s, enum session_end end);

/* Start pumping every opened stream; called once the domain exists. */
int session_pumps_start(struct session *s);

/* Stop pumping and free the streams. */
void session_pumps_stop(struct session *s);

/* Record how long this process has not run since the last heartbeat. */
void session_note_stall(struct session *s);

/* Tell the guest the host terminal's size. */
void session_send_winsize(struct session *s);
