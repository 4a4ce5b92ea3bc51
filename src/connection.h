/* The libvirt connection and the event loop that serves it. */
#pragma once

#include <libvirt/libvirt.h>

/* Register the default event loop and start running it on its own thread. */
int events_start(void);

/* Stop the event loop thread and wait for it. */
void events_stop(void);

/* Open URI; errors become one line with what to do. */
virConnectPtr connection_open(const char *uri);

/* The last libvirt error as one line (for messages). */
const char *connection_last_error(void);
