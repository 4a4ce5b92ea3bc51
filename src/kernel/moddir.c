#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libkmod.h>

#include "error.h"
#include "fdio.h"
#include "kernel.h"
#include "moddir.h"
#include "strv.h"
#include "util.h"
#include "xalloc.h"

#define MODULES_SUBDIR "/lib/modules/"

/* Say whether PATH is a directory. */
static bool
is_directory(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Say whether PATH exists. */
static bool
exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* The canonical form of DIR/lib/modules/VERSION when it is a directory. */
static char *
modules_under(const char *dir, const char *version)
{
	cleanup_free char *candidate = xasprintf("%s" MODULES_SUBDIR "%s", dir, version);

	if (!is_directory(candidate))
		return NULL;
	return realpath(candidate, NULL);
}

/* Look next to the image and up to three levels above it. */
static char *
modules_near_image(const char *image_path, const char *version)
{
	const char *slash = strrchr(image_path, '/');
	cleanup_free char *dir = slash ? xstrndup(image_path, (size_t)(slash - image_path)) : xstrdup(".");
	char *found = NULL;

	for (int up = 0; up <= 3 && !found; up++) {
		found = modules_under(dir, version);
		if (!found) {
			char *parent = xasprintf("%s/..", dir);

			free(dir);
			dir = parent;
		}
	}
	return found;
}

/* A build tree's modules: BUILD/lib/modules/VERSION, or BUILD after depmod. */
static char *
modules_in_build_tree(const char *build_dir, const char *version)
{
	cleanup_free char *dep = NULL;
	char *found = modules_under(build_dir, version);

	if (found)
		return found;
	dep = xasprintf("%s/modules.dep", build_dir);
	if (!exists(dep))
		return NULL;
	return realpath(build_dir, NULL);
}

char *
moddir_staged(const char *install_mod_path, const char *version)
{
	return modules_under(install_mod_path, version);
}

char *
moddir_find(const char *image_path, const char *build_dir, const char *version)
{
	char *found = modules_near_image(image_path, version);

	if (!found && build_dir)
		found = modules_in_build_tree(build_dir, version);
	if (!found)
		found = modules_under("", version);
	if (!found)
		err_set("no modules directory for kernel %s (looked near %s and in /lib/modules)",
			version, image_path);
	return found;
}

/* Fail when one of the files libkmod opens in MODULES_DIR is there but not
   a regular file: libkmod's open() of a named pipe would wait forever. */
static int
check_indexes(const char *modules_dir)
{
	static const char *const names[] = { "modules.dep.bin", "modules.dep", "modules.alias.bin",
					     "modules.symbols.bin", "modules.builtin.bin",
					     "modules.builtin.alias.bin", "modules.builtin.modinfo",
					     "modules.softdep" };
	char path[4096];
	struct stat st;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(path, sizeof path, "%s/%s", modules_dir, names[i]);
		if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
			return err_set("%s is %s, not a regular file: run depmod on %s again", path,
				       fd_file_kind(st.st_mode), modules_dir);
	}
	return 0;
}

/* Fail unless depmod has indexed MODULES_DIR, saying how to fix it. */
static int
check_depmod(const char *modules_dir)
{
	cleanup_free char *index = xasprintf("%s/modules.dep.bin", modules_dir);
	const char *marker = strstr(modules_dir, MODULES_SUBDIR);
	int base_len;

	if (exists(index))
		return check_indexes(modules_dir);
	if (!marker)
		return err_set("%s has no modules.dep.bin: run depmod on it", modules_dir);
	base_len = (int)(marker - modules_dir);
	return err_set("%s has no modules.dep.bin: run depmod -b %.*s %s", modules_dir,
		       base_len ? base_len : 1, base_len ? modules_dir : "/",
		       marker + sizeof MODULES_SUBDIR - 1);
}

static int add_module(struct kmod_module *module, char ***paths, char ***seen);

/* Add the modules MODULE wants loaded first ("softdep pre:", such as
   ext4's crc32c, which it asks the crypto API for at mount time). */
static int
add_soft_dependencies(struct kmod_module *module, char ***paths, char ***seen)
{
	struct kmod_list *pre = NULL, *post = NULL, *item;
	int ret = 0;

	if (kmod_module_get_softdeps(module, &pre, &post) < 0)
		return 0;
	kmod_list_foreach(item, pre) {
		struct kmod_module *dep = kmod_module_get_module(item);

		if (ret == 0 && kmod_module_get_path(dep))
			ret = add_module(dep, paths, seen);
		kmod_module_unref(dep);
	}
	kmod_module_unref_list(pre);
	kmod_module_unref_list(post);
	return ret;
}

