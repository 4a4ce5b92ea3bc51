#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "strv.h"
#include "xalloc.h"

size_t
strv_length(char *const *strv)
{
	size_t n = 0;

	while (strv && strv[n])
		n++;
	return n;
}

void
strv_append(char ***strv, const char *s)
{
	size_t n = strv_length(*strv);

	*strv = xreallocarray(*strv, n + 2, sizeof **strv);
	(*strv)[n] = xstrdup(s);
	(*strv)[n + 1] = NULL;
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
