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

/* A killed run's directory goes; whatever else is in one stays. */
static void
test_killed(virConnectPtr conn)
{
	char marker[128];

	killed_run("killed");
	make_dirs("killed/libvirt/etc");
	make_dirs("killed/libvirt/run/qemu");
	put("killed/libvirt/etc/qemu.conf", "stdio_handler = \"file\"\n");
	put_socket("killed/libvirt/run/qemu/monitor.sock");
	/* libvirt gives some of its directories to its QEMU user. */
	make_dirs("killed/libvirt/lib/qemu/channel");
	if (geteuid() == 0 && chown(tmp_path("killed/libvirt/lib/qemu"), 65534, 65534) < 0)
		perror("chown");
	put("target.txt", "not theirs\n");
	symlink(tmp_path("target.txt"), tmp_path("killed/libvirt/run/link"));
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
	tap_ok(!exists("killed"), "a killed run's directory goes, its embedded libvirt tree with it");
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
	virConnectClose(conn);
	tmp_dir_remove();
	return tap_done();
}
