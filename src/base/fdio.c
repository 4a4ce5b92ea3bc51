#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "fdio.h"
#include "sysio.h"
#include "xalloc.h"

const char *
fd_file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a named pipe (FIFO)";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	return S_ISREG(mode) ? "a regular file" : "not a regular file";
}

int
fd_open_regular(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	struct stat st;

	if (fd < 0)
		return err_sys("cannot read %s", path);
	if (fstat(fd, &st) < 0) {
		err_sys("cannot stat %s", path);
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		err_set("%s is %s, not a regular file", path, fd_file_kind(st.st_mode));
		close(fd);
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		return -1;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0) {
		err_sys("cannot read %s", path);
		close(fd);
		return -1;
	}
	return fd;
}

bool
path_is_regular(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Copy the rest of IN_FD to OUT_FD through a buffer. */
static int
copy_by_hand(int in_fd, int out_fd, const char *what)
{
	char buf[65536];
	ssize_t n;

	while ((n = read(in_fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write_all(out_fd, buf, (size_t)n) < (size_t)n)
			return err_sys("cannot copy %s", what);
	}
	return 0;
}

int
fd_copy_file(int in_fd, int out_fd, const char *what)
{
	struct stat st;
	off_t left;

	if (fstat(in_fd, &st) < 0)
		return err_sys("cannot read %s", what);
	for (left = st.st_size; left > 0;) {
		ssize_t n = copy_file_range(in_fd, NULL, out_fd, NULL, (size_t)left, 0);

		/* Some kernels copy between file systems only by hand. */
		if (n < 0 && left == st.st_size && (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP))
			return copy_by_hand(in_fd, out_fd, what);
		if (n <= 0)
			return err_sys("cannot copy %s", what);
		left -= n;
	}
	return 0;
}

char *
fd_read_all(int fd, size_t max, size_t *len)
{
	size_t size = 4096, used = 0;
	char *data = xmalloc(size + 1);
	ssize_t n;

	while ((n = read(fd, data + used, size - used)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || used + (size_t)n > max) {
			free(data);
			return NULL;
		}
		used += (size_t)n;
		if (used == size)
			data = xrealloc(data, (size *= 2) + 1);
	}
	data[used] = '\0';
	*len = used;
	return data;
}
