/* The per-run settings file the guest init reads (see contract.h). */
#pragma once

#include <stddef.h>

#include "inspect.h"
#include "options.h"
#include "plan.h"

struct runconf {
	char *data;   /* NUL-terminated key=value records */
	size_t size;
};

/* Write the records for SETTINGS and PLAN; TTY says the command runs on a terminal. */
int runconf_build(const struct settings *settings, const struct inspection *inspection,
		  const struct plan *plan, int tty, struct runconf *conf);

/* Append one record. */
int runconf_add(struct runconf *conf, const char *key, const char *value);

void runconf_clear(struct runconf *conf);
