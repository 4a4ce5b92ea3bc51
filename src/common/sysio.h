/* System helpers the host program and the guest init both use, one copy
   each: whole writes and reads, mkdir -p, the monotonic clock. */
#pragma once

#include <stddef.h>
#include <sys/types.h>

/* Write all LEN bytes, through EINTR and short writes, waiting when FD is
   non-blocking; returns what was written (LEN, or less with errno set). */
size_t write_all(int fd, const void *buf, size_t len);

/* Read the whole regular file PATH into a NUL-terminated buffer (*LEN,
   when given, excludes the NUL); never waits on a named pipe: NULL with
   errno set (EINVAL for what is not a regular file). */
char *file_read(const char *path, size_t *len);

/* Make a directory and its missing parents, like mkdir -p; -1 with errno. */
int mkdir_p(const char *path, mode_t mode);

/* Milliseconds on the monotonic clock. */
long long now_ms(void);

/* Sleep for MS milliseconds, through signals. */
void sleep_ms(long ms);
