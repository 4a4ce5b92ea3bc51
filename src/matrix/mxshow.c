#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mxshow.h"
#include "strv.h"
#include "terminal.h"
#include "util.h"
#include "xalloc.h"

#define SLOWEST_SHOWN 3

/* The state of TARGET as its status line says it (allocated). */
static char *
state_text(const struct mx_run *run, const struct mx_target *target)
{
	switch (target->state) {
	case MX_RUNNING:
		return xasprintf("running %.0f s", mx_now() - target->command_started);
	case MX_PASSED:
		return xasprintf("passed in %.1f s", mxtarget_seconds(target, mx_now()));
	case MX_FAILED:
	case MX_ERROR:
	case MX_CANCELLED:
		return xasprintf("%s%s%s", mxtarget_state_name(target->state), target->reason ? ": " : "",
				 target->reason ? target->reason : "");
	default:
		return xstrdup(mxtarget_state_name(target->state));
	}
}

void
mxshow_event(const struct mx_run *run, const struct mx_target *target)
{
	cleanup_free char *state = NULL;
	char stamp[16];
	time_t now = time(NULL);
	struct tm tm;

	if (run->live)
		return;
	state = target->state == MX_RUNNING ? xasprintf("running, %.1f s after its start", target->command_started - target->started)
					    : state_text(run, target);
	strftime(stamp, sizeof stamp, "%H:%M:%S", localtime_r(&now, &tm));
	printf("%s %s %s\n", stamp, target->name, state);
	fflush(stdout);
}

/* "N targets: ..." with the count of each state there is, in BUF. */
static void
summary_text(const struct mx_run *run, char *buf, size_t size)
{
	static const enum mx_state shown[] = { MX_PASSED, MX_FAILED, MX_ERROR, MX_CANCELLED,
					       MX_RUNNING, MX_BOOTING, MX_BUILDING, MX_QUEUED };
	unsigned counts[MX_CANCELLED + 1] = { 0 };
	const char *comma = "";
	size_t len;

	for (size_t i = 0; i < run->targets->count; i++)
		counts[run->targets->items[i].state]++;
	len = (size_t)snprintf(buf, size, "%zu target%s:", run->targets->count, run->targets->count == 1 ? "" : "s");
	for (size_t i = 0; i < ARRAY_SIZE(shown) && len < size; i++)
		if (counts[shown[i]]) {
			len += (size_t)snprintf(buf + len, size - len, "%s %u %s", comma, counts[shown[i]], mxtarget_state_name(shown[i]));
			comma = ",";
		}
	if (len < size)
		snprintf(buf + len, size - len, " (%.0f s)", mx_now() - run->started);
}

/* Whether TARGET gets a line when not all fit: what is under way first. */
static bool
worth_a_line(const struct mx_target *target, int pass)
{
	bool active = target->state == MX_BUILDING || target->state == MX_BOOTING || target->state == MX_RUNNING;

	return pass == 0 ? active : !active;
}

void
mxshow_draw(struct mx_run *run)
{
	unsigned rows = 24, cols = 80, room, lines = 0;
	char summary[256];

	if (!run->live)
		return;
	terminal_size(STDOUT_FILENO, &rows, &cols);
	room = rows > 3 ? rows - 2 : 1;
	if (run->drawn)
		printf("\033[%uA", run->drawn);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < run->targets->count && lines < room; i++) {
			const struct mx_target *t = &run->targets->items[i];
			cleanup_free char *state = NULL;

			if (run->targets->count > room ? !worth_a_line(t, pass) : pass == 1)
				continue;
			state = state_text(run, t);
			printf("\r\033[2K  %-*.*s %.*s\n", 32, 40, t->name, cols > 44 ? (int)cols - 44 : 20, state);
			lines++;
		}
	summary_text(run, summary, sizeof summary);
	printf("\r\033[2K%.*s\n", (int)cols - 1, summary);
	lines++;
	/* Lines left from a longer drawing. */
	for (unsigned extra = lines; extra < run->drawn; extra++)
		printf("\r\033[2K\n");
	if (run->drawn > lines)
		printf("\033[%uA", run->drawn - lines);
	run->drawn = lines;
	fflush(stdout);
}

void
mxshow_erase(struct mx_run *run)
{
	if (!run->live || !run->drawn)
		return;
	printf("\033[%uA\033[J", run->drawn);
	run->drawn = 0;
	fflush(stdout);
}

