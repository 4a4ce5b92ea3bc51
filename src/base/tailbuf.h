/* The last bytes of a stream, up to a bound: what a report shows of a
   command's output. */
#pragma once

#include <stddef.h>

struct tailbuf {
	char *data;      /* NULL until something is kept */
	size_t cap;      /* the bound; 0: keep nothing */
	size_t len;
};

/* Keep the last CAP bytes from now on. */
void tailbuf_init(struct tailbuf *tail, size_t cap);

/* Add BYTES, dropping the oldest past the bound. */
void tailbuf_append(struct tailbuf *tail, const char *bytes, size_t len);

void tailbuf_clear(struct tailbuf *tail);
