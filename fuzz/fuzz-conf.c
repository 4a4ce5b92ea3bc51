/* libFuzzer harness: the guest init's run.conf parser and the environment
   helpers init applies afterwards.  The init's messages go nowhere: they
   are formatted (so that bad arguments show) and dropped. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
format(const char *fmt, va_list ap)
{
	char line[512];

	vsnprintf(line, sizeof line, fmt, ap);
}

void
msg_open(void)
{
}

void
msg_set_verbose(bool verbose)
{
}

void
msg_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	format(fmt, ap);
	va_end(ap);
}

void
msg_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	format(fmt, ap);
	va_end(ap);
}

void
msg_errno(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	format(fmt, ap);
	va_end(ap);
}

/* Free what conf_parse and the helpers allocated (init never does). */
static void
conf_free(struct conf *conf)
{
	free(conf->argv);
	free(conf->env);
	free(conf->shares);
	free(conf->user.groups);
}

/* The vectors are NULL-terminated at their counts. */
static void
check_vectors(const struct conf *conf)
{
	if (conf->argv[conf->argc] || conf->env[conf->envc])
		abort();
	for (size_t i = 0; i < conf->nshares; i++)
		if (!*conf->shares[i].tag || conf->shares[i].dir[0] != '/')
			abort();
}

/* What init does with the environment once run.conf is read. */
static void
apply_env(struct conf *conf)
{
	const char *term;

	if (conf_env_default(conf, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin") < 0 ||
	    conf_env_default(conf, "HOME=/root") < 0 || conf_env_set(conf, "TERM=linux") < 0)
		abort();
	term = conf_getenv(conf, "TERM");
	if (!term || strcmp(term, "linux") != 0)
		abort();
	(void)conf_getenv(conf, "");
	check_vectors(conf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1);
	struct conf conf;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	if (conf_parse(&conf, copy, size) == 0) {
		check_vectors(&conf);
		apply_env(&conf);
	}
	conf_free(&conf);
	free(copy);
	return 0;
}
