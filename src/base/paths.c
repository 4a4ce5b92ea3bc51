#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "paths.h"
#include "util.h"
#include "xalloc.h"

/* True when the running binary sits in the build tree. */
static int
running_uninstalled(void)
{
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	if (len <= 0)
		return 0;
	exe[len] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	return strcmp(exe, EB_ABS_BUILDDIR) == 0 || strcmp(exe, EB_ABS_BUILDDIR "/tests") == 0;
}

/* Allocate DIR/NAME. */
static char *
join(const char *dir, const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

char *
paths_template(void)
{
	if (running_uninstalled())
		return join(EB_ABS_SRCDIR, "xml-templates/domain.xml");
	return join(EB_PKGDATADIR, "domain.xml");
}

char *
paths_virtiofsd(void)
{
	if (running_uninstalled())
		return join(EB_ABS_BUILDDIR, "src/virtiofsd/eudyptula-virtiofsd");
	return join(EB_PKGLIBEXECDIR, "eudyptula-virtiofsd");
}

char *
paths_guest_init(void)
{
	if (running_uninstalled())
		return join(EB_ABS_BUILDDIR, "src/init/eudyptula-init");
	return join(EB_PKGLIBEXECDIR, "eudyptula-init");
}

char *
paths_self(void)
{
	char self[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);

	if (len <= 0)
		return err_sys("cannot find this program (/proc/self/exe)"), NULL;
	self[len] = '\0';
	return xstrdup(self);
}
