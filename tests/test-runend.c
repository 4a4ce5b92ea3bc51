/* The end of a run without libvirt: when the output is complete, and the
   exit status for each way a run ends. */
#include "config.h"

#include <signal.h>

#include "runend.h"
#include "tap.h"
#include "util.h"

static void
test_complete(void)
{
	struct run_tally t = { .want_out = 10, .want_err = 3, .got_out = 10, .got_err = 3 };

	tap_ok(!runend_output_complete(&t), "nothing is complete before the status");
	t.have_status = true;
	tap_ok(runend_output_complete(&t), "the status and every announced byte: complete");
	t.got_out = 9;
	tap_ok(!runend_output_complete(&t), "a byte of stdout still on its way: not yet");
	t.out_closed = true;
	tap_ok(runend_output_complete(&t), "stdout's stream ended: nothing more can come");
	t = (struct run_tally){ .have_status = true, .want_err = 5, .got_err = 6 };
	tap_ok(runend_output_complete(&t), "more than announced (a background writer) is complete too");
	t.console_end_expected = true;
	tap_ok(!runend_output_complete(&t), "a terminal run waits for the console's end mark");
	t.console_end_found = true;
	tap_ok(runend_output_complete(&t), "the end mark came: complete");
	t.console_end_found = false;
	t.console_closed = true;
	tap_ok(runend_output_complete(&t), "the console went away: nothing more can come");
}

static void
test_exit_status(void)
{
	tap_ok(runend_exit_status(END_STATUS, 3, 0) == 3, "the command's status is the tool's");
	tap_ok(runend_exit_status(END_STATUS, 0, 0) == 0, "a command's success is the tool's");
	tap_ok(runend_exit_status(END_STATUS, 137, 0) == 137, "a command killed by SIGKILL: 137");
	tap_ok(runend_exit_status(END_TIMEOUT, 0, 0) == EXIT_TIMEOUT, "--timeout: 124");
	tap_ok(runend_exit_status(END_SIGNAL, 0, SIGTERM) == 143, "SIGTERM: 143");
	tap_ok(runend_exit_status(END_SIGNAL, 0, SIGHUP) == 129, "SIGHUP: 129");
	tap_ok(runend_exit_status(END_DETACH, 0, 0) == 130, "^]: 130");
	tap_ok(runend_exit_status(END_GUEST_DIED, 0, 0) == EXIT_GUEST_DIED, "the guest died: 255");
	tap_ok(runend_exit_status(END_CONN_LOST, 0, 0) == EXIT_GUEST_DIED, "the connection went: 255");
}

int
main(void)
{
	test_complete();
	test_exit_status();
	return tap_done();
}
