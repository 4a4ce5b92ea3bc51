/* A running session's state: the domain, its streams, and how the run
   ends; shared by the session (session.c), its pumps (pumps.c) and its
   stdin (input.c). */
#pragma once

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <libvirt/libvirt.h>

#include "consock.h"
#include "contract.h"
#include "deadline.h"
#include "endmark.h"
#include "initprog.h"
#include "kernlog.h"
#include "runend.h"
#include "tailbuf.h"

/* Stdin goes in packets of at most this many bytes (libvirt's largest
   stream packet), and at most this many packets wait for the guest:
   libvirtd stops reading a client with more than a few packets queued
   (max_client_requests, 5 by default), keepalive replies included. */
#define SESSION_STDIN_CHUNK (256 * 1024)
#define SESSION_STDIN_PACKETS 3

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
	const char *conf;    /* run.conf, sent when the guest says "stage init"; NULL: in its initramfs */
	size_t conf_len;
	bool conf_sent;
	char control_held[128]; /* lines that wait until the conf has gone */
	struct warm_run *warm;  /* NULL: a cold run that takes no snapshot */
	struct spare *spare;    /* a claimed warm spare; NULL: a domain of the run's own */
	struct console_split split;

	struct outlet kernel;     /* serial0: the kernel log */
	struct outlet console;    /* hvc0: a terminal for the shell or command */
	struct endmark console_end; /* what the guest writes on hvc0 when it is over */
	struct outlet out, err;   /* command stdout and stderr channels */
	struct outlet control;    /* status lines in, winsize out */
	virStreamPtr input;       /* where host stdin goes: stdin channel or console */
	struct kernlog *log;      /* the caller's: the kernel log's tail, its panic */
	struct tailbuf *out_tail, *err_tail; /* the caller's: the end of the command's output */
	struct consock extra_consoles[EB_EXTRA_CONSOLES_MAX];
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
	struct deadline timeout_clock; /* --timeout */
	unsigned boot_timeout;    /* seconds the command may take to start; 0: no watchdog */
	struct deadline boot_clock;
	enum boot_stage stage;    /* how far the guest got */
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


/* Record how the run ends (first caller wins) and wake the waiting thread. */
void session_finish(struct session *s, enum session_end end);

/* Start pumping every opened stream; called once the domain exists. */
int session_pumps_start(struct session *s);

/* Stop pumping and free the streams. */
void session_pumps_stop(struct session *s);

/* Record how long this process has not run since the last heartbeat. */
void session_note_stall(struct session *s);

/* Record that the guest reached STAGE; the watchdog is done at the command. */
void session_reach_stage(struct session *s, enum boot_stage stage);

/* Tell the guest the host terminal's size. */
void session_send_winsize(struct session *s);


/* ^] as in virsh console: leaves the console. */
#define DETACH_KEY 0x1d

/* Send a short line on the control channel. */
void pumps_control_send(struct session *s, const char *line);

/* Send the guest its settings (see contract.h), once; a warm run that
   has no snapshot takes one first. */
void pumps_send_conf(struct session *s);

/* Forget the stdin packets the guest has taken, up to ACKED bytes. */
void input_taken(struct session *s, uint64_t acked);

/* Read stdin again if the window and the stream allow it. */
void input_resume(struct session *s);

/* The event loop's callback for readable stdin. */
void stdin_readable(int watch, int fd, int events, void *opaque);
