/* The libvirt connection and the event loop that serves it. */
#pragma once

#include <stdbool.h>

#include <libvirt/libvirt.h>

/* Register the default event loop and start running it on its own thread. */
int events_start(void);

/* Stop the event loop thread and wait for it. */
void events_stop(void);

/* Open URI; errors become one line with what to do.  With EMBED_ROOT set,
   a missing daemon is not an error: the embedded QEMU driver is opened
   with its state under EMBED_ROOT instead, and *embedded says so. */
virConnectPtr connection_open(const char *uri, const char *embed_root, bool *embedded);

/* The last libvirt error as one line (for messages). */
const char *connection_last_error(void);

/* The last libvirt error, for a domain that did not start: QEMU's reason
   first and alone, or followed by the whole message with VERBOSE (see
   qemuerr_format). */
const char *connection_start_error(bool verbose);

/* A VIR_CONNECT_CLOSE_REASON_* in words. */
const char *connection_close_reason(int reason);
