#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "connection.h"
#include "consock.h"
#include "error.h"
#include "xalloc.h"

#define CONSOCK_CHUNK 4096
/* A client that takes no output for this long is dropped. */
#define CLIENT_SEND_TIMEOUT_S 2

/* Send all of BUF to the client; false when it is gone or stuck. */
static bool
client_send(struct consock *c, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(c->client_fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

/* Forget the client and give the console back. */
static void
client_drop(struct consock *c)
{
	if (c->stream) {
		virStreamEventRemoveCallback(c->stream);
		virStreamAbort(c->stream);
		virStreamFree(c->stream);
		c->stream = NULL;
	}
	if (c->client_watch >= 0)
		virEventRemoveHandle(c->client_watch);
	c->client_watch = -1;
	if (c->client_fd >= 0)
		close(c->client_fd);
	c->client_fd = -1;
}

/* Console output to the client. */
static void
console_readable(virStreamPtr stream, int events, void *opaque)
{
	struct consock *c = opaque;
	char buf[CONSOCK_CHUNK];
	int n;

	(void)events;
	while ((n = virStreamRecv(stream, buf, sizeof buf)) > 0)
		if (!client_send(c, buf, (size_t)n)) {
			client_drop(c);
			return;
		}
	if (n != -2)
		client_drop(c);
}

/* Client input to the console; a full stream gets a moment to drain. */
static void
client_readable(int watch, int fd, int events, void *opaque)
{
	struct consock *c = opaque;
	char buf[CONSOCK_CHUNK];
	ssize_t n = read(fd, buf, sizeof buf);
	size_t done = 0;

	(void)watch;
	(void)events;
	if (n < 0 && errno == EINTR)
		return;
	if (n <= 0) {
		client_drop(c);
		return;
	}
	for (int tries = 0; done < (size_t)n && tries < 100; tries++) {
		int sent = virStreamSend(c->stream, buf + done, (size_t)n - done);

		if (sent == -2) {
			usleep(10000);
			continue;
		}
		if (sent < 0) {
			client_drop(c);
			return;
		}
		done += (size_t)sent;
	}
}

/* Open the console for a new client; false (with a word to the client) if
   someone else holds it. */
static bool
console_take(struct consock *c)
{
	char note[256];
	int len;

	c->stream = virStreamNew(virDomainGetConnect(c->dom), VIR_STREAM_NONBLOCK);
	if (c->stream && virDomainOpenConsole(c->dom, c->alias, c->stream, 0) == 0 &&
	    virStreamEventAddCallback(c->stream, VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_ERROR |
				      VIR_STREAM_EVENT_HANGUP, console_readable, c, NULL) == 0)
		return true;
	len = snprintf(note, sizeof note, "eudyptula-boot: %s is not free (%s): try again later\r\n",
		       c->alias, connection_last_error());
	if (len > 0)
		client_send(c, note, (size_t)len < sizeof note ? (size_t)len : sizeof note - 1);
	return false;
}

/* A client connects: one at a time. */
static void
listener_readable(int watch, int fd, int events, void *opaque)
{
	struct consock *c = opaque;
	struct timeval timeout = { .tv_sec = CLIENT_SEND_TIMEOUT_S };
	int client = accept4(fd, NULL, NULL, SOCK_CLOEXEC);

	(void)watch;
	(void)events;
	if (client < 0)
		return;
	if (c->client_fd >= 0) {
		close(client);
		return;
	}
	c->client_fd = client;
	setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
	if (!console_take(c)) {
		client_drop(c);
		return;
	}
	c->client_watch = virEventAddHandle(client, VIR_EVENT_HANDLE_READABLE, client_readable, c, NULL);
	if (c->client_watch < 0)
		client_drop(c);
}

int
consock_start(struct consock *c, virDomainPtr dom, const char *alias, const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };

	c->dom = dom;
	snprintf(c->alias, sizeof c->alias, "%s", alias);
	if (strlen(path) >= sizeof addr.sun_path)
		return err_set("socket path %s is too long", path);
	strcpy(addr.sun_path, path);
	c->path = xstrdup(path);
	c->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (c->listen_fd < 0)
		return err_sys("console socket %s", path);
	if (bind(c->listen_fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(c->listen_fd, 1) < 0)
		return err_sys("console socket %s", path);
	c->listen_watch = virEventAddHandle(c->listen_fd, VIR_EVENT_HANDLE_READABLE, listener_readable, c, NULL);
	return c->listen_watch < 0 ? err_set("cannot watch %s", path) : 0;
}

void
consock_stop(struct consock *c)
{
	client_drop(c);
	if (c->listen_watch >= 0)
		virEventRemoveHandle(c->listen_watch);
	c->listen_watch = -1;
	if (c->listen_fd >= 0) {
		close(c->listen_fd);
		unlink(c->path);
	}
	c->listen_fd = -1;
	free(c->path);
	c->path = NULL;
}