/* Append MODULE's file after its dependencies, each module once. */
static int
add_module(struct kmod_module *module, char ***paths, char ***seen)
{
	const char *name = kmod_module_get_name(module);
	const char *path = kmod_module_get_path(module);
	struct kmod_list *deps, *item;
	int ret = 0;

	if (strv_contains(*seen, name))
		return 0;
	strv_append(seen, name);
	if (add_soft_dependencies(module, paths, seen) < 0)
		return -1;
	deps = kmod_module_get_dependencies(module);
	kmod_list_foreach(item, deps) {
		struct kmod_module *dep = kmod_module_get_module(item);

		if (ret == 0)
			ret = add_module(dep, paths, seen);
		kmod_module_unref(dep);
	}
	kmod_module_unref_list(deps);
	if (ret < 0)
		return -1;
	if (!path)
		return err_set("module %s has no file in modules.dep", name);
	strv_append(paths, path);
	return 0;
}

/* The first module of LIST that is not built in; NULL when all are. */
static struct kmod_module *
first_loadable(struct kmod_ctx *ctx, struct kmod_list *list)
{
	struct kmod_list *loadable = NULL;
	struct kmod_module *module = NULL;

	if (kmod_module_apply_filter(ctx, KMOD_FILTER_BUILTIN, list, &loadable) < 0)
		return NULL;
	if (loadable)
		module = kmod_module_get_module(loadable);
	kmod_module_unref_list(loadable);
	return module;
}

/* Add the module NAME and its dependencies; built-in ones need nothing. */
static int
add_named(struct kmod_ctx *ctx, const char *modules_dir, const char *name, char ***paths,
	  char ***seen)
{
	struct kmod_list *list = NULL;
	struct kmod_module *module;
	int ret;

	if (kmod_module_new_from_lookup(ctx, name, &list) < 0)
		return err_set("cannot look up module %s in %s", name, modules_dir);
	if (!list)
		return err_set("module %s not found in %s", name, modules_dir);
	module = first_loadable(ctx, list);
	kmod_module_unref_list(list);
	if (!module)
		return 0;
	ret = add_module(module, paths, seen);
	kmod_module_unref(module);
	return ret;
}

/* A libkmod context reading MODULES_DIR only, not the host's modprobe.d. */
static struct kmod_ctx *
open_modules(const char *modules_dir)
{
	static const char *const no_config[] = { NULL };
	struct kmod_ctx *ctx = kmod_new(modules_dir, no_config);

	if (!ctx)
		err_set("cannot open the modules in %s with libkmod", modules_dir);
	return ctx;
}

/* Resolve NAMES to module files, dependencies first. */
static char **
resolve_names(struct kmod_ctx *ctx, const char *modules_dir, const char *const *names)
{
	cleanup_strv char **paths = xcalloc(1, sizeof *paths);
	cleanup_strv char **seen = NULL;

	for (size_t i = 0; names && names[i]; i++)
		if (add_named(ctx, modules_dir, names[i], &paths, &seen) < 0)
			return NULL;
	return steal_pointer(&paths);
}

char **
moddir_resolve(const char *modules_dir, const char *const *names)
{
	cleanup_free char *real_dir = realpath(modules_dir, NULL);
	struct kmod_ctx *ctx;
	char **paths;

	if (!real_dir) {
		err_sys("cannot use modules directory %s", modules_dir);
		return NULL;
	}
	if (check_depmod(real_dir) < 0)
		return NULL;
	ctx = open_modules(real_dir);
	if (!ctx)
		return NULL;
	paths = resolve_names(ctx, real_dir, names);
	kmod_unref(ctx);
	return paths;
}

/* Say whether PATH ends with SUFFIX. */
static bool
has_suffix(const char *path, const char *suffix)
{
	size_t len = strlen(path), suffix_len = strlen(suffix);

	return len >= suffix_len && strcmp(path + len - suffix_len, suffix) == 0;
}

/* Copy a mapped file's bytes into an allocation. */
static unsigned char *
copy_bytes(const struct kernel_file *file, size_t *size)
{
	unsigned char *copy = xmalloc(file->size);

	memcpy(copy, file->data, file->size);
	*size = file->size;
	return copy;
}

/* Read a mapped module, decompressing it as its name says. */
static unsigned char *
module_bytes(const struct kernel_file *file, const char *path, size_t *size)
{
	if (file->size == 0) {
		err_set("%s is empty: not a kernel module", path);
		return NULL;
	}
	if (has_suffix(path, ".ko"))
		return copy_bytes(file, size);
	if (has_suffix(path, ".ko.gz") || has_suffix(path, ".ko.xz") || has_suffix(path, ".ko.zst"))
		return kernel_decompress(file->data, file->size, path, size);
	err_set("%s is not a kernel module (.ko, .ko.gz, .ko.xz or .ko.zst)", path);
	return NULL;
}

unsigned char *
moddir_read_module(const char *path, size_t *size)
{
	struct kernel_file file;
	unsigned char *bytes;

	if (kernel_file_map(path, &file) < 0)
		return NULL;
	bytes = module_bytes(&file, path, size);
	kernel_file_unmap(&file);
	if (bytes && !kernel_is_elf(bytes, *size)) {
		free(bytes);
		err_set("%s is not a kernel module (not ELF inside)", path);
		return NULL;
	}
	return bytes;
}
