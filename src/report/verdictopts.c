#include "config.h"

#include <regex.h>
#include <string.h>

#include "error.h"
#include "splat.h"
#include "strv.h"
#include "util.h"
#include "verdictopts.h"
#include "xalloc.h"

/* The mask of the one class or word ITEM names; -1 with a message. */
static int
class_mask(const char *name, const char *item, unsigned *mask)
{
	enum splat_class class;

	if (!strcmp(item, "all")) {
		*mask = (1u << SPLAT_CLASSES) - 1;
	} else if (!strcmp(item, "none")) {
		*mask = 0;
	} else if (splat_class_parse(item, &class) == 0) {
		*mask = 1u << class;
	} else {
		return err_set("%s: no splat class '%s': use a comma list of warn, bug, oops, kasan, kfence, ubsan, kcsan, "
			       "lockdep, hung, softlockup, hardlockup, rcu-stall, leak, panic, or all, or none", name, item);
	}
	return 0;
}

int
verdictopts_fail_on(const char *name, const char *arg, unsigned *mask)
{
	cleanup_free char *copy = NULL;
	char *item, *rest;
	unsigned total = 0, one = 0;

	if (!arg)
		return 0;
	copy = xstrdup(arg);
	for (item = strtok_r(copy, ",", &rest); item; item = strtok_r(NULL, ",", &rest)) {
		if (class_mask(name, item, &one) < 0)
			return -1;
		total |= one;
	}
	*mask = total;
	return 0;
}

int
verdictopts_allow(const char *name, const char *arg, char ***allowed)
{
	regex_t regex;
	char why[256];
	int rc = regcomp(&regex, arg, REG_EXTENDED | REG_NOSUB);

	if (rc != 0) {
		regerror(rc, &regex, why, sizeof why);
		return err_set("%s: '%s' is not an extended regular expression (%s)", name, arg, why);
	}
	regfree(&regex);
	strv_append(allowed, arg);
	return 0;
}

int
verdictopts_bisect(const char *name, const char *arg, enum bisect_outcome outcome, unsigned *skip, bool *bisect)
{
	if (strcmp(arg, "bad") != 0 && strcmp(arg, "skip") != 0)
		return err_set("%s=%s: say bad (git bisect's 1) or skip (125)", name, arg);
	*bisect = true;
	if (!strcmp(arg, "skip"))
		*skip |= 1u << outcome;
	else
		*skip &= ~(1u << outcome);
	return 0;
}
