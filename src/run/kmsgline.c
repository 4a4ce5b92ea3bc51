#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "kmsgline.h"
#include "util.h"

bool
kmsg_starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

char *
kmsg_trim_end(char *s)
{
	size_t len = strlen(s);

	while (len && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	return s;
}

/* Measure the "[   12.345678]" stamp at P (0: none). */
static size_t
stamp_len(const char *p)
{
	size_t i = 1;

	if (p[0] != '[')
		return 0;
	while (p[i] == ' ')
		i++;
	if (!isdigit((unsigned char)p[i]))
		return 0;
	while (isdigit((unsigned char)p[i]) || p[i] == '.')
		i++;
	return p[i] == ']' ? i + 1 : 0;
}

/* Measure the "[  T123]" caller id at P (0: none), its "T123" copied to ID. */
static size_t
caller_len(const char *p, char *id, size_t size)
{
	size_t i = 1, start;

	if (p[0] != '[')
		return 0;
	while (p[i] == ' ')
		i++;
	start = i;
	if (p[i] != 'T' && p[i] != 'C')
		return 0;
	if (!isdigit((unsigned char)p[++i]))
		return 0;
	while (isdigit((unsigned char)p[i]))
		i++;
	if (p[i] != ']')
		return 0;
	snprintf(id, size, "%.*s", (int)(i - start), p + start);
	return i + 1;
}

void
kmsg_line_split(struct kmsg_line *l, const char *line)
{
	size_t len = 0, at, gap, id;

	for (const char *p = line; *p && len < KMSG_LINE_MAX; p++)
		if (*p != '\r')
			l->text[len++] = *p;
	l->text[len] = '\0';
	l->caller[0] = '\0';
	at = stamp_len(l->text);
	gap = at && l->text[at] == ' ' ? 1 : 0;
	id = caller_len(l->text + at + gap, l->caller, sizeof l->caller);
	if (id)
		at += gap + id;
	if (at && l->text[at] == ' ')
		at++;
	l->body = l->text + at;
}

bool
kmsg_is_rule(const char *body)
{
	size_t len = strspn(body, "=");

	return len >= 8 && body[len + strspn(body + len, " ")] == '\0';
}

bool
kmsg_is_cut_here(const char *body)
{
	return body[0] == '-' && strstr(body, "[ cut here ]");
}

bool
kmsg_is_stack_end(const char *body)
{
	return kmsg_starts_with(body + strspn(body, " \t"), "</TASK>");
}

bool
kmsg_goes_on_stack(const char *body)
{
	static const char *const more[] = { "Call Trace:", "Modules linked in:", "CR2:", "FIX ", "---[ end trace" };

	if (body[0] == ' ' || body[0] == '\t' || body[0] == '<')
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(more); i++)
		if (kmsg_starts_with(body, more[i]))
			return true;
	return false;
}

bool
kmsg_goes_on_stall(const char *body)
{
	static const char *const more[] = { "task:", "NMI backtrace for cpu", "Sending NMI from CPU" };

	if (kmsg_starts_with(body, "rcu: "))
		return !kmsg_starts_with(body, "rcu: INFO:");
	for (size_t i = 0; i < ARRAY_SIZE(more); i++)
		if (kmsg_starts_with(body, more[i]))
			return true;
	return false;
}

bool
kmsg_taint(const char *body, char *taint, size_t size)
{
	const char *at;
	size_t len = 0;

	if (strstr(body, "Not tainted")) {
		taint[0] = '\0';
		return true;
	}
	at = strstr(body, "Tainted: ");
	if (!at)
		return false;
	for (at += strlen("Tainted: "); *at == ' ' || isupper((unsigned char)*at); at++)
		if (*at != ' ' && len + 1 < size)
			taint[len++] = *at;
	taint[len] = '\0';
	return true;
}
