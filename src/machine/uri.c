#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "uri.h"

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
