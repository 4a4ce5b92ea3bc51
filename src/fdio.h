/* Writing to file descriptors. */
#pragma once

#include <stddef.h>

/* Write all LEN bytes, retrying on EINTR and waiting when FD is
   non-blocking; -1 with errno set on error. */
int fd_write_all(int fd, const void *buf, size_t len);
