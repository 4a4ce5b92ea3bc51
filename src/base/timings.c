#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "sysio.h"
#include "timings.h"

static long long step_ms[STEP_COUNT];
static long long guest_ms[3] = { -1, -1, -1 };
static time_t started;
static const char *warm_path = "cold";
static const char *warm_step;
static long long warm_ms = -1;
static const char *upload_host;
static unsigned long long upload_bytes;
static long long upload_ms;

void
timings_mark(enum timing_step step)
{
	step_ms[step] = now_ms();
	if (step == STEP_START)
		started = time(NULL);
}

long long
timings_started(void)
{
	return (long long)started;
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

/* The host's spans, in the order --timings prints them. */
static const struct {
	const char *name;
	enum timing_step from, to;
} host_spans[] = {
	{ "inspect", STEP_START, STEP_INSPECTED },
	{ "initramfs", STEP_INSPECTED, STEP_INITRAMFS },
	{ "connect", STEP_INITRAMFS, STEP_CONNECTED },
	{ "create", STEP_CONNECTED, STEP_CREATED },
	{ "resume", STEP_CREATED, STEP_RESUMED },
	{ "guest", STEP_RESUMED, STEP_STATUS },
	{ "teardown", STEP_STATUS, STEP_END },
	{ "host preparation", STEP_START, STEP_INITRAMFS },
	{ "total", STEP_START, STEP_END },
};

/* The time from step FROM to step TO; -1 unless both happened. */
static long long
span_ms(enum timing_step from, enum timing_step to)
{
	return step_ms[from] && step_ms[to] ? step_ms[to] - step_ms[from] : -1;
}

/* The guest's own spans, and what is left of the host's guest span; -1
   when the guest did not report them. */
static void
guest_spans(long long spans[4])
{
	bool known = guest_ms[0] >= 0 && span_ms(STEP_RESUMED, STEP_STATUS) >= 0;

	spans[0] = known ? guest_ms[0] : -1;
	spans[1] = known ? guest_ms[1] - guest_ms[0] : -1;
	spans[2] = known ? guest_ms[2] - guest_ms[1] : -1;
	spans[3] = known ? span_ms(STEP_RESUMED, STEP_STATUS) - guest_ms[2] : -1;
	/* A restored guest's clock started before the snapshot: no firmware to count. */
	if (spans[3] < 0)
		spans[3] = -1;
}

size_t
timings_spans(struct timing_span *spans, size_t max)
{
	static const char *const guest_names[] = { "kernel to init", "init to command", "command",
						   "firmware and the way back" };
	long long guest[4];
	size_t n = 0;

	guest_spans(guest);
	for (size_t i = 0; i < sizeof host_spans / sizeof host_spans[0] && n < max; i++)
		spans[n++] = (struct timing_span){ host_spans[i].name, span_ms(host_spans[i].from, host_spans[i].to) };
	for (size_t i = 0; i < 4 && n < max; i++)
		spans[n++] = (struct timing_span){ guest_names[i], guest[i] };
	return n;
}

/* " NAME N," for a span that happened. */
static void
print_span(size_t index, const char *after)
{
	long long ms = span_ms(host_spans[index].from, host_spans[index].to);

	if (ms >= 0)
		fprintf(stderr, " %s %lld%s", host_spans[index].name, ms, after);
}

void
timings_warm(const char *path, const char *step, long long ms)
{
	warm_path = path;
	warm_step = step;
	warm_ms = ms;
}

void
timings_print(void)
{
	long long guest[4];

	guest_spans(guest);
	fputs("timings (ms):", stderr);
	for (size_t i = 0; i < 5; i++)
		print_span(i, ",");
	print_span(5, guest[0] >= 0 ? "" : ",");
	if (guest[0] >= 0)
		fprintf(stderr, " (kernel to init %lld, init to command %lld, command %lld,"
			" firmware and the way back %lld),", guest[0], guest[1], guest[2], guest[3]);
	print_span(6, ",");
	print_span(7, ",");
	print_span(8, ";");
	fprintf(stderr, " peak RSS %ld KiB; machine: %s", peak_rss_kib(), warm_path);
	if (warm_ms >= 0 && warm_step)
		fprintf(stderr, " (%s %lld ms)", warm_step, warm_ms);
	if (upload_host)
		fprintf(stderr, "; upload to %s: %llu bytes in %lld ms", upload_host, upload_bytes, upload_ms);
	fputc('\n', stderr);
}

void
timings_upload(const char *host, unsigned long long bytes, long long ms)
{
	upload_host = host;
	upload_bytes = bytes;
	upload_ms = ms;
}
