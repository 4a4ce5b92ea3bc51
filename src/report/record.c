#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "record.h"
#include "xalloc.h"

/* WORD as a shell would read it back: as it is when plain, else in single quotes. */
static void
append_word(char **line, size_t *len, const char *word)
{
	bool plain = *word && strspn(word, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
				      "_-+=.,/:@%") == strlen(word);
	size_t need = strlen(word) * 4 + 4;

	*line = xrealloc(*line, *len + need);
	if (*len)
		(*line)[(*len)++] = ' ';
	if (plain) {
		strcpy(*line + *len, word);
		*len += strlen(word);
		return;
	}
	(*line)[(*len)++] = '\'';
	for (const char *c = word; *c; c++) {
		if (*c == '\'') {
			memcpy(*line + *len, "'\\''", 4);
			*len += 4;
		} else {
			(*line)[(*len)++] = *c;
		}
	}
	(*line)[(*len)++] = '\'';
	(*line)[*len] = '\0';
}

char *
report_command_line(char *const *command)
{
	char *line = NULL;
	size_t len = 0;

	if (!command || !command[0])
		return xstrdup("(a shell)");
	for (size_t i = 0; command[i]; i++)
		append_word(&line, &len, command[i]);
	return line;
}
