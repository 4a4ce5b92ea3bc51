#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libvirt/libvirt.h>

#include "connection.h"
#include "error.h"
#include "mxhosts.h"
#include "uri.h"
#include "xalloc.h"

/* The most vCPUs one of HOST's targets gives its guest. */
static unsigned
guest_cpus(const struct mx_run *run, size_t host)
{
	unsigned most = 1;

	for (size_t i = 0; i < run->targets->count; i++) {
		const struct mx_target *t = &run->targets->items[i];
		unsigned cpus = run->spec->kernels[t->kernel].cpus;

		if (t->host == host && cpus > most)
			most = cpus;
	}
	return most;
}

/* Whether a target of RUN goes to HOST. */
static bool
host_used(const struct mx_run *run, size_t host)
{
	for (size_t i = 0; i < run->targets->count; i++)
		if (run->targets->items[i].host == host)
			return true;
	return false;
}

/* Reach HOST: its CPU count, or why it cannot be reached. */
static void
probe_one(struct mx_run *run, size_t index)
{
	const struct mx_host *host = &run->spec->hosts[index];
	struct mx_host_state *state = &run->hosts[index];
	const char *why;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	virNodeInfo info;
	virConnectPtr conn;
	bool embedded;

	state->uri = uri_choose(host->uri, &why);
	conn = connection_open(state->uri, NULL, &embedded);
	if (conn && virNodeGetInfo(conn, &info) == 0)
		cpus = info.cpus;
	/* The default URI without its daemon: the runs fall back to the embedded driver. */
	if (!conn && host->uri)
		state->unreachable = xstrdup(err_get());
	if (conn)
		virConnectClose(conn);
	state->jobs = host->jobs ? host->jobs : (unsigned)(cpus > 0 ? cpus : 1) / guest_cpus(run, index);
	if (state->jobs < 1)
		state->jobs = 1;
}

void
mxhosts_probe(struct mx_run *run)
{
	run->hosts = xcalloc(run->spec->host_count, sizeof *run->hosts);
	for (size_t i = 0; i < run->spec->host_count; i++)
		if (host_used(run, i))
			probe_one(run, i);
}

void
mxhosts_clear(struct mx_run *run)
{
	for (size_t i = 0; run->hosts && i < run->spec->host_count; i++)
		free(run->hosts[i].unreachable);
	free(run->hosts);
	run->hosts = NULL;
}
