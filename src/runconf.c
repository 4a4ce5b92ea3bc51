#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "contract.h"
#include "error.h"
#include "runconf.h"
#include "util.h"

extern char **environ;

int
runconf_add(struct runconf *conf, const char *key, const char *value)
{
	size_t key_len = strlen(key), value_len = strlen(value);
	char *grown = realloc(conf->data, conf->size + key_len + value_len + 2);

	if (!grown)
		return err_set("out of memory");
	memcpy(grown + conf->size, key, key_len);
	grown[conf->size + key_len] = '=';
	memcpy(grown + conf->size + key_len + 1, value, value_len + 1);
	conf->data = grown;
	conf->size += key_len + value_len + 2;
	return 0;
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

/* The host's environment, filtered. */
static int
add_environment(struct runconf *conf)
{
	for (char **env = environ; *env; env++)
		if (env_is_passed(*env) && runconf_add(conf, EB_KEY_ENV, *env) < 0)
			return -1;
	return 0;
}

/* The root mode record. */
static const char *
root_mode(const struct settings *settings, const struct inspection *inspection)
{
	if (settings->readwrite)
		return EB_ROOT_READWRITE;
	if (settings->readonly || (inspection->config && !inspection->needs.have_overlay))
		return EB_ROOT_READONLY;
	return EB_ROOT_OVERLAY;
}

/* The login shell: the user's SHELL if the guest root has it, else /bin/sh. */
static const char *
login_shell(void)
{
	const char *shell = getenv("SHELL");

	return shell && *shell == '/' ? shell : "/bin/sh";
}

int
runconf_build(const struct settings *settings, const struct inspection *inspection,
	      const struct plan *plan, int tty, struct runconf *conf)
{
	char cwd[PATH_MAX];
	const struct {
		const char *key;
		int on;
	} flags[] = {
		{ EB_KEY_TTY, tty },
		{ EB_KEY_MODULES, plan->domain.modules_dir != NULL },
		{ EB_KEY_VERBOSE, settings->verbose },
		{ EB_KEY_UDEV, settings->udev },
		{ EB_KEY_PID1, settings->pid1 },
		{ EB_KEY_AFTER_SHELL, settings->shell && settings->command },
	};

	memset(conf, 0, sizeof *conf);
	if (runconf_add(conf, EB_KEY_ROOT_MODE, root_mode(settings, inspection)) < 0 ||
	    runconf_add(conf, EB_KEY_HOSTNAME, plan->name) < 0 ||
	    runconf_add(conf, EB_KEY_RELEASE, inspection->image.version) < 0 ||
	    runconf_add(conf, EB_KEY_SHELL, login_shell()) < 0 ||
	    add_environment(conf) < 0)
		return -1;
	if (getcwd(cwd, sizeof cwd) && runconf_add(conf, EB_KEY_CWD, cwd) < 0)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
		if (flags[i].on && runconf_add(conf, flags[i].key, "1") < 0)
			return -1;
	for (size_t i = 0; settings->command && settings->command[i]; i++)
		if (runconf_add(conf, EB_KEY_ARG, settings->command[i]) < 0)
			return -1;
	return 0;
}

void
runconf_clear(struct runconf *conf)
{
	free(conf->data);
	memset(conf, 0, sizeof *conf);
}
