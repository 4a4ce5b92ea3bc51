/* Finding the default kernel image in /boot. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "error.h"
#include "fdio.h"
#include "kernel.h"
#include "util.h"
#include "xalloc.h"

/* Say whether NAME in DIR is a vmlinuz-* image file. */
static bool
is_boot_image(const char *dir, const char *name)
{
	cleanup_free char *path = NULL;

	if (strncmp(name, "vmlinuz-", 8) != 0)
		return false;
	path = xasprintf("%s/%s", dir, name);
	return path_is_regular(path);
}

/* The newest vmlinuz-* in BOOT_DIR by version order. */
static char *
newest_image(const char *boot_dir, const char *release)
{
	DIR *dir = opendir(boot_dir);
	cleanup_free char *best = NULL;
	struct dirent *entry;

	if (!dir) {
		err_sys("no kernel for release %s: cannot list %s", release, boot_dir);
		return NULL;
	}
	while ((entry = readdir(dir))) {
		if (!is_boot_image(boot_dir, entry->d_name) ||
		    (best && strverscmp(entry->d_name, best) <= 0))
			continue;
		free(best);
		best = xstrdup(entry->d_name);
	}
	closedir(dir);
	if (!best) {
		err_set("no kernel in %s (neither vmlinuz-%s nor any vmlinuz-*): "
			"name one with --kernel", boot_dir, release);
		return NULL;
	}
	return xasprintf("%s/%s", boot_dir, best);
}

char *
kernel_default_path(const char *boot_dir, const char *release, char **why)
{
	cleanup_free char *running = NULL;
	struct utsname uts;
	char *newest;

	*why = NULL;
	if (!boot_dir)
		boot_dir = "/boot";
	if (!release) {
		if (uname(&uts) < 0) {
			err_sys("uname");
			return NULL;
		}
		release = uts.release;
	}
	running = xasprintf("%s/vmlinuz-%s", boot_dir, release);
	if (path_is_regular(running))
		return steal_pointer(&running);
	newest = newest_image(boot_dir, release);
	if (newest)
		*why = xasprintf("no %s for the running kernel: using the newest image there, %s", running, newest);
	return newest;
}
