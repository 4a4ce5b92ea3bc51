#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "endmark.h"
#include "tap.h"

#define MARK "\033_end-42\033\\"

/* Feed INPUT in pieces of at most STEP bytes; the text that passes through. */
static char *
filter_in_steps(const char *mark, const char *input, size_t step, bool *found)
{
	struct endmark m;
	size_t len = strlen(input), n = 0;
	char *out = calloc(1, len + strlen(mark) + 1);
	const char *held;

	endmark_init(&m, mark);
	for (size_t off = 0; off < len; off += step) {
		size_t piece = len - off < step ? len - off : step;

		n += endmark_filter(&m, input + off, piece, out + n);
	}
	*found = m.found;
	if (!m.found) {
		size_t h = endmark_release(&m, &held);

		memcpy(out + n, held, h);
		n += h;
	}
	out[n] = '\0';
	return out;
}

/* INPUT gives WANT with the mark FOUND or not, however it is split. */
static void
expect(const char *input, const char *want, bool want_found, const char *what)
{
	bool all = true;

	for (size_t step = 1; step <= strlen(input) + 1; step++) {
		bool found;
		char *got = filter_in_steps(MARK, input, step, &found);

		if (strcmp(got, want) != 0 || found != want_found) {
			all = false;
			printf("# step %zu: got '%s' found=%d\n", step, got, found);
		}
		free(got);
	}
	tap_ok(all, "%s", what);
}

int
main(void)
{
	struct endmark none;
	char out[16];

	expect("hello\r\n" MARK, "hello\r\n", true, "the mark at the end is found and removed");
	expect("30 100\r\n" MARK "late", "30 100\r\nlate", true, "bytes after the mark pass");
	expect("no mark here", "no mark here", false, "no mark: everything passes");
	expect("\033[1mbold\033[0m" MARK, "\033[1mbold\033[0m", true, "other escapes pass");
	expect("\033_end-4\033_end-42\033\\", "\033_end-4", true, "a mark after a broken start is found");
	expect("\033_end-42\033\033_end-42\033\\", "\033_end-42\033", true,
	       "a mark right after an almost-mark is found");
	expect("x\033_end", "x\033_end", false, "a partial mark at the end is given back");
	expect(MARK MARK, MARK, true, "only the first mark is taken");

	endmark_init(&none, NULL);
	tap_ok(endmark_filter(&none, "abc", 3, out) == 3 && memcmp(out, "abc", 3) == 0,
	       "without a mark, bytes pass unchanged");
	return tap_done();
}
