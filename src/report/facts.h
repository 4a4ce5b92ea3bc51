/* A detached run's facts, kept in its run directory for --status to
   judge it by once it has ended (the plan is gone with its process). */
#pragma once

#include "outcome.h"

/* The facts and the strings they point to. */
struct kept_facts {
	struct run_facts facts;
	char **strings;      /* what facts points into, NULL-terminated */
};

/* Write FACTS to PATH as JSON; -1 with a message. */
int facts_write(const struct run_facts *facts, const char *path);

/* Read them back from PATH into KEPT; -1 with a message. */
int facts_read(const char *path, struct kept_facts *kept);

void facts_clear(struct kept_facts *kept);
