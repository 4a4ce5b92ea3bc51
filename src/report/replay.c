#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract.h"
#include "replay.h"
#include "runfiles.h"
#include "sysio.h"
#include "util.h"

/* The guest's control lines: its stage, status and times. */
static void
replay_control(const char *run_dir, struct session_result *result, long long *command_ms)
{
	char path[4096], line[256], stage[16];
	long long init_ms, done_ms;
	FILE *log;
	int status;

	snprintf(path, sizeof path, "%s/" RUN_CHANNEL_CONTROL RUN_LOG_SUFFIX, run_dir);
	log = fopen(path, "re");
	while (log && fgets(line, sizeof line, log)) {
		if (sscanf(line, EB_CTL_STAGE " %15s", stage) == 1 && result->stage < STAGE_COMMAND)
			result->stage = !strcmp(stage, EB_STAGE_COMMAND) ? STAGE_COMMAND : STAGE_INIT;
		else if (sscanf(line, EB_CTL_TIMES " %lld %lld %lld", &init_ms, command_ms, &done_ms) == 3)
			continue;
		else if (sscanf(line, EB_CTL_EXIT " %d", &status) == 1 && result->end == END_RUNNING) {
			result->end = END_STATUS;
			result->command_status = status;
		}
	}
	if (log)
		fclose(log);
}

/* The kernel's "[   12.345678]" stamp of LINE in ms; -1 without one. */
static long long
stamp_ms(const char *line)
{
	double seconds;

	return sscanf(line, "[ %lf]", &seconds) == 1 ? (long long)(seconds * 1000) : -1;
}

/* Feed the kernel log to RESULT's, the command's start at COMMAND_MS of
   the guest's clock (the kernel's stamps count from the same boot). */
static void
replay_kernel_log(const char *run_dir, struct session_result *result, long long command_ms)
{
	char path[4096];
	size_t len = 0;
	char *text, *line, *next;
	bool started = false;

	snprintf(path, sizeof path, "%s/" RUN_KERNEL_LOG, run_dir);
	text = file_read(path, &len);
	for (line = text; line && *line; line = next) {
		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		if (!started && command_ms >= 0 && stamp_ms(line) >= command_ms) {
			splat_scanner_command_started(&result->log.splats);
			started = true;
		}
		kernlog_append(&result->log, line, (size_t)(next - line));
	}
	if (result->stage == STAGE_NONE && len)
		result->stage = STAGE_KERNEL;
	free(text);
}

int
replay_run(const char *run_dir, struct session_result *result)
{
	long long command_ms = -1;

	replay_control(run_dir, result, &command_ms);
	replay_kernel_log(run_dir, result, command_ms);
	if (result->end == END_STATUS)
		return result->command_status;
	result->end = END_GUEST_DIED;
	return EXIT_GUEST_DIED;
}
