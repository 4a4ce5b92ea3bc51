/* The host/guest contract, end to end: the settings file the host writes
   (runconf_build) read back by the guest init's own parser (conf_load)
   gives every setting back, awkward strings included. */
#include "config.h"

#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "contract.h"
#include "msg.h"
#include "runconf.h"
#include "tap.h"

/* The init's messages, kept for the test to show. */
static char last_message[512];

static void
keep(const char *fmt, va_list ap)
{
	vsnprintf(last_message, sizeof last_message, fmt, ap);
}

void msg_open(void) {}
void msg_set_verbose(bool verbose) { (void)verbose; }
void msg_info(const char *fmt, ...) { va_list ap; va_start(ap, fmt); keep(fmt, ap); va_end(ap); }
void msg_error(const char *fmt, ...) { va_list ap; va_start(ap, fmt); keep(fmt, ap); va_end(ap); }
void msg_errno(const char *fmt, ...) { va_list ap; va_start(ap, fmt); keep(fmt, ap); va_end(ap); }

/* Write CONF's records to a file and read them back with the init's parser. */
static int
round_trip(const struct runconf *records, struct conf *conf)
{
	char path[] = "/tmp/eb-contract.XXXXXX";
	int fd = mkstemp(path), rc;

	if (fd < 0 || write(fd, records->data, records->size) != (ssize_t)records->size)
		return -1;
	close(fd);
	memset(conf, 0, sizeof *conf);
	rc = conf_load(conf, path);
	unlink(path);
	if (rc < 0)
		printf("# conf_load: %s\n", last_message);
	return rc;
}

static void
conf_free(struct conf *conf)
{
	free(conf->data);
	free(conf->argv);
	free(conf->env);
	free(conf->shares);
	free(conf->user.groups);
}

/* Whether ENV holds exactly ASSIGNMENT. */
static bool
env_has(const struct conf *conf, const char *assignment)
{
	for (size_t i = 0; i < conf->envc; i++)
		if (strcmp(conf->env[i], assignment) == 0)
			return true;
	return false;
}

/* Every flag on, every string awkward. */
static void
test_everything(void)
{
	char *argv[] = { "printf", "%s|", "a b", "", "$HOME `x` 'q' \"dq\"", "new\nline", "tab\there", "é ünï", "-", NULL };
	struct share shares[] = { { .host = "/srv/a", .guest = "/mnt/with space", .readonly = true },
				  { .host = "/srv/b", .guest = "/b", .readonly = false } };
	struct inspection inspection = { .image = { .version = "6.1.0-test+" } };
	struct plan plan = {
		.name = "eb-contract-1",
		.shares = shares,
		.share_count = 2,
		.domain = { .modules_dir = "/lib/modules/6.1.0-test+" },
		.guest = { .command = argv, .root_mode = EB_ROOT_READONLY, .verbose = true, .udev = true, .pid1 = true,
			   .after_shell = true, .net = true, .detached = true, .virtiofs = true, .image_root = true,
			   .as_user = true, .extra_gettys = 3 },
	};
	struct passwd *pw = getpwuid(getuid());
	struct runconf records;
	struct conf conf;
	char cwd[4096];
	size_t argc = 0;

	setenv("TERM", "xterm \"256\" ;$x", 1);
	tap_ok(runconf_build(&inspection, &plan, 1, &records) == 0, "the host writes every setting");
	tap_ok(round_trip(&records, &conf) == 0, "the init parses them");
	while (argv[argc])
		argc++;
	tap_ok(conf.argc == argc, "the argument count comes back (%zu)", conf.argc);
	for (size_t i = 0; i < argc && i < conf.argc; i++)
		tap_streq(conf.argv[i], argv[i], "argument %zu comes back byte for byte", i);
	tap_ok(conf.argv && !conf.argv[conf.argc], "the argument vector ends in NULL");
	tap_ok(conf.root == ROOT_READONLY, "the root mode");
	tap_streq(conf.hostname, "eb-contract-1", "the host name");
	tap_streq(conf.release, "6.1.0-test+", "the kernel release");
	tap_streq(conf.rootfs, "virtiofs", "the root share's type");
	tap_streq(conf.rootdev, "/dev/vda", "the root device of --image");
	tap_ok(conf.tty && conf.modules && conf.verbose && conf.udev && conf.pid1 && conf.after_shell && conf.net &&
		       conf.no_stdin, "every flag");
	tap_ok(conf.gettys == 3, "the extra consoles (%u)", conf.gettys);
	tap_ok(conf.nshares == 2, "both shares (%zu)", conf.nshares);
	if (conf.nshares == 2) {
		tap_streq(conf.shares[0].tag, EB_TAG_SHARE_PREFIX "0", "the first share's tag");
		tap_ok(!conf.shares[0].writable && conf.shares[1].writable, "the shares' modes");
		tap_streq(conf.shares[0].dir, "/mnt/with space", "a guest directory with a space");
	}
	tap_ok(conf.user.set && pw && conf.user.uid == pw->pw_uid && conf.user.gid == pw->pw_gid, "-u: the user's ids");
	tap_streq(conf.user.name, pw ? pw->pw_name : NULL, "-u: the user's name");
	tap_streq(conf.cwd, getcwd(cwd, sizeof cwd), "the working directory");
	tap_ok(env_has(&conf, "TERM=xterm \"256\" ;$x"), "TERM with quotes and a $ comes back");
	conf_free(&conf);
	runconf_clear(&records);
}

/* Nothing asked: the defaults come back as defaults. */
static void
test_defaults(void)
{
	struct inspection inspection = { .image = { .version = "6.1.0" } };
	struct plan plan = { .name = "eb-contract-2", .guest = { .root_mode = EB_ROOT_OVERLAY } };
	struct runconf records;
	struct conf conf;

	tap_ok(runconf_build(&inspection, &plan, 0, &records) == 0 && round_trip(&records, &conf) == 0,
	       "a run with nothing asked goes through");
	tap_ok(conf.argc == 0, "no command: a shell");
	tap_ok(conf.root == ROOT_OVERLAY, "the overlay root");
	tap_ok(!conf.tty && !conf.modules && !conf.verbose && !conf.udev && !conf.pid1 && !conf.after_shell && !conf.net &&
		       !conf.no_stdin && !conf.user.set && conf.gettys == 0 && conf.nshares == 0 && !conf.rootdev && !conf.rootfs,
	       "no flag, no user, no share, the 9P root");
	conf_free(&conf);
	runconf_clear(&records);
}

int
main(void)
{
	test_everything();
	test_defaults();
	return tap_done();
}
