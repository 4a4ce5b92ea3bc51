/* eudyptula-init: PID 1 of the guest.  Mounts the host's root shared over
   9P, runs what run.conf asks for and reports its status on the control
   port, then resets the machine.  See contract.h for the host's side. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "contract.h"
#include "util.h"
#include "conf.h"
#include "console.h"
#include "control.h"
#include "dev.h"
#include "fileio.h"
#include "fresh.h"
#include "gettys.h"
#include "klog.h"
#include "sudoers.h"
#include "modules.h"
#include "mounts.h"
#include "msg.h"
#include "net.h"
#include "ports.h"
#include "relay.h"
#include "resolv.h"
#include "run.h"
#include "switchroot.h"
#include "system.h"
#include "udev.h"

/* Longer than the host waits for the console's end mark (pumps.c). */
#define HOST_TEARDOWN_MS 10000

#define DEFAULT_PATH "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* Whether a host holds the streams: then it, not the guest, ends the
   machine once it has closed them.  A detached run's channels are files
   with nobody to wait for. */
static bool host_attached = true;

/* Report STATUS, let the host close its streams, and stop the machine.
   QEMU exiting under an open console or channel stream can deadlock
   libvirtd; and the terminal's last bytes sit in a host pty that goes
   away with the machine. */
static void __attribute__((noreturn))
finish(int status, const unsigned long long bytes[2])
{
	control_report(status, bytes[0], bytes[1]);
	if (host_attached)
		control_wait_host_gone(HOST_TEARDOWN_MS);
	system_stop();
}

/* Give up: report the failure to the host if possible and stop. */
static void __attribute__((noreturn))
fail(void)
{
	static const unsigned long long none[2] = { 0, 0 };

	finish(EXIT_TOOL, none);
}

/* Make sure 0, 1 and 2 are open, so that no port lands on them. */
static void
fill_stdio(void)
{
	int fd;

	while (fcntl(STDERR_FILENO, F_GETFD) < 0) {
		fd = open("/dev/null", O_RDWR);
		if (fd < 0 || fd > STDERR_FILENO)
			break;
	}
}

/* Whether the command's streams go over the stdin/stdout/stderr ports: off
   the terminal, the command, or the login shell reading its commands from
   stdin. */
static bool
wants_streams(const struct conf *conf)
{
	return !conf->tty;
}

/* The command's environment: run.conf's, plus what a shell expects. */
static void
env_defaults(struct conf *conf)
{
	if (conf_env_default(conf, DEFAULT_PATH) < 0 ||
	    conf_env_default(conf, "HOME=/root") < 0 ||
	    (!wants_streams(conf) && conf_env_default(conf, "TERM=linux") < 0)) {
		msg_errno("environment");
		fail();
	}
}

/* Set NAME=VALUE in the command's environment. */
static int
env_set(struct conf *conf, const char *name, const char *value)
{
	char *assignment;

	if (asprintf(&assignment, "%s=%s", name, value) < 0)
		return -1;
	return conf_env_set(conf, assignment);
}

/* The user's HOME, USER and LOGNAME, over what run.conf's env says. */
static void
env_user(struct conf *conf)
{
	const struct user *u = &conf->user;

	if (!u->set)
		return;
	if (env_set(conf, "HOME", u->home && *u->home ? u->home : "/") < 0 ||
	    (u->name && (env_set(conf, "USER", u->name) < 0 ||
			 env_set(conf, "LOGNAME", u->name) < 0))) {
		msg_errno("environment");
		fail();
	}
}

/* The host's directory is not there (chdir failed with errnum): start in
   / and tell the host, which warns; a -u user starts in their home then. */
static void
cwd_missing(const struct conf *conf, int errnum)
{
	const struct user *u = &conf->user;
	struct stat st;
	bool home = u->set && u->home && *u->home && stat(u->home, &st) == 0 && S_ISDIR(st.st_mode);

	msg_info("no directory %s, starting in %s", conf->cwd, home ? u->home : "/");
	control_report_no_cwd(errnum, home ? "home" : "/");
}

/* Settle the new root: scratch areas, shares, /dev, names, network, udev. */
static void
setup_root(struct conf *conf)
{
	mounts_scratch(conf->cwd);
	mounts_modules(conf);
	mounts_shares(conf);
	dev_setup();
	if (conf->hostname && *conf->hostname)
		system_hostname(conf->hostname);
	system_loopback();
	/* Only the overlay may get files the host's root lacks. */
	if (conf->net && net_setup() == 0)
		resolv_setup(EB_NET_DNS, conf->root == ROOT_OVERLAY);
	env_defaults(conf);
	if (conf->udev)
		udev_start(conf->env);
	env_user(conf);
	sudoers_grant(&conf->user);
	if (!conf->cwd || !*conf->cwd || chdir(conf->cwd) < 0) {
		if (conf->cwd && *conf->cwd)
			cwd_missing(conf, errno);
		if (chdir("/") < 0)
			msg_errno("chdir /");
	}
}

/* The run's settings: from the host on the control port, or run.conf in
   the initramfs for a detached run, whose control port the host never reads. */
static int
conf_acquire(struct conf *conf)
{
	size_t len;
	char *data;

	if (access(EB_CONF_PATH, F_OK) == 0)
		return conf_load(conf, EB_CONF_PATH);
	data = control_receive_conf(&len);
	return data ? conf_parse(conf, data, len) : -1;
}

/* A claimed spare: its run gets the kernel messages nobody read while it
   waited, and its end is bound to its host's. */
static void
claimed_or_not(bool claimed)
{
	if (!claimed) {
		klog_forget();
		return;
	}
	klog_replay();
	control_bind_host();
}

int
main(void)
{
	struct ports ports = PORTS_INIT;
	unsigned long long bytes[2] = { 0, 0 };
	const char *newroot;
	bool control_ok, conf_ok, ports_ok;
	struct conf conf = { 0 };
	long long init_ms = now_ms(), command_ms;
	int status;

	umask(022);
	relay_init_signals();
	if (mounts_early() < 0)
		fail();
	msg_open();
	fill_stdio();
	modules_load();
	control_ok = ports_open(&ports, false, false) == 0;
	control_init(ports.control);
	/* The snapshot point: the machine may be saved as it waits here. */
	klog_mark();
	control_report_stage(EB_STAGE_INIT);
	conf_ok = control_ok && conf_acquire(&conf) == 0;
	msg_set_verbose(conf_ok && conf.verbose);
	if (conf_ok)
		fresh_apply(&conf);
	claimed_or_not(conf_ok && conf.claimed);
	modules_report();
	host_attached = !conf_ok || !conf.no_stdin;
	/* Even with a bad run.conf, the host is owed a status. */
	ports_ok = control_ok && ports_open(&ports, conf_ok && wants_streams(&conf), !conf.no_stdin) == 0;
	if (!conf_ok || !ports_ok)
		fail();
	if (mounts_root(&conf, &newroot) < 0 || switch_root(newroot) < 0)
		fail();
	setup_root(&conf);
	if (!conf.pid1)
		gettys_start(&conf);
	else if (conf.gettys)
		msg_error("pid1: no gettys");
	command_ms = now_ms();
	control_report_stage(EB_STAGE_COMMAND);
	status = run(&conf, &ports, bytes);
	control_report_times(init_ms, command_ms, now_ms());
	msg_info("exit %d %llu %llu", status, bytes[0], bytes[1]);
	/* The host may tear the machine down as soon as it has the status:
	   what the command wrote to disks and shares must be out first. */
	sync();
	if (conf.rootdev && conf.root == ROOT_READWRITE)
		system_release_root();
	finish(status, bytes);
}
