#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "strv.h"
#include "util.h"
#include "words.h"
#include "xalloc.h"

/* Copy one word starting at *p into WORD, advancing *p past it. */
static int
words_next(const char **p, char *word)
{
	char quote = 0;
	size_t len = 0;

	for (; **p; (*p)++) {
		char c = **p;

		if (quote) {
			if (c == quote)
				quote = 0;
			/* Not at the end: strchr() would match the terminating NUL. */
			else if (c == '\\' && quote == '"' && (*p)[1] && strchr("\"\\$`", (*p)[1]))
				word[len++] = *++(*p);
			else
				word[len++] = c;
		} else if (c == ' ' || c == '\t' || c == '\n') {
			break;
		} else if (c == '\'' || c == '"') {
			quote = c;
		} else if (c == '\\' && (*p)[1]) {
			word[len++] = *++(*p);
		} else {
			word[len++] = c;
		}
	}
	word[len] = '\0';
	if (quote)
		return err_set("unterminated %c quote", quote);
	return 0;
}

int
words_split(const char *text, char ***words)
{
	cleanup_free char *word = xmalloc(strlen(text) + 1);
	cleanup_strv char **result = xcalloc(1, sizeof(char *));
	const char *p = text;

	for (;;) {
		p += strspn(p, " \t\n");
		if (!*p)
			break;
		if (words_next(&p, word) < 0)
			return -1;
		strv_append(&result, word);
	}
	*words = steal_pointer(&result);
	return 0;
}
