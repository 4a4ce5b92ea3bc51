#include "config.h"

#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

#include "sysio.h"
#include "timings.h"

static long long step_ms[STEP_COUNT];
static long long guest_ms[3] = { -1, -1, -1 };

void
timings_mark(enum timing_step step)
{
	step_ms[step] = now_ms();
}

void
timings_guest(long long init_ms, long long command_ms, long long done_ms)
{
	guest_ms[0] = init_ms;
	guest_ms[1] = command_ms;
	guest_ms[2] = done_ms;
}

static long
peak_rss_kib(void)
{
	struct rusage usage;

	return getrusage(RUSAGE_SELF, &usage) == 0 ? usage.ru_maxrss : -1;
}

/* "NAME N" for the time from step FROM to step TO, when both happened. */
static void
print_span(const char *name, enum timing_step from, enum timing_step to, const char *after)
{
	if (step_ms[from] && step_ms[to])
		fprintf(stderr, " %s %lld%s", name, step_ms[to] - step_ms[from], after);
}

void
timings_print(void)
{
	fputs("timings (ms):", stderr);
	print_span("inspect", STEP_START, STEP_INSPECTED, ",");
	print_span("initramfs", STEP_INSPECTED, STEP_INITRAMFS, ",");
	print_span("connect", STEP_INITRAMFS, STEP_CONNECTED, ",");
	print_span("create", STEP_CONNECTED, STEP_CREATED, ",");
	print_span("resume", STEP_CREATED, STEP_RESUMED, ",");
	print_span("guest", STEP_RESUMED, STEP_STATUS, guest_ms[0] >= 0 ? "" : ",");
	if (guest_ms[0] >= 0 && step_ms[STEP_STATUS] && step_ms[STEP_RESUMED])
		fprintf(stderr, " (kernel to init %lld, init to command %lld, command %lld,"
			" firmware and the way back %lld),",
			guest_ms[0], guest_ms[1] - guest_ms[0], guest_ms[2] - guest_ms[1],
			step_ms[STEP_STATUS] - step_ms[STEP_RESUMED] - guest_ms[2]);
	print_span("teardown", STEP_STATUS, STEP_END, ",");
	print_span("host preparation", STEP_START, STEP_INITRAMFS, ",");
	print_span("total", STEP_START, STEP_END, ";");
	fprintf(stderr, " peak RSS %ld KiB\n", peak_rss_kib());
}
