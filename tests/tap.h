/* A minimal TAP producer for the unit tests. */
#pragma once

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count;
static int tap_failed;

static inline void __attribute__((format(printf, 2, 3)))
tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_count++;
	printf("%s %d - ", cond ? "ok" : "not ok", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!cond)
		tap_failed++;
}

/* Compare two strings, showing both when they differ. */
#define tap_streq(got, want, ...)                                                  \
	do {                                                                       \
		const char *tap_g = (got), *tap_w = (want);                        \
		int tap_same = tap_g && tap_w ? strcmp(tap_g, tap_w) == 0 : tap_g == tap_w; \
		tap_ok(tap_same, __VA_ARGS__);                                     \
		if (!tap_same)                                                     \
			printf("#   got:  '%s'\n#   want: '%s'\n", tap_g ? tap_g : "(null)", \
			       tap_w ? tap_w : "(null)");                          \
	} while (0)

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}
