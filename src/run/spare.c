#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "connection.h"
#include "contract.h"
#include "error.h"
#include "fdio.h"
#include "rundir.h"
#include "runfiles.h"
#include "spare.h"
#include "sparelock.h"
#include "sparemeta.h"
#include "util.h"
#include "xalloc.h"

/* DOM's spare element; false when it has none. */
static bool
read_meta(virDomainPtr dom, struct spare_meta *meta)
{
	cleanup_free char *text = virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, EB_SPARE_NS, 0);

	return text && sparemeta_parse(text, meta) == 0;
}

/* DOM is a spare of SNAPSHOT (any, when NULL) of USER's, in one of STATES. */
static bool
is_spare(virDomainPtr dom, const char *snapshot, const char *user, const char *const *states)
{
	struct spare_meta meta;
	bool match = false;

	if (!read_meta(dom, &meta))
		return false;
	if ((!snapshot || !strcmp(meta.snapshot, snapshot)) && !strcmp(meta.user, user ? user : ""))
		for (size_t i = 0; states[i] && !match; i++)
			match = !strcmp(meta.state, states[i]);
	sparemeta_clear(&meta);
	return match;
}

static const char *const waiting[] = { EB_SPARE_PREPARING, EB_SPARE_READY, NULL };
static const char *const ready[] = { EB_SPARE_READY, NULL };

/* The running domains on CONN, or -1 with a message. */
static int
running_domains(virConnectPtr conn, virDomainPtr **doms)
{
	int count = virConnectListAllDomains(conn, doms, VIR_CONNECT_LIST_DOMAINS_ACTIVE);

	return count < 0 ? err_set("cannot list the domains: %s", connection_last_error()) : count;
}

static void
free_domains(virDomainPtr *doms, int count)
{
	for (int i = 0; i < count; i++)
		virDomainFree(doms[i]);
	free(doms);
}

int
spare_count(virConnectPtr conn, const char *snapshot, const char *user, bool ready_only)
{
	virDomainPtr *doms = NULL;
	int count = running_domains(conn, &doms), found = 0;

	for (int i = 0; i < count; i++)
		found += is_spare(doms[i], snapshot, user, ready_only ? ready : waiting);
	free_domains(doms, count);
	return count < 0 ? -1 : found;
}

int
spare_set_state(virDomainPtr dom, const char *snapshot, const char *user, const char *state)
{
	cleanup_free char *element = sparemeta_element(snapshot, state, user);

	if (virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, element, EB_SPARE_PREFIX, EB_SPARE_NS,
				 VIR_DOMAIN_AFFECT_LIVE) < 0)
		return err_set("cannot mark the spare %s: %s", state, connection_last_error());
	return 0;
}

/* The kernel log its preparer kept in its directory. */
static void
read_log(struct spare *spare)
{
	cleanup_free char *path = xasprintf("%s/" RUN_SPARE_LOG, spare->run_dir);
	cleanup_fd int fd = fd_open_regular(path);

	spare->log = fd >= 0 ? fd_read_all(fd, 1 << 24, &spare->log_len) : NULL;
	if (!spare->log) {
		spare->log = xstrdup("");
		spare->log_len = 0;
	}
}

/* Take DOM when nobody else holds its control channel. */
static bool
try_claim(virConnectPtr conn, virDomainPtr dom, const char *snapshot, const char *user, const char *title,
	  struct spare *spare)
{
	virStreamPtr stream = virStreamNew(conn, VIR_STREAM_NONBLOCK);
	cleanup_free char *parent = rundir_parent();

	/* Without VIR_DOMAIN_CHANNEL_FORCE, libvirtd refuses a channel someone holds. */
	if (!stream || virDomainOpenChannel(dom, EB_PORT_CONTROL, stream, 0) < 0) {
		if (stream)
			virStreamFree(stream);
		return false;
	}
	spare_set_state(dom, snapshot, user, EB_SPARE_CLAIMED);
	virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, title, NULL, NULL, VIR_DOMAIN_AFFECT_LIVE);
	virDomainRef(dom);
	spare->dom = dom;
	spare->control = stream;
	spare->name = xstrdup(virDomainGetName(dom));
	spare->run_dir = xasprintf("%s/%s", parent, spare->name);
	read_log(spare);
	return true;
}

int
spare_claim(virConnectPtr conn, const char *snapshot, const char *user, const char *title, struct spare *spare)
{
	virDomainPtr *doms = NULL;
	int count = running_domains(conn, &doms), claimed = 0;

	memset(spare, 0, sizeof *spare);
	for (int i = 0; i < count && !claimed; i++)
		claimed = is_spare(doms[i], snapshot, user, ready) && try_claim(conn, doms[i], snapshot, user, title, spare);
	free_domains(doms, count);
	return count < 0 ? -1 : claimed;
}

void
spare_release(struct spare *spare)
{
	if (spare->control)
		virStreamFree(spare->control);
	if (spare->dom)
		virDomainFree(spare->dom);
	free(spare->name);
	free(spare->run_dir);
	free(spare->log);
	memset(spare, 0, sizeof *spare);
}

int
spare_end_all(virConnectPtr conn, const char *user)
{
	cleanup_free char *parent = rundir_parent();
	cleanup_fd int lock = -1;
	virDomainPtr *doms = NULL;
	int count, ended = 0;

	/* Under the lock, a spare being prepared either is a domain already or
	   sees the mark and is not made; with no run directories, none is. */
	if (access(parent, F_OK) == 0 && ((lock = sparelock_take(parent)) < 0 || sparelock_mark_ended(parent) < 0))
		return -1;
	count = running_domains(conn, &doms);
	for (int i = 0; i < count; i++) {
		cleanup_free char *dir = xasprintf("%s/%s", parent, virDomainGetName(doms[i]));

		if (!is_spare(doms[i], NULL, user, waiting) || virDomainDestroy(doms[i]) < 0)
			continue;
		rundir_remove(dir);
		ended++;
	}
	free_domains(doms, count);
	return count < 0 ? -1 : ended;
}
