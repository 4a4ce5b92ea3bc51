/* NULL-terminated arrays of allocated strings. */
#pragma once

#include <stddef.h>

size_t strv_length(char *const *strv);

/* Append a copy of S. */
void strv_append(char ***strv, const char *s);

/* Append a string made like printf's. */
void strv_append_printf(char ***strv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* True when S is in STRV. */
int strv_contains(char *const *strv, const char *s);

void strv_free(char **strv);

static inline void
cleanup_strv_fn(char ***strv)
{
	strv_free(*strv);
}

#define cleanup_strv __attribute__((cleanup(cleanup_strv_fn)))
