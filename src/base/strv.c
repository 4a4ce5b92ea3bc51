#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "strv.h"

size_t
strv_length(char *const *strv)
{
	size_t n = 0;

	while (strv && strv[n])
		n++;
	return n;
}

int
strv_append(char ***strv, const char *s)
{
	size_t n = strv_length(*strv);
	char **grown = realloc(*strv, (n + 2) * sizeof(char *));
	char *copy;

	if (!grown)
		return err_set("out of memory");
	*strv = grown;
	copy = strdup(s);
	if (!copy) {
		grown[n] = NULL;
		return err_set("out of memory");
	}
	grown[n] = copy;
	grown[n + 1] = NULL;
	return 0;
}

int
strv_contains(char *const *strv, const char *s)
{
	for (size_t i = 0; strv && strv[i]; i++)
		if (strcmp(strv[i], s) == 0)
			return 1;
	return 0;
}

void
strv_free(char **strv)
{
	for (size_t i = 0; strv && strv[i]; i++)
		free(strv[i]);
	free(strv);
}
