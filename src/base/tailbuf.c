#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tailbuf.h"
#include "xalloc.h"

void
tailbuf_init(struct tailbuf *tail, size_t cap)
{
	memset(tail, 0, sizeof *tail);
	tail->cap = cap;
}

void
tailbuf_append(struct tailbuf *tail, const char *bytes, size_t len)
{
	if (!tail->cap)
		return;
	if (!tail->data)
		tail->data = xmalloc(tail->cap);
	if (len >= tail->cap) {
		memcpy(tail->data, bytes + len - tail->cap, tail->cap);
		tail->len = tail->cap;
		return;
	}
	if (tail->len + len > tail->cap) {
		size_t drop = tail->len + len - tail->cap;

		memmove(tail->data, tail->data + drop, tail->len - drop);
		tail->len -= drop;
	}
	memcpy(tail->data + tail->len, bytes, len);
	tail->len += len;
}

void
tailbuf_clear(struct tailbuf *tail)
{
	free(tail->data);
	memset(tail, 0, sizeof *tail);
}
