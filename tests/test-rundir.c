#include "config.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "rundir.h"
#include "tap.h"
#include "testfs.h"

/* A PID that no process holds: a child's, once it has been reaped. */
static long
dead_pid(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return (long)pid;
}

/* Write TEXT to the file NAME under the scratch directory. */
static void
put(const char *name, const char *text)
{
	write_file(tmp_path(name), text, strlen(text));
}

/* NAME exists under the scratch directory (a link is not followed). */
static bool
exists(const char *name)
{
	struct stat st;

	return lstat(tmp_path(name), &st) == 0;
}

/* A unix socket bound at NAME under the scratch directory, as QEMU leaves them. */
static void
put_socket(const char *name)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(addr.sun_path, sizeof addr.sun_path, "%s", tmp_path(name));
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
		perror(name);
		exit(99);
	}
	close(fd);
}

/* The run directory NAME as a killed run leaves it: made by a process
   that is gone, with the files a run puts there. */
static void
killed_run(const char *name)
{
	char path[512];
	pid_t pid = fork();

	if (pid == 0)
		_exit(rundir_create(tmp_path(name)) < 0 ? 1 : 0);
	waitpid(pid, NULL, 0);
	snprintf(path, sizeof path, "%s/initrd.img", name);
	put(path, "initrd");
	snprintf(path, sizeof path, "%s/gdb.sock", name);
	put_socket(path);
	snprintf(path, sizeof path, "%s/console3.sock", name);
	put_socket(path);
}

/* What was put at NAME is still there, byte for byte. */
static bool
holds(const char *name, const char *text)
{
	size_t size;
	unsigned char *data = read_file(tmp_path(name), &size);
	bool same = data && size == strlen(text) && memcmp(data, text, size) == 0;

	free(data);
	return same;
}

/* Directories that look like run directories but are not the tool's. */
static void
test_foreign(virConnectPtr conn)
{
	char pid[32];

	snprintf(pid, sizeof pid, "%ld\n", dead_pid());
	mkdir(tmp_path("victim"), 0700);
	put("victim/owner.pid", pid);
	put("victim/data.txt", "important\n");
	mkdir(tmp_path("eudyptula-lookalike"), 0700);
	put("eudyptula-lookalike/owner.pid", pid);
	put("eudyptula-lookalike/data.txt", "mine\n");
	rundir_clean_stale(conn, tmp_path("current"));
	tap_ok(holds("victim/data.txt", "important\n"), "a 0700 directory with a dead owner.pid is not the tool's: kept");
	tap_ok(holds("eudyptula-lookalike/data.txt", "mine\n"), "nor one named like a run directory");
}

/* REST under TREE, relative to the scratch directory (a static buffer of a few). */
static const char *
in_tree(const char *tree, const char *rest)
{
	static char paths[4][256];
	static int next;
	char *path = paths[next++ % 4];

	snprintf(path, sizeof paths[0], "%s/%s", tree, rest);
	return path;
}

/* A killed run's directory goes; whatever else is in one stays. */
static void
test_killed(virConnectPtr conn)
{
	char marker[128], tree[64];
	char *embed;

	killed_run("killed");
	embed = rundir_embed_root(tmp_path("killed"));
	snprintf(tree, sizeof tree, "%s", strrchr(embed, '/') + 1);
	free(embed);
	make_dirs(in_tree(tree, "etc"));
	make_dirs(in_tree(tree, "run/qemu"));
	put(in_tree(tree, "etc/qemu.conf"), "stdio_handler = \"file\"\n");
	put_socket(in_tree(tree, "run/qemu/monitor.sock"));
	/* libvirt gives some of its directories to its QEMU user. */
	make_dirs(in_tree(tree, "lib/qemu/channel"));
	if (geteuid() == 0 && chown(tmp_path(in_tree(tree, "lib/qemu")), 65534, 65534) < 0)
		perror("chown");
	put("target.txt", "not theirs\n");
	symlink(tmp_path("target.txt"), tmp_path(in_tree(tree, "run/link")));
	killed_run("foreign");
	put("foreign/notes.txt", "someone's notes\n");
	killed_run("trap");
	unlink(tmp_path("trap/initrd.img"));
	symlink(tmp_path("target.txt"), tmp_path("trap/initrd.img"));
	killed_run("detached");
	put("detached/control.log", "exit 4 0 0\n");
	killed_run("test"); /* test:///default has a domain of that name */
	/* A run whose PID another process has now: its start time differs. */
	killed_run("reused");
	snprintf(marker, sizeof marker, "eudyptula-boot run reused pid %ld start 1\n", (long)getpid());
	put("reused/eudyptula-boot.owner", marker);
	rundir_clean_stale(conn, tmp_path("current"));
	tap_ok(!exists("killed") && !exists(tree), "a killed run's directory goes, the embedded driver's tree beside it with it");
	tap_ok(holds("target.txt", "not theirs\n"), "a link in it is not followed");
	tap_ok(holds("foreign/notes.txt", "someone's notes\n"), "a file the tool does not make stays, with its directory");
	tap_ok(!exists("foreign/initrd.img") && !exists("foreign/gdb.sock"), "while the run's own files go");
	tap_ok(holds("target.txt", "not theirs\n") && exists("trap/initrd.img"), "a link where a run's file should be stays");
	tap_ok(holds("detached/control.log", "exit 4 0 0\n"), "a detached run's record stays");
	tap_ok(exists("test/initrd.img"), "a run directory naming a domain on the URI stays");
	tap_ok(!exists("reused"), "a run whose PID another process has taken since is gone");
}

