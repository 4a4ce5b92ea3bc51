#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "endmark.h"

void
endmark_init(struct endmark *m, const char *text)
{
	*m = (struct endmark){ .text = text, .len = text ? strlen(text) : 0 };
}

/* The longest proper prefix of the first MATCHED bytes of the mark that is
   also their suffix: where matching goes on after a mismatch. */
static size_t
fallback(const struct endmark *m, size_t matched)
{
	for (size_t k = matched - 1; k > 0; k--)
		if (memcmp(m->text, m->text + matched - k, k) == 0)
			return k;
	return 0;
}

size_t
endmark_filter(struct endmark *m, const char *in, size_t len, char *out)
{
	size_t n = 0;

	if (!m->text || m->found) {
		memcpy(out, in, len);
		return len;
	}
	for (size_t i = 0; i < len; i++) {
		if (m->found || m->matched == 0) {
			/* Up to the next byte that may start the mark, nothing to look at. */
			const char *start = m->found ? NULL : memchr(in + i, m->text[0], len - i);
			size_t run = (start ? (size_t)(start - in) : len) - i;

			memcpy(out + n, in + i, run);
			n += run;
			i += run;
			if (i == len)
				break;
		}
		while (m->matched > 0 && m->text[m->matched] != in[i]) {
			size_t keep = fallback(m, m->matched);

			memcpy(out + n, m->text, m->matched - keep);
			n += m->matched - keep;
			m->matched = keep;
		}
		if (m->text[m->matched] != in[i])
			out[n++] = in[i];
		else if (++m->matched == m->len)
			m->found = true, m->matched = 0;
	}
	return n;
}

size_t
endmark_release(struct endmark *m, const char **held)
{
	size_t n = m->matched;

	*held = m->text;
	m->matched = 0;
	return n;
}

int
endmark_token(char *buf, size_t size)
{
	unsigned char bytes[8];

	if (size < 2 * sizeof bytes + 1 || getrandom(bytes, sizeof bytes, 0) != (ssize_t)sizeof bytes)
		return -1;
	for (size_t i = 0; i < sizeof bytes; i++)
		snprintf(buf + 2 * i, 3, "%02x", bytes[i]);
	return 0;
}
