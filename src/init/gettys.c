#include "config.h"

#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "contract.h"
#include "util.h"
#include "console.h"
#include "fileio.h"
#include "gettys.h"
#include "msg.h"
#include "spawn.h"

#define GETTYS_MAX EB_EXTRA_CONSOLES_MAX
/* A shell that ends this soon after its start, this many times in a row,
   is not started again. */
#define FAST_EXIT_MS 1000
#define FAST_EXITS_MAX 5

struct getty {
	char path[24];
	pid_t pid;		/* -1: not running */
	long long started;
	unsigned fast_exits;
	bool on_demand;		/* started by a key pressed on its terminal */
	int key_fd;		/* on demand and not running: watched for that key; else -1 */
};

static const struct conf *getty_conf;
static char **getty_env;
/* hvc1..hvcN, then the shared console's shell on demand. */
static struct getty gettys[GETTYS_MAX + 1];
static unsigned ngettys;

/* No one tells a serial port its size: take the usual one. */
static void
default_winsize(int fd)
{
	struct winsize size;

	if (ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_row == 0)
		console_winsize(fd, 24, 80);
}

/* In the child: take the terminal for the user and become the login shell. */
static int
getty_exec(const struct getty *g)
{
	char argv0[256];
	char *argv[] = { argv0, NULL };
	struct spawn s = { .argv = argv, .env = getty_env, .tty = g->path,
			   .user = &getty_conf->user, .cwd = getty_conf->cwd };
	int fd;

	s.file = login_shell(getty_conf->shell, argv0, sizeof(argv0));
	fd = console_open(g->path);
	if (fd < 0)
		return EXIT_TOOL;
	user_chown_tty(&getty_conf->user, fd, g->path);
	/* FD stays open (close-on-exec) until the shell has the terminal: a
	   serial port's last close forgets its size. */
	default_winsize(fd);
	return spawn_exec(&s);
}

/* Start the login shell of g. */
static void
getty_spawn(struct getty *g)
{
	g->pid = fork();
	if (g->pid < 0) {
		msg_errno("fork for %s", g->path);
		return;
	}
	if (g->pid == 0)
		_exit(getty_exec(g));
	g->started = now_ms();
	msg_info("login shell on %s", g->path);
}

/* Watch the terminal of an on-demand getty for its first key. */
static void
getty_arm(struct getty *g)
{
	g->key_fd = console_open(g->path);
	if (g->key_fd < 0)
		return;
	fcntl(g->key_fd, F_SETFL, O_NONBLOCK);
}

/* The command's environment, with a TERM for a terminal. */
static char **
getty_environment(const struct conf *conf)
{
	size_t n = conf->envc;
	char **env;

	env = calloc(n + 2, sizeof(*env));
	if (!env)
		return NULL;
	memcpy(env, conf->env, n * sizeof(*env));
	if (!conf_getenv(conf, "TERM"))
		env[n] = (char *)"TERM=linux";
	return env;
}

/* Start the login shells on hvc1..hvcN that conf asks for. */
static void
start_extra(void)
{
	unsigned i, count = getty_conf->gettys;

	if (count > GETTYS_MAX) {
		msg_error("gettys: only hvc1..hvc%d exist", GETTYS_MAX);
		count = GETTYS_MAX;
	}
	for (i = 0; i < count; i++) {
		snprintf(gettys[i].path, sizeof(gettys[i].path), "/dev/hvc%u", i + 1);
		getty_spawn(&gettys[i]);
	}
	ngettys = count;
}

void
gettys_start(const struct conf *conf)
{
	struct getty *shared;

	getty_conf = conf;
	getty_env = getty_environment(conf);
	if (!getty_env) {
		msg_errno("gettys");
		return;
	}
	start_extra();
	shared = &gettys[ngettys++];
	*shared = (struct getty){ .path = EB_SHARED_CONSOLE_TTY, .pid = -1, .on_demand = true };
	getty_arm(shared);
}

int
gettys_key_fd(void)
{
	return ngettys ? gettys[ngettys - 1].key_fd : -1;
}

void
gettys_key_ready(short revents)
{
	struct getty *g = &gettys[ngettys - 1];

	/* The key only asked for the shell: it is not input for it. */
	tcflush(g->key_fd, TCIFLUSH);
	close(g->key_fd);
	g->key_fd = -1;
	if (revents & POLLIN)
		getty_spawn(g);
	else
		msg_error("%s: the terminal failed, no shell there", g->path);
}

bool
gettys_reaped(pid_t pid, int wstatus)
{
	struct getty *g;
	unsigned i;

	for (i = 0; i < ngettys && gettys[i].pid != pid; i++)
		;
	if (i == ngettys)
		return false;
	g = &gettys[i];
	g->pid = -1;
	if (now_ms() - g->started < FAST_EXIT_MS)
		g->fast_exits++;
	else
		g->fast_exits = 0;
	msg_info("login shell on %s: status %d", g->path, status_code(wstatus));
	if (g->on_demand)
		getty_arm(g);
	else if (g->fast_exits >= FAST_EXITS_MAX)
		msg_error("%s: the login shell keeps ending at once, not starting it again",
			  g->path);
	else if (access(g->path, F_OK) < 0)
		msg_errno("%s", g->path);
	else
		getty_spawn(g);
	return true;
}
