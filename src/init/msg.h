/* Messages from init on the kernel console. */
#pragma once

#include <stdbool.h>

/* Pick where messages go: the console init was started on, else /dev/kmsg. */
void msg_open(void);

/* Show step messages too (run.conf verbose=1). */
void msg_set_verbose(bool verbose);

/* A step done, shown only when verbose. */
void msg_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Something that went wrong; always shown. */
void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Like msg_error, with ": strerror(errno)" appended. */
void msg_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
