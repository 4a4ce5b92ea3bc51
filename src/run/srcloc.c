#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srcloc.h"
#include "util.h"
#include "xalloc.h"

/* One address's answer: a function and a location per frame, innermost
   first; past the bound, the last slot keeps the outermost. */
struct answer {
	const char *func[SRCLOC_FRAMES_MAX];
	char *loc[SRCLOC_FRAMES_MAX];
	size_t n;
};

/* Whether LINE is an address addr2line -a prints: "0x" and hex digits. */
static bool
is_address(const char *line)
{
	if (line[0] != '0' || line[1] != 'x' || !line[2])
		return false;
	for (const char *p = line + 2; *p; p++)
		if (!isxdigit((unsigned char)*p))
			return false;
	return true;
}

/* LOC ("FILE:LINE (discriminator N)") cut to FILE:LINE, its path made
   shorter by PREFIXES; NULL when addr2line did not know it. */
static const char *
clean_location(char *loc, const char *const *prefixes)
{
	char *cut = strstr(loc, " (discriminator ");
	const char *colon;

	if (cut)
		*cut = '\0';
	colon = strrchr(loc, ':');
	if (!colon || strncmp(loc, "??", 2) == 0 || strcmp(colon, ":0") == 0 || strcmp(colon, ":?") == 0)
		return NULL;
	for (size_t i = 0; prefixes && prefixes[i]; i++) {
		size_t len = strlen(prefixes[i]);

		if (len && strncmp(loc, prefixes[i], len) == 0 && loc[len] == '/') {
			loc += len + 1;
			break;
		}
	}
	while (loc[0] == '.' && loc[1] == '/')
		loc += 2;
	return loc;
}

/* The note for answer A, or NULL when it knows no location. */
static char *
format_note(const struct answer *a, const char *const *prefixes)
{
	char text[SRCLOC_NOTE_MAX + 1] = "";
	size_t used = 0;

	for (size_t i = 0; i < a->n; i++) {
		const char *loc = clean_location(a->loc[i], prefixes);
		bool named = i + 1 < a->n && a->func[i][0] && strcmp(a->func[i], "??") != 0;
		char piece[SRCLOC_NOTE_MAX + 1];
		int len;

		if (!loc)
			continue;
		len = snprintf(piece, sizeof piece, "%s%s%s%s", used ? ", inlined at " : "", loc,
			       named ? " in " : "", named ? a->func[i] : "");
		/* Room for " (" and ")" around it all. */
		if (len < 0 || used + (size_t)len + 3 > SRCLOC_NOTE_MAX)
			break;
		memcpy(text + used, piece, (size_t)len + 1);
		used += (size_t)len;
	}
	return used ? xasprintf(" (%s)", text) : NULL;
}

/* Add the frame FUNC at LOC to A. */
static void
add_frame(struct answer *a, const char *func, char *loc)
{
	size_t slot = a->n < SRCLOC_FRAMES_MAX ? a->n++ : SRCLOC_FRAMES_MAX - 1;

	a->func[slot] = func;
	a->loc[slot] = loc;
}

void
srcloc_notes(const char *out, size_t count, const char *const *prefixes, char **notes)
{
	cleanup_free char *copy = xstrdup(out);
	struct answer a = { .n = 0 };
	const char *func = NULL;
	size_t k = 0;
	bool started = false;

	for (size_t i = 0; i < count; i++)
		notes[i] = NULL;
	for (char *line = copy, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!func && is_address(line)) {
			if (started && k < count)
				notes[k++] = format_note(&a, prefixes);
			started = true;
			a.n = 0;
		} else if (started && !func) {
			func = line;
		} else if (started) {
			add_frame(&a, func, line);
			func = NULL;
		}
	}
	if (started && k < count)
		notes[k] = format_note(&a, prefixes);
}
