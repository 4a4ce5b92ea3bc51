#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "contract.h"
#include "conf.h"
#include "msg.h"
#include "fileio.h"

/* Append s to a NULL-terminated vector of n strings. */
static int
vec_push(char ***vec, size_t *n, char *s)
{
	char **grown;

	grown = realloc(*vec, (*n + 2) * sizeof(**vec));
	if (!grown)
		return -1;
	grown[(*n)++] = s;
	grown[*n] = NULL;
	*vec = grown;
	return 0;
}

/* Parse a root mode name. */
static int
conf_root(struct conf *conf, const char *value)
{
	if (strcmp(value, EB_ROOT_OVERLAY) == 0)
		conf->root = ROOT_OVERLAY;
	else if (strcmp(value, EB_ROOT_READONLY) == 0)
		conf->root = ROOT_READONLY;
	else if (strcmp(value, EB_ROOT_READWRITE) == 0)
		conf->root = ROOT_READWRITE;
	else {
		msg_error("run.conf: unknown root mode \"%s\"", value);
		return -1;
	}
	return 0;
}

/* Store the value of a string or boolean key; 1 if the key is not one. */
static int
conf_scalar(struct conf *conf, const char *key, char *value)
{
	const struct {
		const char *key;
		char **slot;
	} strings[] = {
		{ EB_KEY_HOSTNAME, &conf->hostname },
		{ EB_KEY_CWD, &conf->cwd },
		{ EB_KEY_SHELL, &conf->shell },
		{ EB_KEY_RELEASE, &conf->release },
	};
	const struct {
		const char *key;
		bool *slot;
	} flags[] = {
		{ EB_KEY_TTY, &conf->tty },
		{ EB_KEY_MODULES, &conf->modules },
		{ EB_KEY_VERBOSE, &conf->verbose },
		{ EB_KEY_UDEV, &conf->udev },
		{ EB_KEY_PID1, &conf->pid1 },
		{ EB_KEY_AFTER_SHELL, &conf->after_shell },
	};
	size_t i;

	for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
		if (strcmp(key, strings[i].key) == 0) {
			*strings[i].slot = value;
			return 0;
		}
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (strcmp(key, flags[i].key) == 0) {
			*flags[i].slot = strcmp(value, "1") == 0;
			return 0;
		}
	return 1;
}

/* Store one key=value record. */
static int
conf_record(struct conf *conf, char *record)
{
	char *value;
	int vec = 1;

	value = strchr(record, '=');
	if (!value) {
		msg_error("run.conf: record without '=': \"%.40s\"", record);
		return -1;
	}
	*value++ = '\0';
	if (strcmp(record, EB_KEY_ARG) == 0)
		vec = vec_push(&conf->argv, &conf->argc, value);
	else if (strcmp(record, EB_KEY_ENV) == 0)
		vec = vec_push(&conf->env, &conf->envc, value);
	if (vec < 0)
		msg_errno("run.conf");
	if (vec <= 0)
		return vec;
	if (strcmp(record, EB_KEY_ROOT_MODE) == 0)
		return conf_root(conf, value);
	if (conf_scalar(conf, record, value) > 0)
		msg_info("run.conf: ignoring unknown key \"%s\"", record);
	return 0;
}

int
conf_parse(struct conf *conf, char *data, size_t len)
{
	char *record, *next, *end = data + len;

	memset(conf, 0, sizeof(*conf));
	conf->data = data;
	/* Empty vectors, so that argv and env are never NULL. */
	conf->argv = calloc(1, sizeof(*conf->argv));
	conf->env = calloc(1, sizeof(*conf->env));
	if (!conf->argv || !conf->env) {
		msg_errno("run.conf");
		return -1;
	}
	for (record = data; record < end; record = next) {
		next = record + strlen(record) + 1;
		if (*record && conf_record(conf, record) < 0)
			return -1;
	}
	return 0;
}

int
conf_load(struct conf *conf, const char *path)
{
	size_t len;
	char *data;

	data = file_read(path, &len);
	if (!data) {
		msg_errno("read %s", path);
		return -1;
	}
	return conf_parse(conf, data, len);
}

const char *
conf_getenv(const struct conf *conf, const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; i < conf->envc; i++)
		if (strncmp(conf->env[i], name, len) == 0 && conf->env[i][len] == '=')
			return conf->env[i] + len + 1;
	return NULL;
}

int
conf_env_default(struct conf *conf, const char *assignment)
{
	const char *eq = strchr(assignment, '=');
	char name[64];

	if (!eq || (size_t)(eq - assignment) >= sizeof(name))
		return -1;
	memcpy(name, assignment, eq - assignment);
	name[eq - assignment] = '\0';
	if (conf_getenv(conf, name))
		return 0;
	return vec_push(&conf->env, &conf->envc, (char *)assignment);
}
