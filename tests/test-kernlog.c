#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kernlog.h"
#include "tap.h"

/* What Debian's 6.1 kernel prints for `echo c > /proc/sysrq-trigger` with panic=5. */
static const char sysrq_panic[] =
	"[    2.010000] sysrq: Trigger a crash\r\n"
	"[    2.010100] Kernel panic - not syncing: sysrq triggered crash\r\n"
	"[    2.010200] CPU: 0 PID: 97 Comm: sh Not tainted 6.1.0-57-amd64 #1  Debian 6.1.192-3\r\n"
	"[    2.010300] Call Trace:\r\n"
	"[    2.010400]  <TASK>\r\n"
	"[    2.010500]  dump_stack_lvl+0x44/0x5c\r\n"
	"[    2.010600]  panic+0x118/0x2ed\r\n"
	"[    2.010700]  </TASK>\r\n"
	"[    2.015165] Kernel Offset: disabled\r\n"
	"[    2.015388] Rebooting in 5 seconds..\r\n";

/* A log fed TEXT in pieces of STEP bytes. */
static struct kernlog *
fed(const char *text, size_t step)
{
	struct kernlog *log = calloc(1, sizeof *log);
	size_t len = strlen(text);

	for (size_t off = 0; off < len; off += step)
		kernlog_append(log, text + off, len - off < step ? len - off : step);
	return log;
}

/* The panic's end and reason are found however the bytes come. */
static void
test_reboot_line_ends_panic(void)
{
	static const size_t steps[] = { 1, 7, 64, sizeof sysrq_panic };

	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		struct kernlog *log = fed(sysrq_panic, steps[i]);

		tap_ok(kernlog_panic_ended(log), "\"Rebooting in\" ends a panic (pieces of %zu bytes)", steps[i]);
		tap_streq(kernlog_panic_reason(log), "Kernel panic - not syncing: sysrq triggered crash",
			  "the reason line without its stamp (pieces of %zu bytes)", steps[i]);
		kernlog_clear(log);
		free(log);
	}
}

/* Without a reboot delay the kernel prints its end line instead. */
static void
test_end_line_ends_panic(void)
{
	struct kernlog *log = fed("[  T1] Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000000\n"
				  "[    1.1] ---[ end Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000000 ]---\n",
				  5);

	tap_ok(kernlog_panic_ended(log), "the end-of-panic line ends a panic");
	tap_streq(kernlog_panic_reason(log), "Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000000",
		  "the reason without the caller id");
	kernlog_clear(log);
	free(log);
}

/* A panic still printing, and lines that only look like the end, do not end it. */
static void
test_not_yet(void)
{
	struct kernlog *log = fed("[    0.5] Rebooting in 5 seconds..\n[    1.0] Kernel panic - not syncing: VFS: Unable to mount root fs\n"
				  "[    1.1] Call Trace:\n[    1.2] Rebooting in 5 sec",
				  3);

	tap_ok(!kernlog_panic_ended(log), "no end before the panic, nor in a line not yet whole");
	kernlog_append(log, "onds..\n", 7);
	tap_ok(kernlog_panic_ended(log), "the line's end completes it");
	kernlog_clear(log);
	free(log);
	log = fed("[    1.0] WARNING: CPU: 0 PID: 1 at x.c:1 f+0x1/0x2\n", 64);
	tap_ok(!kernlog_panic_ended(log) && !kernlog_panic_reason(log), "a warning is no panic");
	kernlog_clear(log);
	free(log);
}

/* The reason survives a flood that pushes it out of the kept tail. */
static void
test_reason_outlives_tail(void)
{
	struct kernlog *log = calloc(1, sizeof *log);
	static const char reason[] = "[    3.0] Kernel panic - not syncing: Fatal exception\n";
	char line[80];

	kernlog_append(log, reason, strlen(reason));
	for (int i = 0; i < 2000; i++) {
		snprintf(line, sizeof line, "[    3.%04d] stack line %d\n", i, i);
		kernlog_append(log, line, strlen(line));
	}
	tap_ok(!memmem(log->data, log->len, "Fatal exception", 15), "the tail no longer holds the reason");
	tap_streq(kernlog_panic_reason(log), "Kernel panic - not syncing: Fatal exception", "but the reason is kept");
	kernlog_clear(log);
	free(log);
}

int
main(void)
{
	test_reboot_line_ends_panic();
	test_end_line_ends_panic();
	test_not_yet();
	test_reason_outlives_tail();
	return tap_done();
}
