#include "config.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "contract.h"
#include "error.h"
#include "log.h"
#include "runconf.h"
#include "users.h"
#include "util.h"
#include "xalloc.h"

extern char **environ;

void
runconf_add(struct runconf *conf, const char *key, const char *value)
{
	size_t key_len = strlen(key), value_len = strlen(value);
	char *data = xrealloc(conf->data, conf->size + key_len + value_len + 2);

	memcpy(data + conf->size, key, key_len);
	data[conf->size + key_len] = '=';
	memcpy(data + conf->size + key_len + 1, value, value_len + 1);
	conf->data = data;
	conf->size += key_len + value_len + 2;
}

/* True for the variables a guest command should inherit. */
static int
env_is_passed(const char *entry)
{
	static const char *const names[] = { "TERM=", "LANG=", "LANGUAGE=", "LC_", "HOME=", "USER=",
					     "LOGNAME=", "SHELL=", "PATH=", "TZ=", "COLORTERM=", "NO_COLOR=" };

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strncmp(entry, names[i], strlen(names[i])) == 0)
			return 1;
	return 0;
}

/* Whether ENTRY's name is one that ITEMS (NAME=VALUE) set. */
static bool
env_is_set(char *const *items, const char *entry)
{
	size_t len = strcspn(entry, "=");

	for (size_t i = 0; items && items[i]; i++)
		if (strncmp(items[i], entry, len) == 0 && items[i][len] == '=')
			return true;
	return false;
}

/* The host's environment, filtered, then the user's --env items over it. */
static void
add_environment(struct runconf *conf, char *const *extra)
{
	for (char **env = environ; *env; env++)
		if (env_is_passed(*env) && !env_is_set(extra, *env))
			runconf_add(conf, EB_KEY_ENV, *env);
	for (size_t i = 0; extra && extra[i]; i++)
		runconf_add(conf, EB_KEY_ENV, extra[i]);
}

/* The login shell: the user's SHELL, else (as bash and login do) the one
   in their passwd entry, else /bin/sh. */
static void
add_login_shell(struct runconf *conf)
{
	const char *shell = getenv("SHELL");
	struct host_user user;

	if (shell && *shell == '/') {
		runconf_add(conf, EB_KEY_SHELL, shell);
		return;
	}
	if (host_user_lookup(getuid(), &user) == 0 && *user.shell == '/')
		runconf_add(conf, EB_KEY_SHELL, user.shell);
	else
		runconf_add(conf, EB_KEY_SHELL, "/bin/sh");
	host_user_clear(&user);
}

/* The invoking user (the one behind sudo, when there is one) for -u. */
static int
add_user(struct runconf *conf)
{
	const char *sudo_uid = getenv("SUDO_UID");
	uid_t uid = getuid() == 0 && sudo_uid ? (uid_t)strtoul(sudo_uid, NULL, 10) : getuid();
	struct host_user user;
	gid_t groups[256];
	int ngroups = ARRAY_SIZE(groups);
	char number[32], list[256 * 12] = "";
	size_t len = 0;

	if (host_user_lookup(uid, &user) < 0)
		return err_set("-u: %s", err_get());
	if (getgrouplist(user.name, user.gid, groups, &ngroups) < 0)
		ngroups = 0;
	for (int i = 0; i < ngroups; i++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%u", i ? "," : "", (unsigned)groups[i]);
	snprintf(number, sizeof number, "%u", (unsigned)user.uid);
	runconf_add(conf, EB_KEY_USER, user.name);
	runconf_add(conf, EB_KEY_UID, number);
	snprintf(number, sizeof number, "%u", (unsigned)user.gid);
	runconf_add(conf, EB_KEY_GID, number);
	runconf_add(conf, EB_KEY_GROUPS, list);
	runconf_add(conf, EB_KEY_HOME, user.home);
	host_user_clear(&user);
	return 0;
}

/* The shares to mount, in the domain's order and tags. */
static void
add_shares(struct runconf *conf, const struct plan *plan)
{
	for (size_t i = 0; i < plan->share_count; i++) {
		cleanup_free char *record = xasprintf("%s%zu %s %s", EB_TAG_SHARE_PREFIX, i,
						      plan->shares[i].readonly ? "ro" : "rw", plan->shares[i].guest);

		runconf_add(conf, EB_KEY_SHARE, record);
	}
}

void
runconf_cwd_missing(int errnum, const char *where)
{
	char cwd[PATH_MAX];

	log_warn_always("the guest has no directory %s (%s): the command runs in %s instead",
			getcwd(cwd, sizeof cwd) ? cwd : "(the current one)", strerror(errnum),
			strcmp(where, "home") == 0 ? "the user's home directory" : "/");
}

/* The current directory, for the guest to start in; a warning (even with
   -s) when there is none, as when it was deleted: the guest starts in /. */
static void
add_cwd(struct runconf *conf)
{
	char cwd[PATH_MAX];
	ssize_t n;

	if (getcwd(cwd, sizeof cwd))
		runconf_add(conf, EB_KEY_CWD, cwd);
	else if (errno == ENOENT && (n = readlink("/proc/self/cwd", cwd, sizeof cwd - 1)) > 0) {
		cwd[n] = '\0';
		if (n > 10 && strcmp(cwd + n - 10, " (deleted)") == 0)
			cwd[n - 10] = '\0';
		log_warn_always("the current directory %s was deleted: the command runs in / instead", cwd);
	} else {
		log_warn_always("cannot tell the current directory (%s): the command runs in / instead", strerror(errno));
	}
}

int
runconf_build(const struct inspection *inspection, const struct plan *plan, int tty, struct runconf *conf)
{
	const struct guest_plan *guest = &plan->guest;
	const struct {
		const char *key;
		int on;
	} flags[] = {
		{ EB_KEY_TTY, tty },
		{ EB_KEY_MODULES, plan->domain.modules_dir != NULL },
		{ EB_KEY_VERBOSE, guest->verbose },
		{ EB_KEY_UDEV, guest->udev },
		{ EB_KEY_PID1, guest->pid1 },
		{ EB_KEY_AFTER_SHELL, guest->after_shell },
		{ EB_KEY_NET, guest->net },
		{ EB_KEY_NO_STDIN, guest->detached },
	};
	char gettys[16];

	memset(conf, 0, sizeof *conf);
	runconf_add(conf, EB_KEY_ROOT_MODE, guest->root_mode);
	runconf_add(conf, EB_KEY_HOSTNAME, plan->name);
	runconf_add(conf, EB_KEY_RELEASE, inspection->image.version);
	add_login_shell(conf);
	add_environment(conf, guest->env);
	add_cwd(conf);
	if (guest->virtiofs)
		runconf_add(conf, EB_KEY_ROOT_FS, "virtiofs");
	if (guest->image_root)
		runconf_add(conf, EB_KEY_ROOT_DEVICE, "/dev/vda");
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
		if (flags[i].on)
			runconf_add(conf, flags[i].key, "1");
	snprintf(gettys, sizeof gettys, "%u", guest->extra_gettys);
	if (guest->extra_gettys)
		runconf_add(conf, EB_KEY_GETTYS, gettys);
	if (guest->as_user && add_user(conf) < 0)
		return -1;
	add_shares(conf, plan);
	for (size_t i = 0; guest->command && guest->command[i]; i++)
		runconf_add(conf, EB_KEY_ARG, guest->command[i]);
	return 0;
}

void
runconf_clear(struct runconf *conf)
{
	free(conf->data);
	memset(conf, 0, sizeof *conf);
}
