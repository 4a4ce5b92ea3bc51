#include "config.h"

#include <string.h>

#include <libxml/uri.h>

#include "envvar.h"
#include "error.h"
#include "kbuild.h"
#include "mxgroups.h"
#include "size.h"
#include "strv.h"
#include "util.h"
#include "verdictopts.h"
#include "xalloc.h"

/* The most a guest is given here; the run itself checks the host's memory. */
#define MX_MEM_MAX_MIB (1024 * 1024)
#define MX_CPUS_MAX 256
#define MX_TIMEOUT_MAX (7 * 24 * 3600)
#define MX_JOBS_MAX 256

static const char *const kernel_keys[] = { "image", "tree", "output", "cmdline", "mem", "cpus", NULL };
static const char *const command_keys[] = { "argv", "timeout", "env", "cwd", "fail-on", "allow-splat", NULL };
static const char *const host_keys[] = { "uri", "jobs", NULL };

/* The build's O=: relative to the file's directory, made by the build. */
static int
kernel_output(const struct mx_loader *loader, const char *group, struct mx_kernel *kernel)
{
	cleanup_free char *text = NULL;

	if (mxload_string(loader, group, "output", &text) < 0)
		return -1;
	if (text && !kernel->tree)
		return mxload_error(loader, group, "output", "output= is where tree= is built: give tree= too");
	if (text && !*text)
		return mxload_error(loader, group, "output", "output= is empty");
	if (text)
		kernel->output = text[0] == '/' ? xstrdup(text) : xasprintf("%s/%s", loader->dir, text);
	return 0;
}

int
mxgroups_kernel(const struct mx_loader *loader, const char *group, struct mx_kernel *kernel)
{
	cleanup_free char *mem = NULL;

	if (mxload_known_keys(loader, group, kernel_keys) < 0 || mxload_path(loader, group, "image", false, &kernel->image) < 0 ||
	    mxload_path(loader, group, "tree", true, &kernel->tree) < 0)
		return -1;
	if (!kernel->image == !kernel->tree)
		return mxload_error(loader, group, kernel->image ? "tree" : NULL,
				    "[%s] needs one of image=FILE (a kernel image) and tree=DIR (a kernel tree to build)", group);
	if (kernel->tree && !kbuild_is_tree(kernel->tree))
		return mxload_error(loader, group, "tree", "tree=%s is not a kernel source tree (no Makefile, Kconfig, scripts/kconfig)",
				    kernel->tree);
	if (kernel_output(loader, group, kernel) < 0 || mxload_string(loader, group, "cmdline", &kernel->cmdline) < 0 ||
	    mxload_string(loader, group, "mem", &mem) < 0 ||
	    mxload_uint(loader, group, "cpus", 1, MX_CPUS_MAX, &kernel->cpus) < 0)
		return -1;
	if (mem && size_parse_mib(mem, MX_MEM_MAX_MIB, &kernel->mem_mib) < 0)
		return mxload_error(loader, group, "mem", "mem=%s: %s", mem, err_get());
	return 0;
}

/* env= items are NAME=VALUE with a NAME the shell would take. */
static int
check_env(const struct mx_loader *loader, const char *group, char **env)
{
	for (size_t i = 0; env && env[i]; i++)
		if (!envvar_is_assignment(env[i]))
			return mxload_error(loader, group, "env", "env=: '%s' is not NAME=VALUE", env[i]);
	return 0;
}

/* fail-on= and allow-splat= as the options take them. */
static int
check_verdict_keys(const struct mx_loader *loader, const char *group, struct mx_command *command)
{
	cleanup_strv char **allowed = NULL;
	unsigned mask = 0;

	if (command->fail_on && verdictopts_fail_on("fail-on", command->fail_on, &mask) < 0)
		return mxload_error(loader, group, "fail-on", "%s", err_get());
	for (size_t i = 0; command->allow_splat && command->allow_splat[i]; i++)
		if (verdictopts_allow("allow-splat", command->allow_splat[i], &allowed) < 0)
			return mxload_error(loader, group, "allow-splat", "%s", err_get());
	return 0;
}

int
mxgroups_command(const struct mx_loader *loader, const char *group, struct mx_command *command)
{
	if (mxload_known_keys(loader, group, command_keys) < 0 || mxload_list(loader, group, "argv", &command->argv) < 0 ||
	    mxload_uint(loader, group, "timeout", 1, MX_TIMEOUT_MAX, &command->timeout) < 0 ||
	    mxload_list(loader, group, "env", &command->env) < 0 || mxload_path(loader, group, "cwd", true, &command->cwd) < 0 ||
	    mxload_string(loader, group, "fail-on", &command->fail_on) < 0 ||
	    mxload_list(loader, group, "allow-splat", &command->allow_splat) < 0)
		return -1;
	if (!command->argv)
		return mxload_error(loader, group, NULL, "[%s] needs argv=PROGRAM;ARG;... (no shell unless it names one)", group);
	if (check_env(loader, group, command->env) < 0)
		return -1;
	return check_verdict_keys(loader, group, command);
}

/* A libvirt URI: DRIVER[+TRANSPORT]://[HOST]/PATH, which libxml2 parses as RFC 3986. */
static bool
uri_parses(const char *text)
{
	xmlURIPtr uri = xmlParseURI(text);
	bool good = uri && uri->scheme && *uri->scheme && uri->path && *uri->path;

	if (uri)
		xmlFreeURI(uri);
	return good;
}

int
mxgroups_host(const struct mx_loader *loader, const char *group, struct mx_host *host)
{
	if (mxload_known_keys(loader, group, host_keys) < 0 || mxload_string(loader, group, "uri", &host->uri) < 0 ||
	    mxload_uint(loader, group, "jobs", 1, MX_JOBS_MAX, &host->jobs) < 0)
		return -1;
	if (!host->uri)
		return mxload_error(loader, group, NULL, "[%s] needs uri=, a libvirt URI such as qemu:///system", group);
	if (!uri_parses(host->uri))
		return mxload_error(loader, group, "uri", "uri=%s does not parse as a libvirt URI (DRIVER[+TRANSPORT]://[HOST]/PATH)",
				    host->uri);
	return 0;
}
