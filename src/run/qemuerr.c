#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemuerr.h"
#include "util.h"
#include "xalloc.h"

/* The value of the hex digit C, or -1. */
static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* MESSAGE with its \xHH escapes decoded and cut into NUL-terminated
   lines, up to *END; other control characters become spaces. */
static char *
unescape_lines(const char *message, const char **end)
{
	char *out = xmalloc(strlen(message) + 1), *o = out;

	for (const char *p = message; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (p[0] == '\\' && p[1] == 'x' && hex_value(p[2]) >= 0 && hex_value(p[3]) >= 0) {
			c = (unsigned char)(hex_value(p[2]) << 4 | hex_value(p[3]));
			p += 3;
		}
		*o++ = c == '\n' ? '\0' : c < 0x20 || c == 0x7f ? ' ' : (char)c;
	}
	*o = '\0';
	*end = o;
	return out;
}

/* QEMU's words in LINE, past a timestamp or libvirt's own, when they
   are an error ("qemu-system-x86_64: -device x: ..."); NULL for any
   other line and for QEMU's warnings. */
static const char *
error_in(const char *line)
{
	const char *words = strstr(line, "qemu-system-");

	if (!words)
		words = strstr(line, "qemu-kvm: ");
	return words && !strstr(words, "warning:") ? words : NULL;
}

/* Print QEMU's error lines of TEXT (lines up to END), joined by "; ";
   how many there were. */
static size_t
put_errors(FILE *out, const char *text, const char *end)
{
	size_t count = 0;

	for (const char *line = text; line < end; line += strlen(line) + 1) {
		const char *error = error_in(line);

		if (error)
			fprintf(out, "%s%s", count++ ? "; " : "", error);
	}
	return count;
}

/* Print every non-empty line of TEXT, SEP between them. */
static void
put_lines(FILE *out, const char *text, const char *end, const char *sep)
{
	bool first = true;

	for (const char *line = text; line < end; line += strlen(line) + 1) {
		if (!*line)
			continue;
		fprintf(out, "%s%s", first ? "" : sep, line);
		first = false;
	}
}

char *
qemuerr_format(const char *message, bool verbose)
{
	const char *end = NULL;
	cleanup_free char *text = unescape_lines(message, &end);
	char *buf = NULL;
	size_t size = 0, errors;
	FILE *out;

	/* open_memstream allocates outside the x family: see qemuerr.h. */
	out = open_memstream(&buf, &size);
	if (!out)
		return NULL;
	errors = put_errors(out, text, end);
	if (!errors)
		put_lines(out, text, end, "; ");
	if (errors && verbose) {
		fputs(" (libvirt's whole message: ", out);
		put_lines(out, text, end, " | ");
		fputs(")", out);
	}
	if (fclose(out) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}
