/* The per-run settings file the guest init reads (see contract.h). */
#pragma once

#include <stddef.h>

#include "inspect.h"
#include "plan.h"

struct runconf {
	char *data;   /* NUL-terminated key=value records */
	size_t size;
};

/* Write the records for PLAN; TTY says the command runs on a terminal. */
int runconf_build(const struct inspection *inspection, const struct plan *plan, int tty, struct runconf *conf);

/* Warn (even with -s) that the guest has no directory where the host's
   current one is (chdir failed there with ERRNUM): the command runs in
   WHERE, "/" or "home" (the -u user's), as the guest's no-cwd line says. */
void runconf_cwd_missing(int errnum, const char *where);

/* Append one record. */
void runconf_add(struct runconf *conf, const char *key, const char *value);

void runconf_clear(struct runconf *conf);
