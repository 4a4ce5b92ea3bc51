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
	case END_GUEST_DIED:
	case END_CONN_LOST:
	case END_RUNNING:
		break;
	}
	return EXIT_GUEST_DIED;
}
