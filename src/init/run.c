#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "util.h"
#include "console.h"
#include "control.h"
#include "msg.h"
#include "relay.h"
#include "run.h"
#include "spawn.h"

/* The command's stdin pipe, larger than the default 64 KiB. */
#define STDIN_PIPE_SIZE (1024 * 1024)

/* Run file with argv, its output on pipes that init relays to the ports. */
static int
run_piped(const struct conf *conf, const char *file, char *const *argv, struct ports *ports,
	  unsigned long long bytes[2])
{
	struct spawn s = { .file = file, .argv = argv, .env = conf->env,
			   .user = &conf->user, .cwd = conf->cwd };
	struct relay r = { .tty = -1 };
	int in[2], out[2], err[2], wstatus;
	pid_t pid;

	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) {
		msg_errno("pipe");
		return EXIT_TOOL;
	}
	fcntl(in[1], F_SETFL, O_NONBLOCK);
	s.fds[0] = in[0];
	s.fds[1] = out[1];
	s.fds[2] = err[1];
	pid = spawn(&s);
	close(in[0]);
	close(out[1]);
	close(err[1]);
	r.in_pipe = in[1];
	r.in_port = ports->in;
	/* The relay reads the port until it is dry (relay.c), and a bigger
	   pipe takes more of the host's input at a time. */
	if (r.in_port >= 0)
		fcntl(r.in_port, F_SETFL, O_NONBLOCK);
	fcntl(in[1], F_SETPIPE_SZ, STDIN_PIPE_SIZE);
	if (r.in_port < 0) {
		close(r.in_pipe);
		r.in_pipe = -1;
	}
	r.pipe[0] = out[0];
	r.pipe[1] = err[0];
	r.port[0] = ports->out;
	r.port[1] = ports->err;
	if (pid < 0) {
		close(in[1]);
		close(out[0]);
		close(err[0]);
		return EXIT_TOOL;
	}
	msg_info("running %s", s.file);
	wstatus = relay_wait(&r, pid);
	bytes[0] += r.bytes[0];
	bytes[1] += r.bytes[1];
	return status_code(wstatus);
}

/* Run file with argv on the console terminal, applying winsize lines. */
static int
run_tty(const struct conf *conf, const char *file, char *const *argv)
{
	struct spawn s = { .file = file, .argv = argv, .env = conf->env, .tty = CONSOLE_TTY,
			   .user = &conf->user, .cwd = conf->cwd };
	struct relay r = { .pipe = { -1, -1 }, .port = { -1, -1 }, .in_port = -1, .in_pipe = -1 };
	int wstatus;
	pid_t pid;

	r.tty = console_open(CONSOLE_TTY);
	if (r.tty < 0)
		return EXIT_TOOL;
	user_chown_tty(&conf->user, r.tty, CONSOLE_TTY);
	control_read_pending(r.tty);
	pid = spawn(&s);
	if (pid < 0) {
		close(r.tty);
		return EXIT_TOOL;
	}
	msg_info("running %s on %s", file, CONSOLE_TTY);
	wstatus = relay_wait(&r, pid);
	close(r.tty);
	return status_code(wstatus);
}

/* Run the login shell on the console terminal, or, without one, on the
   ports, reading its commands from stdin (as ssh HOST <script does). */
static int
run_shell(const struct conf *conf, struct ports *ports, unsigned long long bytes[2])
{
	char argv0[256];
	char *argv[] = { argv0, NULL };
	const char *shell = login_shell(conf->shell, argv0, sizeof(argv0));

	if (conf->argc == 0 && !conf->tty)
		return run_piped(conf, shell, argv, ports, bytes);
	return run_tty(conf, shell, argv);
}

/* Become the command (or the shell): no status comes back from there. */
static int
run_as_pid1(const struct conf *conf, struct ports *ports)
{
	struct spawn s = { .file = conf->argv[0], .argv = conf->argv, .env = conf->env,
			   .user = &conf->user, .cwd = conf->cwd };
	char argv0[256];
	char *argv[] = { argv0, NULL };
	int tty;

	if (conf->after_shell)
		msg_error("pid1: no shell after the command");
	if (conf->argc == 0) {
		s.file = login_shell(conf->shell, argv0, sizeof(argv0));
		s.argv = argv;
	}
	if (conf->tty) {
		tty = console_open(CONSOLE_TTY);
		if (tty < 0)
			return EXIT_TOOL;
		user_chown_tty(&conf->user, tty, CONSOLE_TTY);
		control_read_pending(tty);
		close(tty);
		s.tty = CONSOLE_TTY;
	} else {
		s.fds[0] = ports->in;
		s.fds[1] = ports->out;
		s.fds[2] = ports->err;
	}
	msg_info("becoming %s", s.file);
	return spawn_exec(&s);
}

/* The command, the shell, or the command then the shell. */
static int
run_all(const struct conf *conf, struct ports *ports, unsigned long long bytes[2])
{
	int status;

	if (conf->argc == 0)
		return run_shell(conf, ports, bytes);
	if (conf->tty)
		status = run_tty(conf, conf->argv[0], conf->argv);
	else
		status = run_piped(conf, conf->argv[0], conf->argv, ports, bytes);
	if (conf->after_shell)
		status = run_shell(conf, ports, bytes);
	return status;
}

int
run(const struct conf *conf, struct ports *ports, unsigned long long bytes[2])
{
	int status;

	if (conf->pid1)
		return run_as_pid1(conf, ports);
	status = run_all(conf, ports, bytes);
	if (conf->console_end)
		console_write_end(CONSOLE_TTY, conf->console_end);
	return status;
}
