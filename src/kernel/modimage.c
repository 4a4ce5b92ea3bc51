#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "capture.h"
#include "error.h"
#include "log.h"
#include "modimage.h"
#include "strv.h"
#include "sysio.h"
#include "util.h"
#include "xalloc.h"

/* Making one takes seconds for a distribution kernel's 400 MB. */
#define MAKE_DEADLINE_MS (10 * 60 * 1000)

#define PREFIX "modules-"

/* Where the image of MODULES_DIR goes: named by the version and the
   directory's modules.dep (rewritten whenever modules are installed). */
static char *
image_path(const char *modules_dir, const char *version)
{
	cleanup_free char *dir = cache_dir(), *key = xasprintf("%s|", modules_dir);
	cleanup_free char *dep = xasprintf("%s/modules.dep", modules_dir);
	char hex[17];

	if (!dir)
		return err_set("no cache directory for the image of %s", modules_dir), NULL;
	if (cache_key_add_file(&key, dep) < 0)
		return err_set("%s: no modules.dep (run depmod)", modules_dir), NULL;
	cache_key_hex(key, hex);
	return xasprintf("%s/" PREFIX "%s-%s.squashfs", dir, version, hex);
}

/* mksquashfs MODULES_DIR into TMP. */
static int
make_image(const char *modules_dir, const char *tmp)
{
	static const char *const options[] = { "-noappend", "-all-root", "-comp", "gzip", "-Xcompression-level", "1",
						"-no-progress", "-quiet" };
	cleanup_strv char **argv = NULL;
	struct capture cap;
	int rc;

	strv_append(&argv, "mksquashfs");
	strv_append(&argv, modules_dir);
	strv_append(&argv, tmp);
	for (size_t i = 0; i < ARRAY_SIZE(options); i++)
		strv_append(&argv, options[i]);
	if (capture_run(argv, NULL, 0, 4096, now_ms() + MAKE_DEADLINE_MS, &cap) < 0)
		return err_set("cannot run mksquashfs for the image of the modules (apt-get install squashfs-tools): %s",
			       err_get());
	rc = capture_succeeded(&cap) ? 0 : err_set("mksquashfs could not make the image of %s", modules_dir);
	capture_free(&cap);
	return rc;
}

/* Keep the images beside PATH to the MODIMAGE_KEEP most recently used. */
static void
prune_beside(const char *path)
{
	cleanup_free char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');

	if (slash) {
		*slash = '\0';
		cache_prune(dir, PREFIX, MODIMAGE_KEEP);
	}
}

char *
modimage_get(const char *modules_dir, const char *version)
{
	char *path = image_path(modules_dir, version);
	cleanup_free char *tmp = NULL;

	if (!path)
		return NULL;
	if (access(path, R_OK) == 0) {
		cache_touch(path);
		return path;
	}
	tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	log_work("Making a read-only image of %s...", modules_dir);
	if (make_image(modules_dir, tmp) < 0 || rename(tmp, path) < 0) {
		unlink(tmp);
		free(path);
		return NULL;
	}
	prune_beside(path);
	return path;
}
