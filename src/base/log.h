/* Messages on stderr, in the seed's style. */
#pragma once

#include <stdbool.h>

/* Set once from the options: silent hides notes, colour only on a terminal. */
void log_init(bool silent);

/* A step that succeeded ("[✔] ..."). */
void log_ok(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A step that takes a while, said as it starts ("[…] ..."). */
void log_work(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Something the user should know about ("[∗] ..."). */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Something that may go wrong later ("[⚡] ..."). */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Something the user must know even with -s ("[⚡] ..."). */
void log_warn_always(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The one-line error that ends a run ("eudyptula-boot: ..."); never silenced. */
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