/* The widest target name, for the table's first column. */
static int
name_width(const struct mx_targets *targets)
{
	size_t width = strlen("TARGET");

	for (size_t i = 0; i < targets->count; i++)
		if (strlen(targets->items[i].name) > width)
			width = strlen(targets->items[i].name);
	return (int)width;
}

/* The SLOWEST_SHOWN slowest targets that ran, after the totals. */
static void
print_slowest(const struct mx_run *run)
{
	cleanup_free bool *shown = xcalloc(run->targets->count, sizeof *shown);

	printf("slowest:");
	for (int n = 0; n < SLOWEST_SHOWN; n++) {
		size_t best = run->targets->count;

		for (size_t i = 0; i < run->targets->count; i++)
			if (!shown[i] && run->targets->items[i].ended &&
			    (best == run->targets->count || mxtarget_seconds(&run->targets->items[i], mx_now()) >
								 mxtarget_seconds(&run->targets->items[best], mx_now())))
				best = i;
		if (best == run->targets->count)
			break;
		shown[best] = true;
		printf("%s %s %.1f s", n ? "," : "", run->targets->items[best].name, mxtarget_seconds(&run->targets->items[best], mx_now()));
	}
	printf("\n");
}

void
mxshow_table(const struct mx_run *run)
{
	int width = name_width(run->targets);
	double sum = 0.0;
	char summary[256];

	printf("%-*s  %-9s  %6s  %8s  %s\n", width, "TARGET", "RESULT", "STATUS", "TIME", "REASON");
	for (size_t i = 0; i < run->targets->count; i++) {
		const struct mx_target *t = &run->targets->items[i];
		char status[16] = "-";

		if (t->exit_status >= 0)
			snprintf(status, sizeof status, "%d", t->exit_status);
		sum += t->ended ? mxtarget_seconds(t, mx_now()) : 0.0;
		printf("%-*s  %-9s  %6s  %6.1f s%s%s\n", width, t->name, mxtarget_state_name(t->state), status,
		       mxtarget_seconds(t, mx_now()), t->state == MX_PASSED || !t->reason ? "" : "  ", t->state == MX_PASSED || !t->reason ? "" : t->reason);
	}
	summary_text(run, summary, sizeof summary);
	printf("%s; the runs one after another: %.0f s\n", summary, sum);
	for (size_t h = 0; h < run->spec->host_count; h++)
		if (run->hosts[h].uri)
			printf("host %s (%s): at most %u at once, %u ran at once%s%s\n", run->spec->hosts[h].name, run->hosts[h].uri,
			       run->hosts[h].jobs, run->hosts[h].peak, run->hosts[h].unreachable ? "; unreachable: " : "",
			       run->hosts[h].unreachable ? run->hosts[h].unreachable : "");
	print_slowest(run);
	fflush(stdout);
}

/* WORD as a shell would read it back: quoted when it needs to be. */
static char *
quoted(const char *word)
{
	const char *plain = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./=:,+@%-";
	char *out, *o;

	if (*word && strspn(word, plain) == strlen(word))
		return xstrdup(word);
	o = out = xmalloc(strlen(word) * 4 + 3);
	*o++ = '\'';
	for (const char *c = word; *c; c++) {
		if (*c == '\'') {
			memcpy(o, "'\\''", 4);
			o += 4;
		} else {
			*o++ = *c;
		}
	}
	*o++ = '\'';
	*o = '\0';
	return out;
}

void
mxshow_list(const struct mx_spec *spec, const struct mx_targets *targets)
{
	for (size_t i = 0; i < targets->count; i++) {
		const struct mx_target *t = &targets->items[i];
		const struct mx_kernel *kernel = &spec->kernels[t->kernel];
		const struct mx_host *host = &spec->hosts[t->host];
		cleanup_free char *argv = NULL;

		for (size_t a = 0; spec->commands[t->command].argv[a]; a++) {
			cleanup_free char *word = quoted(spec->commands[t->command].argv[a]);
			char *longer = xasprintf("%s%s%s", argv ? argv : "", argv ? " " : "", word);

			free(argv);
			argv = longer;
		}
		printf("%s\tkernel=%s%s\thost=%s\targv=%s\n", t->name, kernel->image ? kernel->image : kernel->tree,
		       kernel->image ? "" : " (tree)", host->uri ? host->uri : "(default)", argv);
	}
}
