#include "config.h"

#include <ctype.h>
#include <string.h>

#include "error.h"
#include "mxlines.h"
#include "util.h"
#include "xalloc.h"

static void
add_line(struct mx_lines *lines, const char *group, const char *key, size_t key_len, unsigned number)
{
	struct mx_line *line;

	lines->items = xreallocarray(lines->items, lines->count + 1, sizeof *lines->items);
	line = &lines->items[lines->count++];
	line->group = xstrdup(group);
	line->key = key ? xstrndup(key, key_len) : NULL;
	line->number = number;
}

/* One line of the file, LEN bytes at TEXT, in *GROUP (allocated, updated). */
static int
scan_line(const char *path, const char *text, size_t len, unsigned number, char **group, struct mx_lines *lines)
{
	size_t key_len = 0, first;

	while (len && isspace((unsigned char)text[len - 1]))
		len--;
	for (first = 0; first < len && isspace((unsigned char)text[first]); first++)
		;
	if (first == len || text[first] == '#')
		return 0;
	if (text[first] == '[') {
		if (text[len - 1] != ']' || len - first < 3)
			return err_set("%s:%u: a group header is [NAME]", path, number);
		free(*group);
		*group = xstrndup(text + first + 1, len - first - 2);
		if (mxlines_find(lines, *group, NULL))
			return err_set("%s:%u: [%s] again (first at line %u): give each group its own name", path, number,
				       *group, mxlines_find(lines, *group, NULL));
		add_line(lines, *group, NULL, 0, number);
		return 0;
	}
	while (first + key_len < len && text[first + key_len] != '=')
		key_len++;
	while (key_len && isspace((unsigned char)text[first + key_len - 1]))
		key_len--;
	if (first + key_len >= len || key_len == 0)
		return err_set("%s:%u: not a KEY=VALUE line, a [GROUP] or a # comment", path, number);
	if (!*group)
		return err_set("%s:%u: a key before the first [GROUP]", path, number);
	add_line(lines, *group, text + first, key_len, number);
	if (mxlines_find(lines, *group, lines->items[lines->count - 1].key) != number)
		return err_set("%s:%u: %s given twice in [%s] (first at line %u)", path, number,
			       lines->items[lines->count - 1].key, *group,
			       mxlines_find(lines, *group, lines->items[lines->count - 1].key));
	return 0;
}

int
mxlines_scan(const char *path, const char *text, struct mx_lines *lines)
{
	cleanup_free char *group = NULL;
	unsigned number = 1;

	memset(lines, 0, sizeof *lines);
	for (const char *line = text; *line; number++) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);

		if (scan_line(path, line, len, number, &group, lines) < 0)
			return -1;
		line += len + (end ? 1 : 0);
	}
	return 0;
}

unsigned
mxlines_find(const struct mx_lines *lines, const char *group, const char *key)
{
	for (size_t i = 0; i < lines->count; i++) {
		const struct mx_line *line = &lines->items[i];

		if (strcmp(line->group, group) == 0 && (key ? line->key && strcmp(line->key, key) == 0 : !line->key))
			return line->number;
	}
	return 0;
}

void
mxlines_clear(struct mx_lines *lines)
{
	for (size_t i = 0; i < lines->count; i++) {
		free(lines->items[i].group);
		free(lines->items[i].key);
	}
	free(lines->items);
	memset(lines, 0, sizeof *lines);
}
