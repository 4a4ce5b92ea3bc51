#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "uri.h"
#include "util.h"
#include "xalloc.h"

static const char uri_root_default[] = "running as root";

const char *
uri_choose(const char *requested, const char **why)
{
	const char *from_env = getenv("LIBVIRT_DEFAULT_URI");

	if (requested) {
		*why = "--connect";
		return requested;
	}
	if (from_env && *from_env) {
		*why = "LIBVIRT_DEFAULT_URI";
		return from_env;
	}
	if (geteuid() == 0) {
		*why = uri_root_default;
		return "qemu:///system";
	}
	*why = "running as a user";
	return "qemu:///session";
}

bool
uri_may_embed(const char *why)
{
	return why == uri_root_default;
}

bool
uri_is_system(const char *uri)
{
	return strncmp(uri, "qemu:///system", strlen("qemu:///system")) == 0 ||
	       strncmp(uri, "qemu+unix:///system", strlen("qemu+unix:///system")) == 0;
}

/* The part of URI between "://" and the path: [USER@]HOST[:PORT], or "". */
static void
authority(const char *uri, const char **start, size_t *len)
{
	const char *p = strstr(uri, "://");

	*start = "";
	*len = 0;
	if (!p)
		return;
	p += 3;
	*start = p;
	*len = strcspn(p, "/?");
}

bool
uri_is_remote(const char *uri)
{
	const char *scheme_end = strstr(uri, "://"), *plus = strchr(uri, '+'), *host;
	size_t len;

	authority(uri, &host, &len);
	if (len > 0)
		return true;
	/* qemu+ssh:///system still goes through a transport (to localhost). */
	return plus && scheme_end && plus < scheme_end && strncmp(plus, "+unix:", 6) != 0;
}

char *
uri_host(const char *uri)
{
	const char *host;
	size_t len;
	char *copy;

	authority(uri, &host, &len);
	if (!len)
		return xstrdup("localhost");
	copy = xstrndup(host, len);
	/* The port is the transport's, not ssh's: HOST or USER@HOST. */
	if (strrchr(copy, ':') && !strchr(copy, ']'))
		*strrchr(copy, ':') = '\0';
	return copy;
}

bool
uri_is_ssh(const char *uri)
{
	return strncmp(uri, "qemu+ssh:", 9) == 0 || strncmp(uri, "qemu+libssh", 11) == 0;
}

bool
uri_wants_system(const char *uri)
{
	const char *host;
	size_t len;

	authority(uri, &host, &len);
	return strncmp(host + len, "/system", 7) == 0;
}

char *
uri_ssh_command(const char *uri)
{
	const char *host, *colon;
	size_t len;
	cleanup_free char *target = uri_host(uri);

	authority(uri, &host, &len);
	colon = memchr(host, ':', len);
	/* The port of an ssh URI is ssh's own. */
	if (colon && colon + 1 < host + len)
		return xasprintf("ssh -p %.*s %s", (int)(host + len - colon - 1), colon + 1, target);
	return xasprintf("ssh %s", target);
}
