#include "config.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "splat.h"
#include "util.h"
#include "verdict.h"
#include "xalloc.h"

/* What the command's own STATUS means. */
static char *
command_meaning(int status)
{
	if (status == 0)
		return xstrdup("the command succeeded");
	if (status == EXIT_CANNOT_RUN)
		return xstrdup("the command could not be executed");
	if (status == EXIT_NOT_FOUND)
		return xstrdup("the command was not found");
	if (status == EXIT_TOOL)
		return xstrdup("the command exited 125, or the guest init failed");
	if (status > 128)
		return xasprintf("the command was killed by signal %d", status - 128);
	return xasprintf("the command exited %d", status);
}

/* What the run's end means, for a guest that ran. */
static char *
end_meaning(const struct session_result *result, int status)
{
	const char *panic = kernlog_panic_reason(&result->log);

	switch (result->end) {
	case END_STATUS:
		return command_meaning(result->command_status);
	case END_TIMEOUT:
		return xstrdup("the guest ran longer than --timeout");
	case END_BOOT_TIMEOUT:
		return xasprintf("the boot hung: %s", runend_stage_text(result->stage));
	case END_SIGNAL:
		return xasprintf("eudyptula-boot got signal %d", status - 128);
	case END_DETACH:
		return xstrdup("^] left the console");
	case END_CONN_LOST:
		return xstrdup("the connection to libvirt was lost");
	case END_GUEST_DIED:
		return panic ? xasprintf("the kernel panicked: %s", panic)
			     : xstrdup("the guest stopped without reporting a status");
	case END_RUNNING:
		break;
	}
	return xstrdup("eudyptula-boot failed before the guest ran");
}

/* Whether each splat's title matches one of ALLOWED. */
static bool *
match_allowed(const struct splat_scanner *splats, char *const *allowed)
{
	size_t count = splat_count(splats);
	bool *matched = xcalloc(count ? count : 1, sizeof *matched);
	regex_t regex;

	for (size_t r = 0; allowed && allowed[r]; r++) {
		/* Checked when the options were parsed. */
		if (regcomp(&regex, allowed[r], REG_EXTENDED | REG_NOSUB) != 0)
			continue;
		for (size_t i = 0; i < count; i++)
			if (regexec(&regex, splat_get(splats, i)->title, 0, NULL, 0) == 0)
				matched[i] = true;
		regfree(&regex);
	}
	return matched;
}

/* The first splat that fails the run, and how many do; NULL: none. */
static const struct splat *
first_failing(const struct verdict_input *in, const struct verdict *verdict, size_t *failing)
{
	const struct splat_scanner *splats = &in->result->log.splats;
	const struct splat *first = NULL;

	*failing = 0;
	for (size_t i = 0; i < splat_count(splats); i++) {
		const struct splat *splat = splat_get(splats, i);

		if (verdict->allowed[i] || !(in->fail_on & (1u << splat->class)))
			continue;
		if (!first)
			first = splat;
		(*failing)++;
	}
	return first;
}

/* The verdict of a command that reported its status. */
static void
weigh_command(const struct verdict_input *in, struct verdict *verdict)
{
	const struct splat *splat = first_failing(in, verdict, &verdict->failing);

	if (in->result->command_status != 0) {
		verdict->kind = VERDICT_FAIL;
		verdict->why = xstrdup(verdict->meaning);
	} else if (splat) {
		verdict->kind = VERDICT_FAIL;
		verdict->status = EXIT_SPLAT;
		free(verdict->meaning);
		verdict->meaning = xstrdup("the command succeeded, but the kernel splatted (--fail-on)");
		verdict->why = xasprintf("kernel %s%s: %s%s", splat_class_name(splat->class),
					 splat->at_boot ? " at boot" : "", splat->summary,
					 verdict->failing > 1 ? " (and more)" : "");
	} else {
		verdict->kind = VERDICT_PASS;
		verdict->why = xstrdup(verdict->meaning);
	}
}

void
verdict_weigh(const struct verdict_input *in, struct verdict *verdict)
{
	const struct session_result *result = in->result;

	memset(verdict, 0, sizeof *verdict);
	verdict->status = in->status;
	if (!result || result->end == END_RUNNING) {
		verdict->kind = VERDICT_ERROR;
		verdict->meaning = in->status > 128 ? xasprintf("eudyptula-boot got signal %d", in->status - 128)
						    : xstrdup("eudyptula-boot failed before the guest ran");
		verdict->why = xstrdup(verdict->meaning);
		verdict->allowed = xcalloc(1, sizeof *verdict->allowed);
		return;
	}
	verdict->meaning = end_meaning(result, in->status);
	verdict->allowed = match_allowed(&result->log.splats, in->allowed);
	if (result->end == END_STATUS) {
		weigh_command(in, verdict);
		return;
	}
	first_failing(in, verdict, &verdict->failing);
	verdict->kind = result->end == END_SIGNAL || result->end == END_DETACH || result->end == END_CONN_LOST
				? VERDICT_ERROR : VERDICT_FAIL;
	verdict->why = xstrdup(verdict->meaning);
}

const char *
verdict_kind_name(enum verdict_kind kind)
{
	static const char *const names[] = { "pass", "fail", "error" };

	return names[kind];
}

void
verdict_clear(struct verdict *verdict)
{
	free(verdict->why);
	free(verdict->meaning);
	free(verdict->allowed);
	memset(verdict, 0, sizeof *verdict);
}
