/* Decompressing a kernel's payload (any format libarchive reads). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "error.h"
#include "kernel.h"
#include "xalloc.h"

/* Make sure BUF has room for one more byte past WANT bytes. */
static void
grow_buffer(unsigned char **buf, size_t *capacity, size_t want)
{
	size_t larger = *capacity ? *capacity : 1 << 16;

	if (want < *capacity)
		return;
	while (larger <= want)
		larger *= 2;
	*buf = xrealloc(*buf, larger);
	*capacity = larger;
}

int
kernel_decompress_to(const unsigned char *data, size_t size, const char *what,
		     int (*sink)(const unsigned char *chunk, size_t len, void *ctx), void *ctx)
{
	struct archive *reader = xnonnull(archive_read_new());
	struct archive_entry *entry;
	unsigned char chunk[1 << 16];
	la_ssize_t got = -1;
	int rc = -1;

	archive_read_support_filter_all(reader);
	archive_read_support_format_raw(reader);
	if (archive_read_open_memory(reader, data, size) != ARCHIVE_OK ||
	    archive_read_next_header(reader, &entry) != ARCHIVE_OK)
		err_set("cannot decompress %s: %s", what, archive_error_string(reader));
	else if (archive_filter_count(reader) < 2)
		err_set("cannot decompress %s: not in a compressed format", what);
	else
		while ((got = archive_read_data(reader, chunk, sizeof chunk)) != 0) {
			if (got < 0) {
				err_set("cannot decompress %s: %s", what, archive_error_string(reader));
				break;
			}
			if (sink(chunk, (size_t)got, ctx) < 0)
				break;
		}
	if (got == 0)
		rc = 0;
	archive_read_free(reader);
	return rc;
}

struct growing_buffer {
	unsigned char *data;
	size_t capacity, used;
};

static int
append_chunk(const unsigned char *chunk, size_t len, void *ctx)
{
	struct growing_buffer *buf = ctx;

	grow_buffer(&buf->data, &buf->capacity, buf->used + len);
	memcpy(buf->data + buf->used, chunk, len);
	buf->used += len;
	return 0;
}

unsigned char *
kernel_decompress(const unsigned char *data, size_t size, const char *what, size_t *out_size)
{
	struct growing_buffer buf = { 0 };

	if (kernel_decompress_to(data, size, what, append_chunk, &buf) < 0) {
		free(buf.data);
		return NULL;
	}
	grow_buffer(&buf.data, &buf.capacity, buf.used);
	buf.data[buf.used] = '\0';
	*out_size = buf.used;
	return buf.data;
}
