#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libvirt/virterror.h>

#include "connection.h"
#include "error.h"
#include "qemuerr.h"
#include "util.h"

static pthread_t events_thread;
static atomic_bool events_running;
static int events_wakeup_timer = -1;

/* libvirt prints its errors on stderr by default: ours are one line each. */
static void
quiet_libvirt_errors(void *data, virErrorPtr error)
{
}

/* The event loop thread. */
static void *
events_loop(void *data)
{
	while (atomic_load(&events_running))
		if (virEventRunDefaultImpl() < 0)
			break;
	return NULL;
}

/* A timer that only wakes the loop so that it sees events_running. */
static void
events_wakeup(int timer, void *data)
{
}

int
events_start(void)
{
	/* The embedded driver logs in-process: keep its warnings off our stderr. */
	setenv("LIBVIRT_LOG_OUTPUTS", "4:file:/dev/null", 0);
	virSetErrorFunc(NULL, quiet_libvirt_errors);
	if (virEventRegisterDefaultImpl() < 0)
		return err_set("cannot start the libvirt event loop: %s", connection_last_error());
	events_wakeup_timer = virEventAddTimeout(-1, events_wakeup, NULL, NULL);
	atomic_store(&events_running, true);
	if (pthread_create(&events_thread, NULL, events_loop, NULL) != 0) {
		atomic_store(&events_running, false);
		return err_set("cannot start the event loop thread");
	}
	return 0;
}

void
events_stop(void)
{
	if (!atomic_load(&events_running))
		return;
	atomic_store(&events_running, false);
	virEventUpdateTimeout(events_wakeup_timer, 0);
	pthread_join(events_thread, NULL);
	virEventRemoveTimeout(events_wakeup_timer);
}

const char *
connection_last_error(void)
{
	const char *message = virGetLastErrorMessage();

	return message ? message : "unknown libvirt error";
}

const char *
connection_start_error(bool verbose)
{
	static _Thread_local char shown[1024];
	cleanup_free char *formatted = qemuerr_format(connection_last_error(), verbose);

	snprintf(shown, sizeof shown, "%s", formatted ? formatted : connection_last_error());
	return shown;
}

/* Say what to do about a failed connection. */
static int
explain_connect_error(const char *uri)
{
	const char *message = connection_last_error();

	if (strstr(message, "No such file or directory") || strstr(message, "Connection refused"))
		return err_set("cannot connect to %s: libvirtd is not running: start it (libvirtd -d, or systemctl start libvirtd)", uri);
	if (strstr(message, "Permission denied") || strstr(message, "authentication"))
		return err_set("cannot connect to %s: no permission on the libvirt socket: join the libvirt group or use --connect=qemu:///session", uri);
	return err_set("cannot connect to %s: %s", uri, message);
}

/* True when the failure means that no daemon listens. */
static bool
daemon_missing(void)
{
	const char *message = connection_last_error();

	return strstr(message, "No such file or directory") || strstr(message, "Connection refused");
}

/* The embedded driver's qemu.conf: QEMU's output goes to files, since
   there is no virtlogd without a daemon. */
static int
write_embedded_config(const char *root)
{
	static const char *const dirs[] = { "", "/etc" };
	char path[4096];
	FILE *conf;

	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(path, sizeof path, "%s%s", root, dirs[i]);
		if (mkdir(path, 0700) < 0 && errno != EEXIST)
			return err_sys("cannot create %s", path);
	}
	snprintf(path, sizeof path, "%s/etc/qemu.conf", root);
	conf = fopen(path, "w");
	if (!conf)
		return err_sys("cannot write %s", path);
	fputs("stdio_handler = \"file\"\n", conf);
	return fclose(conf) == 0 ? 0 : err_sys("cannot write %s", path);
}

/* The embedded driver, in-process, with its state under ROOT. */
static virConnectPtr
open_embedded(const char *uri, const char *root)
{
	char embed_uri[4096];
	virConnectPtr conn;

	if (write_embedded_config(root) < 0)
		return NULL;
	snprintf(embed_uri, sizeof embed_uri, "qemu:///embed?root=%s", root);
	conn = virConnectOpen(embed_uri);
	if (!conn)
		err_set("cannot connect to %s: libvirtd is not running and the embedded driver failed (%s): start libvirtd (libvirtd -d, or systemctl start libvirtd)",
			uri, connection_last_error());
	return conn;
}

virConnectPtr
connection_open(const char *uri, const char *embed_root, bool *embedded)
{
	virConnectPtr conn;

	virSetErrorFunc(NULL, quiet_libvirt_errors);
	conn = virConnectOpenAuth(uri, virConnectAuthPtrDefault, 0);
	*embedded = false;
	if (!conn && embed_root && daemon_missing()) {
		conn = open_embedded(uri, embed_root);
		*embedded = conn != NULL;
		return conn;
	}
	if (!conn) {
		explain_connect_error(uri);
		return NULL;
	}
	/* Remote and daemon URIs get keepalive; others refuse it harmlessly.
	   It needs the event loop, which --list does without. */
	if (atomic_load(&events_running))
		virConnectSetKeepAlive(conn, 5, 3);
	return conn;
}

const char *
connection_close_reason(int reason)
{
	switch (reason) {
	case VIR_CONNECT_CLOSE_REASON_EOF:
		return "the daemon closed it";
	case VIR_CONNECT_CLOSE_REASON_KEEPALIVE:
		return "the daemon stopped answering";
	case VIR_CONNECT_CLOSE_REASON_CLIENT:
		return "closed here";
	default:
		return "a socket error";
	}
}
