/* How a run ends, apart from libvirt: when everything the guest announced
   has come, and what the tool's exit status is for each way of ending. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

enum session_end {
	END_RUNNING = 0,
	END_STATUS,      /* the guest reported its command's status */
	END_TIMEOUT,     /* --timeout ran out */
	END_SIGNAL,      /* the tool got a signal */
	END_DETACH,      /* ^] on the console */
	END_GUEST_DIED,  /* the guest stopped without reporting */
	END_CONN_LOST,   /* the connection to libvirt closed under the run */
	END_BOOT_TIMEOUT, /* the command had not started within --boot-timeout */
};

/* How far the guest got, for the boot watchdog. */
enum boot_stage {
	STAGE_NONE,      /* the kernel printed nothing */
	STAGE_KERNEL,    /* the kernel printed, the guest init did not report */
	STAGE_INIT,      /* the guest init runs; the root or the command did not come */
	STAGE_COMMAND,   /* the command or shell started */
};

/* STAGE's name in reports: "none", "kernel", "init", "command". */
const char *runend_stage_name(enum boot_stage stage);

/* What STAGE means, for a boot that stopped there. */
const char *runend_stage_text(enum boot_stage stage);

/* What has come in of the guest's end. */
struct run_tally {
	bool have_status;          /* the control channel's exit line came */
	uint64_t want_out, want_err; /* what that line says went out on stdout, stderr */
	uint64_t got_out, got_err;   /* what has arrived of them */
	bool out_closed, err_closed; /* the streams ended (nothing more will come) */
	bool console_end_expected;   /* a terminal run: the console ends with a mark */
	bool console_end_found;
	bool console_closed;
};

/* True once the guest reported and all it said it wrote has arrived (or
   the stream it would come on ended), the console's end mark included. */
bool runend_output_complete(const struct run_tally *tally);

/* The tool's exit status for END: the command's STATUS, 124 for the
   timeout, 128 + SIGNO for a signal, 130 for ^], 255 when the guest died
   or the connection went. */
int runend_exit_status(enum session_end end, int status, int signo);
