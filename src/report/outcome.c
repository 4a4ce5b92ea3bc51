#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bisect.h"
#include "error.h"
#include "fdio.h"
#include "json.h"
#include "junit.h"
#include "log.h"
#include "outcome.h"
#include "splat.h"
#include "symbolize.h"
#include "sysio.h"
#include "timings.h"
#include "util.h"
#include "xalloc.h"

/* Symbolizing never holds the exit up longer than this. */
#define SYMBOLIZE_BUDGET_MS 15000

/* The vmlinux with symbols for KERNEL: --vmlinux or the booted ELF, its
   build tree's, else Debian's debug package's; NULL: none (allocated). */
static char *
find_vmlinux(const struct outcome_input *in)
{
	const struct run_facts *facts = &in->facts;
	char *path;

	if (facts->vmlinux)
		return xstrdup(facts->vmlinux);
	path = facts->build_dir ? xasprintf("%s/vmlinux", facts->build_dir) : NULL;
	if (path && access(path, R_OK) == 0)
		return path;
	free(path);
	if (!facts->kernel_version)
		return NULL;
	path = xasprintf("/usr/lib/debug/boot/vmlinux-%s", facts->kernel_version);
	if (access(path, R_OK) == 0)
		return path;
	free(path);
	return NULL;
}

/* Each splat's text with file:line where symbols resolve it; NULL: none. */
static char **
symbolize_splats(const struct outcome_input *in)
{
	const struct splat_scanner *splats = &in->result->log.splats;
	const char *dirs[] = { ".", in->facts.build_dir, in->facts.modules_dir, NULL };
	const char *module_dirs[4];
	cleanup_free char *vmlinux = find_vmlinux(in);
	struct symbol_sources sources = { .vmlinux = vmlinux, .kernel_tree = in->facts.build_dir,
					  .module_dirs = module_dirs, .kernel_version = in->facts.kernel_version };
	long long deadline = now_ms() + SYMBOLIZE_BUDGET_MS;
	char **texts;
	size_t n = 0;

	if (!splat_count(splats))
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
		if (dirs[i] || i == ARRAY_SIZE(dirs) - 1)
			module_dirs[n++] = dirs[i];
	texts = xcalloc(splat_count(splats), sizeof *texts);
	for (size_t i = 0; i < splat_count(splats) && now_ms() < deadline; i++)
		texts[i] = symbolize_text(splat_get(splats, i)->text, &sources, deadline);
	return texts;
}

/* LINES of TEXT on stderr, each "  | " first. */
static void
print_text(const char *text)
{
	for (const char *line = text; *line;) {
		const char *nl = strchr(line, '\n');
		int len = nl ? (int)(nl - line) : (int)strlen(line);

		fprintf(stderr, "  | %.*s\n", len, line);
		line += len + (nl ? 1 : 0);
	}
}

/* One line per splat, as warnings (-s too) unless --allow-splat matched. */
static void
say_splats(const struct outcome_input *in, const struct verdict *verdict, char **symbolized)
{
	const struct splat_scanner *splats = &in->result->log.splats;

	for (size_t i = 0; i < splat_count(splats); i++) {
		const struct splat *splat = splat_get(splats, i);
		char times[32] = "";

		/* The panic that ended the run was its error line already. */
		if (splat->class == SPLAT_PANIC && in->result->end == END_GUEST_DIED)
			continue;
		if (splat->count > 1)
			snprintf(times, sizeof times, " (%u times)", splat->count);
		if (verdict->allowed[i])
			log_info("kernel %s%s (allowed): %s%s", splat_class_name(splat->class),
				 splat->at_boot ? " at boot" : "", splat->summary, times);
		else
			log_warn_always("kernel %s%s: %s%s", splat_class_name(splat->class),
					splat->at_boot ? " at boot" : "", splat->summary, times);
		if (in->verbose)
			print_text(symbolized && symbolized[i] ? symbolized[i] : splat->text);
	}
	if (splat_dropped(splats))
		log_warn_always("and %u more kernel splats, not kept", splat_dropped(splats));
}

