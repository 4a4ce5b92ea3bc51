#include "config.h"

#include <errno.h>
#include <limits.h>
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

/* Parse a decimal number below UINT_MAX (so never (uid_t)-1). */
static int
parse_uint(const char *value, unsigned *n)
{
	unsigned long v;
	char *end;

	if (*value < '0' || *value > '9')
		return -1;
	errno = 0;
	v = strtoul(value, &end, 10);
	if (errno || *end || v >= UINT_MAX)
		return -1;
	*n = (unsigned)v;
	return 0;
}

/* Parse the comma-separated supplementary gids. */
static int
conf_groups(struct user *u, const char *list)
{
	char buf[16];
	const char *p;
	size_t len, n = 1;
	unsigned id;

	for (p = list; *p; p++)
		n += *p == ',';
	/* A repeated key replaces the list. */
	free(u->groups);
	u->groups = calloc(n, sizeof(*u->groups));
	if (!u->groups)
		return -1;
	u->ngroups = 0;
	for (p = list; *p; p += len + (p[len] == ',')) {
		len = strcspn(p, ",");
		if (len == 0 || len >= sizeof(buf))
			return -1;
		memcpy(buf, p, len);
		buf[len] = '\0';
		if (parse_uint(buf, &id) < 0)
			return -1;
		u->groups[u->ngroups++] = id;
	}
	return 0;
}

/* Parse "TAG ro|rw GUESTDIR" into a new entry of conf->shares. */
static int
conf_share(struct conf *conf, char *value)
{
	char *mode = strchr(value, ' ');
	struct conf_share *grown;

	if (!mode || mode == value ||
	    (strncmp(mode + 1, "ro ", 3) != 0 && strncmp(mode + 1, "rw ", 3) != 0) ||
	    mode[4] != '/')
		return -1;
	grown = realloc(conf->shares, (conf->nshares + 1) * sizeof(*grown));
	if (!grown)
		return -1;
	conf->shares = grown;
	*mode = '\0';
	grown[conf->nshares++] = (struct conf_share){
		.tag = value, .writable = mode[2] == 'w', .dir = mode + 4
	};
	return 0;
}

/* Store the value of a key that is not a plain string or flag;
   1 if the key is not one. */
static int
conf_special(struct conf *conf, const char *key, char *value)
{
	unsigned n;
	int ret;

	if (strcmp(key, EB_KEY_ROOT_MODE) == 0)
		return conf_root(conf, value);
	if (strcmp(key, EB_KEY_GROUPS) == 0)
		ret = conf_groups(&conf->user, value);
	else if (strcmp(key, EB_KEY_SHARE) == 0)
		ret = conf_share(conf, value);
	else if (strcmp(key, EB_KEY_UID) == 0 || strcmp(key, EB_KEY_GID) == 0 ||
		 strcmp(key, EB_KEY_GETTYS) == 0)
		ret = parse_uint(value, &n);
	else
		return 1;
	if (ret < 0) {
		msg_error("run.conf: bad %s \"%.60s\"", key, value);
		return -1;
	}
	if (strcmp(key, EB_KEY_UID) == 0) {
		conf->user.uid = n;
		conf->user.set = true;
	} else if (strcmp(key, EB_KEY_GID) == 0) {
		conf->user.gid = n;
	} else if (strcmp(key, EB_KEY_GETTYS) == 0) {
		conf->gettys = n;
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
		{ EB_KEY_CLOCK, &conf->clock },
		{ EB_KEY_SEED, &conf->seed },
		{ EB_KEY_SHELL, &conf->shell },
		{ EB_KEY_RELEASE, &conf->release },
		{ EB_KEY_ROOT_DEVICE, &conf->rootdev },
		{ EB_KEY_ROOT_FS, &conf->rootfs },
		{ EB_KEY_CONSOLE_END, &conf->console_end },
		{ EB_KEY_USER, &conf->user.name },
		{ EB_KEY_HOME, &conf->user.home },
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
		{ EB_KEY_NET, &conf->net },
		{ EB_KEY_NO_STDIN, &conf->no_stdin },
		{ EB_KEY_CLAIMED, &conf->claimed },
		{ EB_KEY_MODULES_DISK, &conf->modules_disk },
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
	int vec = 1, ret;

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
	ret = conf_special(conf, record, value);
	if (ret <= 0)
		return ret;
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
	/* (gid_t)-1 until run.conf gives one. */
	conf->user.gid = (gid_t)-1;
	for (record = data; record < end; record = next) {
		next = record + strlen(record) + 1;
		if (*record && conf_record(conf, record) < 0)
			return -1;
	}
	if (conf->user.set && conf->user.gid == (gid_t)-1) {
		msg_error("run.conf: %s without %s", EB_KEY_UID, EB_KEY_GID);
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

int
conf_env_set(struct conf *conf, const char *assignment)
{
	size_t i, len = strcspn(assignment, "=") + 1;

	if (!assignment[len - 1])
		return -1;
	for (i = 0; i < conf->envc; i++)
		if (strncmp(conf->env[i], assignment, len) == 0) {
			conf->env[i] = (char *)assignment;
			return 0;
		}
	return vec_push(&conf->env, &conf->envc, (char *)assignment);
}
