/* The per-run settings of run.conf (see contract.h). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "user.h"

enum root_mode {
	ROOT_OVERLAY,
	ROOT_READONLY,
	ROOT_READWRITE,
};

/* A 9P share to mount in the new root. */
struct conf_share {
	char *tag;
	bool writable;
	char *dir;		/* absolute, in the new root */
};

struct conf {
	enum root_mode root;
	char *hostname;		/* NULL: keep the kernel's */
	char *cwd;
	char *shell;		/* NULL: /bin/sh */
	char *release;		/* NULL: uname's */
	char *rootdev;		/* NULL: the root share */
	char *rootfs;		/* the root share's type: "virtiofs"; NULL: 9P */
	char *console_end;	/* NULL: no end mark on the console */
	char *clock;		/* the host's time as it sent the settings; NULL: none */
	char *seed;		/* hex randomness from the host; NULL: none */
	char **argv;		/* NULL-terminated; argc 0: interactive shell */
	size_t argc;
	char **env;		/* NULL-terminated NAME=VALUE */
	size_t envc;
	bool tty;
	bool modules;
	bool verbose;
	bool udev;
	bool pid1;
	bool after_shell;
	bool net;
	bool no_stdin;		/* no stdin port: the command's stdin is empty */
	bool claimed;		/* a warm spare claimed by this run (EB_KEY_CLAIMED) */
	bool modules_disk;	/* the modules are on the disk EB_MODULES_SERIAL */
	struct user user;	/* for the command and the shells */
	unsigned gettys;	/* login shells on hvc1..hvcN */
	struct conf_share *shares;
	size_t nshares;
	char *data;		/* the file; the strings above point into it */
};

/* Read and parse run.conf at path; -1 with a message on failure. */
int conf_load(struct conf *conf, const char *path);

/* Parse len bytes of NUL-terminated records; data must hold a NUL at data[len]. */
int conf_parse(struct conf *conf, char *data, size_t len);

/* Add NAME=VALUE to the environment unless NAME is already set. */
int conf_env_default(struct conf *conf, const char *assignment);

/* Set NAME=VALUE in the environment, replacing what NAME had. */
int conf_env_set(struct conf *conf, const char *assignment);

/* The value of NAME in the environment, or NULL. */
const char *conf_getenv(const struct conf *conf, const char *name);
