#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"
#include "xalloc.h"

/* Under AddressSanitizer an impossible malloc must fail as in libc, not
   abort with a report, so that it reaches die_oom. */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

enum { FAIL_MALLOC, FAIL_CALLOC, FAIL_REALLOCARRAY, FAIL_NONNULL };

static void
fail(int how)
{
	switch (how) {
	case FAIL_MALLOC:
		/* Half the address space: no allocator has it, and valgrind does not take the size for a negative one. */
		free(xmalloc(SIZE_MAX / 2));
		break;
	case FAIL_CALLOC:
		free(xcalloc(SIZE_MAX, 2));
		break;
	case FAIL_REALLOCARRAY:
		free(xreallocarray(NULL, SIZE_MAX / 2, 3));
		break;
	case FAIL_NONNULL:
		xnonnull(NULL);
		break;
	}
}

/* TEXT without the lines a sanitizer's runtime adds ("==PID==..."), in place. */
static void
drop_runtime_lines(char *text)
{
	char *line = text, *out = text;

	while (*line) {
		char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) + 1 : strlen(line);

		if (strncmp(line, "==", 2) != 0) {
			memmove(out, line, len);
			out += len;
		}
		line += len;
	}
	*out = '\0';
}

/* In a child, fail as HOW says: it must exit EXIT_TOOL saying one line. */
static void
expect_death(int how, const char *what)
{
	int pipefd[2], status = 0;
	char buf[256];
	ssize_t got = 0, n;
	pid_t pid;

	fflush(stdout);
	if (pipe(pipefd) < 0 || (pid = fork()) < 0) {
		tap_ok(0, "%s: cannot fork", what);
		return;
	}
	if (pid == 0) {
		dup2(pipefd[1], STDERR_FILENO);
		close(pipefd[0]);
		fail(how);
		_exit(0);
	}
	close(pipefd[1]);
	while (got < (ssize_t)sizeof buf - 1 && (n = read(pipefd[0], buf + got, sizeof buf - 1 - got)) > 0)
		got += n;
	buf[got] = '\0';
	drop_runtime_lines(buf);
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == EXIT_TOOL, "%s exits %d (status 0x%x)", what, EXIT_TOOL,
	       status);
	tap_streq(buf, "eudyptula-boot: out of memory\n", "%s says one line", what);
}

int
main(void)
{
	char *p = xmalloc(16), *s;
	int *v = xcalloc(4, sizeof *v), zero = 1;

	memset(p, 'a', 16);
	tap_ok(p != NULL, "xmalloc gives a block");
	for (int i = 0; i < 4; i++)
		zero = zero && v[i] == 0;
	tap_ok(zero, "xcalloc gives zeroes");
	v = xreallocarray(v, 1024, sizeof *v);
	v[1023] = 7;
	tap_ok(v[0] == 0 && v[1023] == 7, "xreallocarray grows and keeps the contents");
	p = xrealloc(p, 4096);
	tap_ok(p[15] == 'a', "xrealloc grows and keeps the contents");
	free(xmalloc(0));
	tap_ok(1, "xmalloc(0) is a block to free");
	s = xstrdup("penguin");
	tap_streq(s, "penguin", "xstrdup copies");
	free(s);
	s = xstrndup("penguin", 3);
	tap_streq(s, "pen", "xstrndup copies at most N bytes");
	free(s);
	s = xasprintf("%s-%d", "eudyptula", 42);
	tap_streq(s, "eudyptula-42", "xasprintf formats");
	free(s);
	tap_ok(xnonnull(p) == p, "xnonnull hands its pointer back");
	free(p);
	free(v);

	expect_death(FAIL_MALLOC, "xmalloc(SIZE_MAX / 2)");
	expect_death(FAIL_CALLOC, "xcalloc(SIZE_MAX, 2)");
	expect_death(FAIL_REALLOCARRAY, "xreallocarray overflowing");
	expect_death(FAIL_NONNULL, "xnonnull(NULL)");
	return tap_done();
}
