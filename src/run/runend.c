#include "config.h"

#include <signal.h>

#include "runend.h"
#include "util.h"

bool
runend_output_complete(const struct run_tally *t)
{
	return t->have_status && (t->got_out >= t->want_out || t->out_closed) &&
	       (t->got_err >= t->want_err || t->err_closed) &&
	       (!t->console_end_expected || t->console_end_found || t->console_closed);
}

int
runend_exit_status(enum session_end end, int status, int signo)
{
	switch (end) {
	case END_STATUS:
		return status;
	case END_TIMEOUT:
		return EXIT_TIMEOUT;
	case END_SIGNAL:
		return 128 + signo;
	case END_DETACH:
		return 128 + SIGINT;
	case END_BOOT_TIMEOUT:
		return EXIT_BOOT_HUNG;
	case END_GUEST_DIED:
	case END_CONN_LOST:
	case END_RUNNING:
		break;
	}
	return EXIT_GUEST_DIED;
}

const char *
runend_stage_text(enum boot_stage stage)
{
	switch (stage) {
	case STAGE_NONE:
		return "the kernel printed nothing (it did not start, or stopped before its console came up)";
	case STAGE_KERNEL:
		return "the kernel printed but never started the guest init";
	case STAGE_INIT:
		return "the guest init started but its root file system or the command never came";
	case STAGE_COMMAND:
		break;
	}
	return "the command started";
}

const char *
runend_stage_name(enum boot_stage stage)
{
	static const char *const names[] = { "none", "kernel", "init", "command" };

	return names[stage];
}
