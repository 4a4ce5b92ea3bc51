#include "config.h"

#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "error.h"
#include "terminal.h"

static struct termios saved_termios;
static int saved_fd = -1;

int
terminal_raw(int fd)
{
	struct termios raw;

	if (tcgetattr(fd, &saved_termios) < 0)
		return err_sys("cannot read the terminal settings");
	raw = saved_termios;
	cfmakeraw(&raw);
	if (tcsetattr(fd, TCSADRAIN, &raw) < 0)
		return err_sys("cannot set the terminal to raw mode");
	saved_fd = fd;
	return 0;
}

void
terminal_restore(void)
{
	if (saved_fd < 0)
		return;
	tcsetattr(saved_fd, TCSADRAIN, &saved_termios);
	saved_fd = -1;
}

bool
terminal_is_raw(void)
{
	return saved_fd >= 0;
}

bool
terminal_size(int fd, unsigned *rows, unsigned *cols)
{
	struct winsize ws;

	if (ioctl(fd, TIOCGWINSZ, &ws) < 0 || ws.ws_row == 0)
		return false;
	*rows = ws.ws_row;
	*cols = ws.ws_col;
	return true;
}
