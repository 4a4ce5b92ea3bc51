/* Unit tests: finding a kernel's modules and what a boot needs from them. */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "kernel.h"
#include "moddir.h"
#include "strv.h"
#include "tap.h"
#include "testfs.h"
#include "util.h"

extern char **environ;

/* Say whether WANT (a path) and GOT name the same canonical directory. */
static bool
same_dir(const char *got, const char *want)
{
	cleanup_free char *real = realpath(want, NULL);
	bool same = got && real && strcmp(got, real) == 0;

	if (!same)
		printf("#   got:  '%s'\n#   want: '%s'\n", got ? got : err_get(), real ? real : want);
	return same;
}

/* A version with an indexed /lib/modules/VERSION: the running one, else any. */
static char *
real_modules_version(void)
{
	DIR *dir = opendir("/lib/modules");
	struct dirent *entry;
	char *found = NULL;
	char index[512];

	if (!dir)
		return NULL;
	while (!found && (entry = readdir(dir))) {
		snprintf(index, sizeof index, "/lib/modules/%s/modules.dep.bin", entry->d_name);
		if (entry->d_name[0] != '.' && access(index, R_OK) == 0)
			found = strdup(entry->d_name);
	}
	closedir(dir);
	return found;
}

/* Find modules beside, above, in a build tree, then in /lib/modules. */
static void
test_find(const char *real_version)
{
	cleanup_free char *next_to = NULL;
	cleanup_free char *deep = NULL;
	cleanup_free char *tree = NULL;
	cleanup_free char *fallback = NULL;
	cleanup_free char *real_dir = NULL;
	char *none;

	make_dirs("install/lib/modules/1.2.3");
	write_file(tmp_path("install/vmlinuz-1.2.3"), "", 0);
	next_to = moddir_find(tmp_path("install/vmlinuz-1.2.3"), NULL, "1.2.3");
	tap_ok(same_dir(next_to, tmp_path("install/lib/modules/1.2.3")),
	       "INSTALL_MOD_PATH layout: modules beside the image");
	make_dirs("two/boot/x");
	make_dirs("two/lib/modules/1.2.3");
	deep = moddir_find(tmp_path("two/boot/x/vmlinuz"), NULL, "1.2.3");
	tap_ok(same_dir(deep, tmp_path("two/lib/modules/1.2.3")), "two levels above the image");
	make_dirs("four/a/b/c/d");
	make_dirs("four/lib/modules/1.2.3");
	none = moddir_find(tmp_path("four/a/b/c/d/vmlinuz"), NULL, "1.2.3");
	tap_ok(!none && error_says("no modules directory for kernel 1.2.3", NULL),
	       "four levels up is too far");
	make_dirs("build/lib/modules/1.2.3");
	tree = moddir_find(tmp_path("four/a/b/c/d/vmlinuz"), tmp_path("build"), "1.2.3");
	tap_ok(same_dir(tree, tmp_path("build/lib/modules/1.2.3")), "in the build tree");
	none = moddir_find(tmp_path("four/a/b/c/d/vmlinuz"), NULL, "0.0.0-none");
	tap_ok(!none, "none found gives NULL");
	if (!real_version) {
		printf("ok %d # SKIP no indexed /lib/modules/*\n", ++tap_count);
		return;
	}
	if (asprintf(&real_dir, "/lib/modules/%s", real_version) < 0)
		real_dir = NULL;
	fallback = moddir_find(tmp_path("four/a/b/c/d/vmlinuz"), NULL, real_version);
	tap_ok(same_dir(fallback, real_dir), "falls back to /lib/modules/%s", real_version);
}

/* Index of the module file whose path ends with /NAME.ko (any compression); -1 if absent. */
static long
index_of(char **paths, const char *name)
{
	char suffix[128];

	snprintf(suffix, sizeof suffix, "/%s.ko", name);
	for (long i = 0; paths && paths[i]; i++) {
		const char *hit = strstr(paths[i], suffix);

		if (hit && (hit[strlen(suffix)] == '\0' || hit[strlen(suffix)] == '.'))
			return i;
	}
	return -1;
}

