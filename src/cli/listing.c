#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <libvirt/libvirt.h>

#include "connection.h"
#include "domainplan.h"
#include "error.h"
#include "listing.h"
#include "spare.h"
#include "users.h"
#include "util.h"
#include "uri.h"

/* A word for the domain's state. */
static const char *
state_name(virDomainPtr dom)
{
	int state = VIR_DOMAIN_NOSTATE, reason = 0;

	virDomainGetState(dom, &state, &reason, 0);
	switch (state) {
	case VIR_DOMAIN_RUNNING: return "running";
	case VIR_DOMAIN_PAUSED: return "paused";
	case VIR_DOMAIN_SHUTDOWN: return "stopping";
	case VIR_DOMAIN_SHUTOFF: return "shut off";
	case VIR_DOMAIN_CRASHED: return "crashed";
	default: return "unknown";
	}
}

/* One line for DOM if it carries our metadata. */
static void
print_domain(virDomainPtr dom)
{
	char *metadata = virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, EB_METADATA_NS, 0);
	char *title;

	if (!metadata)
		return;
	title = virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, NULL, 0);
	printf("%-40s %-9s %s\n", virDomainGetName(dom), state_name(dom), title ? title : "");
	free(title);
	free(metadata);
}

int
listing_print(const char *requested_uri)
{
	const char *why;
	const char *uri = uri_choose(requested_uri, &why);
	virDomainPtr *doms = NULL;
	virConnectPtr conn;
	bool embedded;
	int count;

	conn = connection_open(uri, NULL, &embedded);
	if (!conn)
		return -1;
	count = virConnectListAllDomains(conn, &doms, 0);
	if (count < 0) {
		virConnectClose(conn);
		return err_set("cannot list the domains on %s: %s", uri, connection_last_error());
	}
	for (int i = 0; i < count; i++) {
		print_domain(doms[i]);
		virDomainFree(doms[i]);
	}
	free(doms);
	virConnectClose(conn);
	return fflush(stdout) == 0 ? 0 : err_sys("writing to stdout");
}

int
listing_end_spares(const char *requested_uri)
{
	const char *why;
	const char *uri = uri_choose(requested_uri, &why);
	cleanup_free char *user = host_user_name(getuid(), "unknown");
	bool embedded;
	virConnectPtr conn = connection_open(uri, NULL, &embedded);
	int ended;

	if (!conn)
		return -1;
	ended = spare_end_all(conn, user);
	virConnectClose(conn);
	if (ended < 0)
		return -1;
	printf("ended %d warm spare%s on %s\n", ended, ended == 1 ? "" : "s", uri);
	return fflush(stdout) == 0 ? 0 : err_sys("writing to stdout");
}
