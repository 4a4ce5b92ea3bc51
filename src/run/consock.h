/* The extra consoles on unix sockets in the run directory, as the original
   script had them: a client that connects (socat) holds the console through
   libvirt's console API while it stays connected, and leaves it free for
   virsh console --devname when it goes. */
#pragma once

#include <libvirt/libvirt.h>

struct consock {
	virDomainPtr dom;
	char alias[16];      /* the console's libvirt alias, consoleN */
	char *path;
	int listen_fd, listen_watch;
	int client_fd, client_watch;
	virStreamPtr stream; /* the console while a client is connected */
};

#define CONSOCK_IDLE { .listen_fd = -1, .listen_watch = -1, .client_fd = -1, .client_watch = -1 }

/* Listen on PATH for clients of DOM's console ALIAS; needs the event loop. */
int consock_start(struct consock *c, virDomainPtr dom, const char *alias, const char *path);

/* Drop the client and the socket; once the event loop has stopped. */
void consock_stop(struct consock *c);
