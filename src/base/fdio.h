/* Opening files for reading safely (the whole writes are in sysio.h). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Open PATH for reading, without waiting as open() does on a named pipe
   until a writer comes, and keep it only when it is a regular file: the
   descriptor (blocking again, close-on-exec), or -1 with a message and
   errno set (open's, EISDIR for a directory, EINVAL for anything else
   that is not a regular file). */
int fd_open_regular(const char *path);

/* Whether PATH names a regular file (following symlinks). */
bool path_is_regular(const char *path);

/* What a file of MODE is, for messages: "a named pipe (FIFO)", "a directory"... */
const char *fd_file_kind(mode_t mode);

/* Copy the whole regular file IN_FD to OUT_FD at its offset; -1 with a
   message naming WHAT. */
int fd_copy_file(int in_fd, int out_fd, const char *what);

/* The rest of FD, NUL-terminated, its length in LEN; NULL when reading
   fails or it holds more than MAX bytes. */
char *fd_read_all(int fd, size_t max, size_t *len);