/* A live run's directory is left alone; the run's own removal keeps what is not its own. */
static void
test_live(virConnectPtr conn)
{
	tap_ok(rundir_create(tmp_path("live")) == 0, "a run directory is made");
	put("live/initrd.img", "initrd");
	rundir_clean_stale(conn, tmp_path("current"));
	tap_ok(exists("live/initrd.img"), "the directory of a run going on stays");
	put("live/mine.txt", "kept\n");
	rundir_remove(tmp_path("live"));
	tap_ok(holds("live/mine.txt", "kept\n") && !exists("live/initrd.img"),
	       "removing a run directory removes the run's files only");
}

/* Where the run directories go. */
static void
test_parent(void)
{
	char *parent, want[256];

	setenv("XDG_RUNTIME_DIR", tmp_dir, 1);
	parent = rundir_parent();
	snprintf(want, sizeof want, "%s/eudyptula-boot", tmp_dir);
	tap_streq(parent, want, "in XDG_RUNTIME_DIR, a directory of the tool's");
	free(parent);
	unsetenv("XDG_RUNTIME_DIR");
	parent = rundir_parent();
	snprintf(want, sizeof want, "/tmp/eudyptula-boot-%u", (unsigned)geteuid());
	tap_streq(parent, want, "else in /tmp, a directory of the user's");
	free(parent);
	if (geteuid() == 0) {
		make_dirs("others");
		if (chown(tmp_path("others"), 65534, 65534) < 0)
			perror("chown");
		setenv("XDG_RUNTIME_DIR", tmp_path("others"), 1);
		parent = rundir_parent();
		tap_streq(parent, "/tmp/eudyptula-boot-0", "not in another user's XDG_RUNTIME_DIR (kept by sudo)");
		free(parent);
		unsetenv("XDG_RUNTIME_DIR");
	} else {
		tap_ok(1, "# SKIP another user's XDG_RUNTIME_DIR needs root");
	}
	mkdir(tmp_path("open"), 0755);
	chmod(tmp_path("open"), 0755);
	tap_ok(rundir_create(tmp_path("open/run")) < 0 && error_says("not a private directory of yours", tmp_path("open")),
	       "a parent others may enter is refused");
	symlink(tmp_path("ns"), tmp_path("link"));
	tap_ok(rundir_create(tmp_path("link/run")) < 0 && error_says("not a private directory of yours", NULL),
	       "so is a parent that is a link");
	tap_ok(rundir_create(tmp_path("ns/run")) == 0, "a missing parent is made");
	tap_ok(exists("ns/run/eudyptula-boot.owner"), "and the run directory in it, with its marker");
}

/* A run directory that exists already: what holds it is named. */
static void
test_clash(virConnectPtr conn)
{
	tap_ok(rundir_create(tmp_path("ns/run")) < 0 && error_says("a run named run is going", tmp_path("ns/run")),
	       "a live run's name is refused, naming the live run");
	mkdir(tmp_path("ns/probes"), 0700);
	tap_ok(rundir_create(tmp_path("ns/probes")) < 0 && error_says("is not a run directory this tool made", "--name"),
	       "a directory the tool did not make is named as such");
	killed_run("ns/killed");
	tap_ok(rundir_create(tmp_path("ns/killed")) == 0, "a killed run's directory is made anew");
	tap_ok(!exists("ns/killed/initrd.img"), "without the killed run's files");
	killed_run("ns/det");
	put("ns/det/control.log", "exit 0 0 0\n");
	tap_ok(rundir_create(tmp_path("ns/det")) < 0 && error_says("keeps the record of the detached run det", "--status=det"),
	       "a detached run's record is named, with --status");
	killed_run("ns/full");
	put("ns/full/notes.txt", "notes\n");
	tap_ok(rundir_create(tmp_path("ns/full")) < 0 && error_says("holds files this tool did not make", NULL),
	       "a killed run's directory holding other files is named as such");
	tap_ok(holds("ns/full/notes.txt", "notes\n"), "and its files stay");
	tap_ok(rundir_claim(conn, "test:///default", tmp_path("ns/test"), false) < 0 &&
	       error_says("a domain named test already exists on test:///default", "--name"),
	       "a domain of the run's name on the URI is named");
	tap_ok(rundir_claim(conn, "test:///default", tmp_path("ns/run"), false) == 0, "a name no domain has is free");
}

/* libvirt's errors (the test driver's "Domain not found") are expected here. */
static void
quiet(void *data, virErrorPtr error)
{
}

int
main(void)
{
	virConnectPtr conn;

	virSetErrorFunc(NULL, quiet);
	conn = virConnectOpen("test:///default");

	if (!conn) {
		printf("1..0 # SKIP libvirt's test driver is not available\n");
		return 0;
	}
	tmp_dir_create("eb-test-rundir");
	test_foreign(conn);
	test_killed(conn);
	test_live(conn);
	test_parent();
	test_clash(conn);
	virConnectClose(conn);
	tmp_dir_remove();
	return tap_done();
}
