/* Finding the end mark the guest writes on its console once the command
   or shell is over, and keeping it off the host terminal. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* The longest mark, its terminating NUL included. */
#define ENDMARK_MAX 64

struct endmark {
	const char *text;   /* NULL: no mark expected, bytes pass through */
	size_t len;
	size_t matched;     /* bytes of text seen at the end of the last input */
	bool found;
};

/* Expect TEXT (kept by the caller, shorter than ENDMARK_MAX) on the stream. */
void endmark_init(struct endmark *m, const char *text);

/* Copy IN to OUT without the mark, holding back a partial match until the
   next call.  OUT must hold LEN + ENDMARK_MAX bytes.  Returns the bytes in OUT. */
size_t endmark_filter(struct endmark *m, const char *in, size_t len, char *out);

/* The bytes held back as a possible start of the mark, for when the stream
   ends without it.  Returns their count; they are then forgotten. */
size_t endmark_release(struct endmark *m, const char **held);

/* A fresh random token for the mark, as hex digits; -1 on failure. */
int endmark_token(char *buf, size_t size);