/* Say whether each path in PATHS comes after every dependency modules.dep gives it. */
static bool
deps_come_first(const char *modules_dir, char **paths)
{
	char dep_path[512], line[8192];
	bool ok = true;
	FILE *dep;

	snprintf(dep_path, sizeof dep_path, "%s/modules.dep", modules_dir);
	dep = fopen(dep_path, "r");
	if (!dep)
		return false;
	while (fgets(line, sizeof line, dep)) {
		char *colon = strchr(line, ':'), *save = NULL;
		long at;

		if (!colon)
			continue;
		*colon = '\0';
		at = -1;
		for (long i = 0; paths[i]; i++)
			if (strstr(paths[i], line) && strcmp(strstr(paths[i], line), line) == 0)
				at = i;
		if (at < 0)
			continue;
		for (char *d = strtok_r(colon + 1, " \n", &save); d; d = strtok_r(NULL, " \n", &save)) {
			long d_at = -1;

			for (long i = 0; paths[i]; i++)
				if (strstr(paths[i], d) && strcmp(strstr(paths[i], d), d) == 0)
					d_at = i;
			if (d_at < 0 || d_at > at) {
				printf("#   %s needs %s, listed at %ld\n", line, d, d_at);
				ok = false;
			}
		}
	}
	fclose(dep);
	return ok;
}

/* Say whether PATHS lists no file twice. */
static bool
no_duplicates(char **paths)
{
	for (size_t i = 0; paths[i]; i++)
		for (size_t j = i + 1; paths[j]; j++)
			if (strcmp(paths[i], paths[j]) == 0)
				return false;
	return true;
}

/* The name of some module built into the kernel of MODULES_DIR, if any. */
static char *
some_builtin(const char *modules_dir)
{
	char path[512], line[512];
	char *name = NULL;
	FILE *builtin;

	snprintf(path, sizeof path, "%s/modules.builtin", modules_dir);
	builtin = fopen(path, "r");
	if (builtin && fgets(line, sizeof line, builtin)) {
		char *base = strrchr(line, '/');
		char *dot = base ? strstr(base, ".ko") : NULL;

		if (dot) {
			*dot = '\0';
			name = strdup(base + 1);
		}
	}
	if (builtin)
		fclose(builtin);
	return name;
}

/* Resolve the boot modules with libkmod; returns the paths for later tests. */
static char **
test_resolve(const char *version)
{
	static const char *const wanted[] = { "virtio_pci", "9pnet_virtio", "9p", "overlay",
					      "virtio_console", NULL };
	static const char *const every_name[] = { "virtio", "virtio_pci", "virtio_console",
						  "9pnet", "9pnet_virtio", "9p", "overlay",
						  "virtio_net", "virtio_rng", NULL };
	const char *const unknown[] = { "virtio_pci", "no_such_module_xyz", NULL };
	cleanup_free char *modules_dir = NULL;
	cleanup_free char *builtin = NULL;
	char **paths, **failed;

	if (!version || asprintf(&modules_dir, "/lib/modules/%s", version) < 0) {
		for (int i = 0; i < 7; i++)
			printf("ok %d # SKIP no indexed /lib/modules/*\n", ++tap_count);
		return NULL;
	}
	paths = moddir_resolve(modules_dir, wanted);
	tap_ok(paths != NULL, "resolve the boot modules in %s", modules_dir);
	if (!paths) {
		printf("#   error: %s\n", err_get());
		return NULL;
	}
	for (size_t i = 0; paths[i]; i++)
		printf("#   %s\n", paths[i]);
	tap_ok(paths[0] && paths[0][0] == '/' && no_duplicates(paths),
	       "absolute paths, each once");
	tap_ok(deps_come_first(modules_dir, paths), "every dependency comes before its user");
	tap_ok(index_of(paths, "9p") < 0 ||
		       (index_of(paths, "9pnet") < index_of(paths, "9p") &&
			index_of(paths, "netfs") < index_of(paths, "9p")),
	       "9pnet and netfs (when modules) before 9p");
	failed = moddir_resolve(modules_dir, every_name);
	tap_ok(failed != NULL, "every module name kcheck can ask for resolves%s%s",
	       failed ? "" : ": ", failed ? "" : err_get());
	strv_free(failed);
	failed = moddir_resolve(modules_dir, unknown);
	tap_ok(!failed && error_says("no_such_module_xyz", NULL), "an unknown module is named: %s",
	       err_get());
	builtin = some_builtin(modules_dir);
	failed = moddir_resolve(modules_dir, (const char *const[]){ builtin, NULL });
	tap_ok(builtin && failed && !failed[0], "built-in %s needs no file",
	       builtin ? builtin : "(none)");
	strv_free(failed);
	return paths;
}