/* Copy the run's kernel log FROM to --kernel-log's TO. */
static int
copy_kernel_log(const char *from, const char *to)
{
	cleanup_fd int in_fd = open(from, O_RDONLY | O_CLOEXEC);
	cleanup_fd int out_fd = -1;

	if (in_fd < 0)
		return err_sys("no kernel log to copy to --kernel-log=%s (%s)", to, from);
	out_fd = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out_fd < 0)
		return err_sys("--kernel-log=%s", to);
	return fd_copy_file(in_fd, out_fd, from);
}

/* The reports' record of the run. */
static void
make_record(const struct outcome_input *in, const struct verdict *verdict, char **symbolized,
	    struct report_record *record)
{
	struct timing_span spans[16];
	size_t count = timings_spans(spans, 16);

	*record = (struct report_record){
		.kernel_path = in->facts.kernel_path,
		.kernel_version = in->facts.kernel_version,
		.uri = in->facts.uri,
		.domain = in->facts.domain,
		.command = in->facts.command,
		.verdict = verdict,
		.result = in->result,
		.symbolized = symbolized,
		.kernel_log = in->kernel_log_copy,
		.out = in->result ? in->result->out.data : NULL,
		.out_len = in->result ? in->result->out.len : 0,
		.err = in->result ? in->result->err.data : NULL,
		.err_len = in->result ? in->result->err.len : 0,
		.started = in->started,
		.total_ms = -1,
	};
	for (size_t i = 0; i < count; i++)
		if (!strcmp(spans[i].name, "total"))
			record->total_ms = spans[i].ms;
}

/* The kernel log's copy and the reports the plan asks for. */
static int
write_reports(const struct outcome_input *in, const struct verdict *verdict, char **symbolized)
{
	struct report_record record;

	if (in->kernel_log_copy && in->kernel_log && copy_kernel_log(in->kernel_log, in->kernel_log_copy) < 0)
		return -1;
	/* The run is over but for this: its total is known. */
	timings_mark(STEP_END);
	make_record(in, verdict, symbolized, &record);
	if (in->report && report_json_write(&record, in->report) < 0)
		return -1;
	if (in->junit && report_junit_write(&record, in->junit) < 0)
		return -1;
	return 0;
}

/* The status --bisect gives git bisect run, said aloud. */
static int
say_bisect(int status, const struct outcome_input *in)
{
	int mapped = bisect_status(status, in->result, in->bisect_skip);

	log_info("--bisect: exit %d, %s (the run's status was %d)", mapped,
		 mapped == 0 ? "good" : mapped == EXIT_TOOL ? "skip" : mapped < 128 ? "bad" : "stop the bisection", status);
	return mapped;
}

int
outcome_finish(const struct outcome_input *in)
{
	struct verdict_input weigh = { .status = in->status, .result = in->result, .fail_on = in->fail_on,
				       .allowed = in->allowed };
	struct verdict verdict;
	char **symbolized = NULL;
	int status;

	if (in->result)
		splat_scanner_finish(&in->result->log.splats);
	verdict_weigh(&weigh, &verdict);
	if (in->result) {
		symbolized = symbolize_splats(in);
		say_splats(in, &verdict, symbolized);
	}
	if (verdict.status == EXIT_SPLAT)
		log_error("the command succeeded, but the kernel splatted: %s (--fail-on: exit %d)", verdict.why, EXIT_SPLAT);
	status = verdict.status;
	if (write_reports(in, &verdict, symbolized) < 0) {
		log_error("%s", err_get());
		status = EXIT_TOOL;
	}
	if (in->bisect)
		status = say_bisect(status, in);
	for (size_t i = 0; symbolized && i < splat_count(&in->result->log.splats); i++)
		free(symbolized[i]);
	free(symbolized);
	verdict_clear(&verdict);
	return status;
}
