#include "config.h"

#include <time.h>

#include "connection.h"
#include "log.h"
#include "reclaim.h"

/* How long libvirtd has to come back, and how often to knock. */
#define RECLAIM_WAIT_MS 5000
#define RECLAIM_STEP_MS 250

/* A new connection to URI within RECLAIM_WAIT_MS, or NULL. */
static virConnectPtr
reconnect(const char *uri)
{
	virConnectPtr conn;

	for (int waited = 0; waited < RECLAIM_WAIT_MS; waited += RECLAIM_STEP_MS) {
		conn = virConnectOpenAuth(uri, virConnectAuthPtrDefault, 0);
		if (conn)
			return conn;
		nanosleep(&(struct timespec){ .tv_nsec = RECLAIM_STEP_MS * 1000000L }, NULL);
	}
	return NULL;
}

void
reclaim_domain(const char *uri, const unsigned char uuid[VIR_UUID_BUFLEN], const char *name)
{
	virConnectPtr conn = uri ? reconnect(uri) : NULL;
	virDomainPtr dom;

	if (!conn) {
		log_error("libvirtd did not come back: if the guest still runs, virsh -c %s destroy %s",
			  uri ? uri : "URI", name);
		return;
	}
	dom = virDomainLookupByUUID(conn, uuid);
	if (dom && virDomainDestroy(dom) == 0)
		log_info("libvirtd is back: destroyed %s", name);
	if (dom)
		virDomainFree(dom);
	virConnectClose(conn);
}
