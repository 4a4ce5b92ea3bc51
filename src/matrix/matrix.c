#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "log.h"
#include "matrix.h"
#include "mxhosts.h"
#include "mxjunit.h"
#include "mxresults.h"
#include "mxrun.h"
#include "mxshow.h"
#include "mxspec.h"
#include "paths.h"
#include "util.h"
#include "xalloc.h"

/* The matrix's status from its targets' states. */
static int
matrix_status(const struct mx_run *run)
{
	bool failed = false, erred = false;

	for (size_t i = 0; i < run->targets->count; i++) {
		failed |= run->targets->items[i].state == MX_FAILED;
		erred |= run->targets->items[i].state == MX_ERROR;
	}
	if (run->signal)
		return 128 + run->signal;
	return erred ? MATRIX_ERROR : failed ? MATRIX_FAILED : MATRIX_PASSED;
}

/* Each kernel: what its runs boot, and whether it is built first. */
static void
plan_kernels(struct mx_run *run)
{
	run->kernels = xcalloc(run->spec->kernel_count, sizeof *run->kernels);
	for (size_t k = 0; k < run->spec->kernel_count; k++) {
		const struct mx_kernel *kernel = &run->spec->kernels[k];

		run->kernels[k].build = kernel->tree ? MX_BUILD_WAITING : MX_BUILD_NONE;
		run->kernels[k].boot_path = xstrdup(kernel->image ? kernel->image : kernel->output ? kernel->output : kernel->tree);
	}
}

static void
run_clear(struct mx_run *run)
{
	for (size_t k = 0; run->kernels && k < run->spec->kernel_count; k++) {
		free(run->kernels[k].boot_path);
		free(run->kernels[k].log_path);
	}
	free(run->kernels);
	mxhosts_clear(run);
	free(run->results);
	free(run->exe);
	free(run->prefix);
}

/* Everything after the file was read: run, then write and show the results. */
static int
run_matrix(struct mx_run *run, const struct matrix_request *request)
{
	cleanup_free char *junit = NULL;
	bool temporary = false;
	int status = EXIT_TOOL;

	run->exe = paths_self();
	run->prefix = xstrdup(run->spec->name ? run->spec->name : "matrix");
	run->live = isatty(STDOUT_FILENO);
	run->started = mx_now();
	plan_kernels(run);
	if (!run->exe || mxresults_prepare(run, request->results, &temporary) < 0)
		goto out;
	mxhosts_probe(run);
	if (mxrun_all(run) < 0)
		goto out;
	mxshow_erase(run);
	junit = xasprintf("%s/junit.xml", run->results);
	if (mxjunit_write(run, junit) < 0)
		log_error("%s", err_get());
	mxshow_table(run);
	if (!temporary)
		printf("results: %s (junit.xml, and per target report.json, kernel.log, stdout, stderr)\n", run->results);
	status = matrix_status(run);
out:
	if (status == EXIT_TOOL)
		log_error("%s", err_get());
	if (temporary)
		mxresults_remove(run->results);
	return status;
}

int
matrix_main(const struct matrix_request *request)
{
	struct mx_spec spec;
	struct mx_targets targets = { 0 };
	struct mx_run run = { .spec = &spec, .targets = &targets };
	int status;

	if (mxspec_load(request->path, &spec) < 0 || mxtarget_expand(&spec, request->names, &targets) < 0) {
		log_error("%s", err_get());
		mxspec_clear(&spec);
		return EXIT_TOOL;
	}
	if (request->list_only) {
		mxshow_list(&spec, &targets);
		status = fflush(stdout) == 0 ? 0 : EXIT_TOOL;
	} else {
		status = run_matrix(&run, request);
	}
	run_clear(&run);
	mxtargets_clear(&targets);
	mxspec_clear(&spec);
	return status;
}
