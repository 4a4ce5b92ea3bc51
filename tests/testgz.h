/* gzip for the unit tests' crafted kernels and configurations. */
#pragma once

#include <stdio.h>
#include <stdlib.h>

#include <archive.h>
#include <archive_entry.h>

/* Compress DATA with gzip (libarchive's raw writer); allocated. */
static inline unsigned char *
gzip_bytes(const void *data, size_t size, size_t *out_size)
{
	size_t capacity = size + 4096;
	unsigned char *out = malloc(capacity);
	struct archive *writer = archive_write_new();
	struct archive_entry *entry = archive_entry_new();

	archive_write_add_filter_gzip(writer);
	archive_write_set_format_raw(writer);
	archive_write_set_bytes_in_last_block(writer, 1);
	archive_write_open_memory(writer, out, capacity, out_size);
	archive_entry_set_pathname(entry, "data");
	archive_entry_set_filetype(entry, AE_IFREG);
	archive_entry_set_size(entry, (la_int64_t)size);
	if (archive_write_header(writer, entry) != ARCHIVE_OK ||
	    archive_write_data(writer, data, size) != (la_ssize_t)size ||
	    archive_write_close(writer) != ARCHIVE_OK) {
		fprintf(stderr, "gzip: %s\n", archive_error_string(writer));
		exit(99);
	}
	archive_entry_free(entry);
	archive_write_free(writer);
	return out;
}
