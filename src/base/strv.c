#include "config.h"

#include <stdarg.h>
#include <stdio.h>
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

void
strv_append_printf(char ***strv, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vasprintf(&s, fmt, ap);
	va_end(ap);
	strv_append(strv, xnonnull(len < 0 ? NULL : s));
	free(s);
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
