#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "xalloc.h"

/* The program's own process: a forked child (the PVH extraction's) must
   not flush stdio buffers it shares with its parent a second time. */
static pid_t main_pid;

static void __attribute__((constructor))
note_main_pid(void)
{
	main_pid = getpid();
}

void
xalloc_own_process(void)
{
	main_pid = getpid();
}

_Noreturn void
die_oom(void)
{
	static const char line[] = "eudyptula-boot: out of memory\n";

	/* A fixed string through write(2): nothing here allocates. */
	if (write(STDERR_FILENO, line, sizeof line - 1) < 0) {
		/* Nowhere left to say it. */
	}
	if (getpid() != main_pid)
		_exit(EXIT_TOOL);
	exit(EXIT_TOOL);
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		die_oom();
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	size_t total;

	if (__builtin_mul_overflow(nmemb, size, &total))
		die_oom();
	return xnonnull(calloc(1, total ? total : 1));
}

void *
xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		die_oom();
	return p;
}

void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	size_t total;

	if (__builtin_mul_overflow(nmemb, size, &total))
		die_oom();
	return xrealloc(ptr, total);
}

char *
xstrdup(const char *s)
{
	return xnonnull(strdup(s));
}

char *
xstrndup(const char *s, size_t n)
{
	return xnonnull(strndup(s, n));
}

char *
xasprintf(const char *fmt, ...)
{
	char *s;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (rc < 0)
		die_oom();
	return s;
}

void *
xnonnull(void *p)
{
	if (!p)
		die_oom();
	return p;
}
