#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "console.h"
#include "contract.h"
#include "fileio.h"
#include "msg.h"

/* hvcN appears once the virtio console driver has set the port up. */
#define CONSOLE_TIMEOUT_MS 10000

/* Settings of "stty sane", keeping the line speed. */
static void
console_sane(int fd, const char *path)
{
	struct termios tio;

	if (tcgetattr(fd, &tio) < 0) {
		msg_errno("tcgetattr %s", path);
		return;
	}
	tio.c_iflag = BRKINT | ICRNL | IXON | IXANY | IMAXBEL | IUTF8;
	tio.c_oflag = OPOST | ONLCR;
	tio.c_cflag = (tio.c_cflag & ~(CSIZE | PARENB | CSTOPB)) | CS8 | CREAD | HUPCL;
	tio.c_lflag = ISIG | ICANON | IEXTEN | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE;
	tio.c_cc[VINTR] = 003;
	tio.c_cc[VQUIT] = 034;
	tio.c_cc[VERASE] = 0177;
	tio.c_cc[VKILL] = 025;
	tio.c_cc[VEOF] = 004;
	tio.c_cc[VSTART] = 021;
	tio.c_cc[VSTOP] = 023;
	tio.c_cc[VSUSP] = 032;
	tio.c_cc[VREPRINT] = 022;
	tio.c_cc[VWERASE] = 027;
	tio.c_cc[VLNEXT] = 026;
	tio.c_cc[VDISCARD] = 017;
	tio.c_cc[VMIN] = 1;
	tio.c_cc[VTIME] = 0;
	if (tcsetattr(fd, TCSANOW, &tio) < 0)
		msg_errno("tcsetattr %s", path);
}

int
console_open(const char *path)
{
	long long deadline = now_ms() + CONSOLE_TIMEOUT_MS;
	int fd;

	while ((fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0) {
		if ((errno != ENOENT && errno != ENODEV && errno != ENXIO) ||
		    now_ms() > deadline) {
			msg_errno("open %s", path);
			return -1;
		}
		sleep_ms(10);
	}
	console_sane(fd, path);
	return fd;
}

int
console_attach(const char *path)
{
	int fd;

	fd = open(path, O_RDWR);
	if (fd < 0)
		return -1;
	/* 1: take the terminal even if another session holds it. */
	if (ioctl(fd, TIOCSCTTY, 1) < 0 ||
	    dup2(fd, STDIN_FILENO) < 0 || dup2(fd, STDOUT_FILENO) < 0 ||
	    dup2(fd, STDERR_FILENO) < 0)
		return -1;
	if (fd > STDERR_FILENO)
		close(fd);
	return 0;
}

void
console_winsize(int fd, unsigned rows, unsigned cols)
{
	struct winsize ws = { .ws_row = rows, .ws_col = cols };

	if (ioctl(fd, TIOCSWINSZ, &ws) < 0)
		msg_errno("set the terminal size");
}

void
console_write_end(const char *path, const char *token)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);

	if (fd < 0 || dprintf(fd, EB_CONSOLE_END_FORMAT, token) < 0 || tcdrain(fd) < 0)
		msg_errno("write the end mark on %s", path);
	if (fd >= 0)
		close(fd);
}

