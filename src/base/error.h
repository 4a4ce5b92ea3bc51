/* One-line error messages handed from a failing helper to whoever reports it. */
#pragma once

/* Record a message for the caller to print; always returns -1. */
int err_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Like err_set, with ": strerror(errno)" appended. */
int err_sys(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The last recorded message of this thread ("" when none). */
const char *err_get(void);
