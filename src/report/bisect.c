#include "config.h"

#include "bisect.h"
#include "util.h"

/* Bad (1), or skip (125) when SKIP names OUTCOME. */
static int
bad_or_skip(enum bisect_outcome outcome, unsigned skip)
{
	return skip & (1u << outcome) ? EXIT_TOOL : 1;
}

int
bisect_status(int status, const struct session_result *result, unsigned skip)
{
	if (!result || result->end == END_RUNNING)
		return status > 128 ? status : EXIT_TOOL;
	switch (result->end) {
	case END_STATUS:
		if (status == EXIT_SPLAT && result->command_status == 0)
			return bad_or_skip(BISECT_SPLAT, skip);
		/* A command killed by a signal is bad, not the end of the bisection. */
		return status > 127 ? 1 : status;
	case END_TIMEOUT:
		return bad_or_skip(BISECT_TIMEOUT, skip);
	case END_BOOT_TIMEOUT:
		return bad_or_skip(BISECT_BOOT, skip);
	case END_GUEST_DIED:
		return bad_or_skip(BISECT_PANIC, skip);
	case END_CONN_LOST:
		return EXIT_TOOL;
	case END_SIGNAL:
	case END_DETACH:
	case END_RUNNING:
		break;
	}
	/* The user stopped the run: the bisection stops too. */
	return status;
}
