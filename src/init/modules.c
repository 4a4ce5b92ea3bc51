#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "contract.h"
#include "fileio.h"
#include "modules.h"
#include "msg.h"

/* Load a module from a file in memory, for kernels without finit_module. */
static int
module_init_from_memory(const char *path)
{
	size_t len;
	char *image;
	long ret;

	image = file_read(path, &len);
	if (!image)
		return -1;
	ret = syscall(SYS_init_module, image, (unsigned long)len, "");
	free(image);
	return ret < 0 ? -1 : 0;
}

/* The names of the modules loaded, for -v once the settings say it. */
static char loaded[2048];

/* Load one module file; a module already there is fine. */
static void
module_load(const char *name)
{
	char path[4096];
	int fd, ret;

	snprintf(path, sizeof(path), "%s/%s", EB_MODULES_DIR, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		msg_errno("module %s", name);
		return;
	}
	ret = syscall(SYS_finit_module, fd, "", 0);
	close(fd);
	if (ret < 0 && errno == ENOSYS)
		ret = module_init_from_memory(path);
	if (ret < 0 && errno != EEXIST)
		msg_errno("load module %s", name);
	else if (strlen(loaded) + strlen(name) + 2 < sizeof(loaded))
		snprintf(loaded + strlen(loaded), sizeof(loaded) - strlen(loaded), " %s", name);
	/* The initramfs is never freed: give the memory of the file back. */
	unlink(path);
}

void
modules_load(void)
{
	char *list, *line, *next, *end;

	list = file_read(EB_MODULES_LIST, NULL);
	if (!list) {
		if (errno != ENOENT)
			msg_errno("read %s", EB_MODULES_LIST);
		return;
	}
	for (line = list; *line; line = next) {
		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		end = line + strlen(line);
		while (end > line && (end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (*line && *line != '#')
			module_load(line);
	}
	free(list);
}

void
modules_report(void)
{
	if (loaded[0])
		msg_info("loaded modules:%s", loaded);
}