/* Say how to index a tree depmod has not seen. */
static void
test_missing_index(void)
{
	char **paths;

	make_dirs("noindex/lib/modules/2.3.4");
	paths = moddir_resolve(tmp_path("noindex/lib/modules/2.3.4"),
			       (const char *const[]){ "virtio", NULL });
	tap_ok(!paths && error_says("no modules.dep.bin", NULL) &&
		       error_says("run depmod -b ", NULL) && error_says("/noindex 2.3.4", NULL),
	       "a tree without depmod says how to fix it: %s", err_get());
}

/* Run PROGRAM < INPUT > OUTPUT with an argument vector; true on success. */
static bool
run_filter(const char *program, const char *input, const char *output)
{
	char *const argv[] = { (char *)program, (char *)"-c", NULL };
	posix_spawn_file_actions_t actions;
	int status = -1;
	pid_t pid;

	if (access(program, X_OK) < 0)
		return false;
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (posix_spawn(&pid, program, &actions, NULL, argv, environ) == 0)
		waitpid(pid, &status, 0);
	posix_spawn_file_actions_destroy(&actions);
	return status == 0;
}

/* Compress MODULE with PROGRAM into NAME and expect it to read back as ORIGINAL. */
static void
test_compressed(const char *module, const char *program, const char *name,
		const unsigned char *original, size_t original_size)
{
	cleanup_free unsigned char *bytes = NULL;
	size_t size = 0;

	if (!run_filter(program, module, tmp_path(name))) {
		printf("ok %d # SKIP %s is not installed\n", ++tap_count, program);
		return;
	}
	bytes = moddir_read_module(tmp_path(name), &size);
	tap_ok(bytes && size == original_size && memcmp(bytes, original, size) == 0,
	       "%s reads back as the module's bytes%s%s", name, bytes ? "" : ": ",
	       bytes ? "" : err_get());
}

/* Read a real module, plain and compressed. */
static void
test_read(char **paths)
{
	cleanup_free unsigned char *bytes = NULL;
	const char *module = NULL;
	struct kernel_file file;
	size_t size = 0;

	for (size_t i = 0; paths && paths[i] && !module; i++)
		if (strcmp(paths[i] + strlen(paths[i]) - 3, ".ko") == 0)
			module = paths[i];
	if (!module || kernel_file_map(module, &file) < 0) {
		for (int i = 0; i < 4; i++)
			printf("ok %d # SKIP no uncompressed module to read\n", ++tap_count);
		return;
	}
	bytes = moddir_read_module(module, &size);
	tap_ok(bytes && size == file.size && memcmp(bytes, file.data, size) == 0 &&
		       memcmp(bytes, "\x7f" "ELF", 4) == 0,
	       "read %s: its ELF bytes", module);
	test_compressed(module, "/usr/bin/xz", "copy.ko.xz", file.data, file.size);
	test_compressed(module, "/usr/bin/gzip", "copy.ko.gz", file.data, file.size);
	test_compressed(module, "/usr/bin/zstd", "copy.ko.zst", file.data, file.size);
	kernel_file_unmap(&file);
}

/* Refuse empty, corrupt, misnamed and missing modules. */
static void
test_read_errors(void)
{
	size_t size;

	write_file(tmp_path("empty.ko"), "", 0);
	tap_ok(!moddir_read_module(tmp_path("empty.ko"), &size) && error_says("is empty", NULL),
	       "an empty module");
	write_file(tmp_path("bad.ko.xz"), "not xz at all", 13);
	tap_ok(!moddir_read_module(tmp_path("bad.ko.xz"), &size) && error_says("bad.ko.xz", NULL),
	       "a corrupt .ko.xz: %s", err_get());
	write_file(tmp_path("module.txt"), "text", 4);
	tap_ok(!moddir_read_module(tmp_path("module.txt"), &size) &&
		       error_says("not a kernel module", NULL),
	       "a file that is not a module");
	tap_ok(!moddir_read_module(tmp_path("absent.ko"), &size) &&
		       error_says("does not exist", NULL),
	       "a missing module");
}

/* Run the tests in a scratch directory removed at the end. */
int
main(void)
{
	cleanup_free char *version = real_modules_version();
	char **paths;

	tmp_dir_create("eb-test-moddir");
	test_find(version);
	paths = test_resolve(version);
	test_missing_index();
	test_read(paths);
	test_read_errors();
	strv_free(paths);
	tmp_dir_remove();
	return tap_done();
}
