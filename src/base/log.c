#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "log.h"
#include "terminal.h"

static bool log_silent;
static bool log_colour;

void
log_init(bool silent)
{
	const char *no_colour = getenv("NO_COLOR");

	log_silent = silent;
	log_colour = isatty(STDERR_FILENO) && !(no_colour && *no_colour);
}

/* One line on stderr: the mark, in colour on a terminal, then the text. */
static void
log_emit(const char *colour, const char *mark, const char *fmt, va_list ap)
{
	if (log_colour)
		fprintf(stderr, "\033[%sm[%s]\033[0m ", colour, mark);
	else
		fprintf(stderr, "[%s] ", mark);
	vfprintf(stderr, fmt, ap);
	/* A raw terminal (a guest console attached) does not return the carriage. */
	fputs(terminal_is_raw() && isatty(STDERR_FILENO) ? "\r\n" : "\n", stderr);
}

void
log_ok(const char *fmt, ...)
{
	va_list ap;

	if (log_silent)
		return;
	va_start(ap, fmt);
	log_emit("32;1", "✔", fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	if (log_silent)
		return;
	va_start(ap, fmt);
	log_emit("34;1", "∗", fmt, ap);
	va_end(ap);
}

void
log_work(const char *fmt, ...)
{
	va_list ap;

	if (log_silent)
		return;
	va_start(ap, fmt);
	log_emit("33;1", "…", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	if (log_silent)
		return;
	va_start(ap, fmt);
	log_emit("33;1", "⚡", fmt, ap);
	va_end(ap);
}

void
log_warn_always(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit("33;1", "⚡", fmt, ap);
	va_end(ap);
}

void
log_error(const char *fmt, ...)
{
	char *text = NULL;
	va_list ap;

	/* Not xasprintf: short of memory, the bare format still says what failed. */
	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	fputs("eudyptula-boot: ", stderr);
	/* One line whatever a path holds: control characters as \xNN. */
	for (const unsigned char *p = (const unsigned char *)(text ? text : fmt); *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			fprintf(stderr, "\\x%02x", *p);
		else
			fputc(*p, stderr);
	}
	fputc('\n', stderr);
	free(text);
}
