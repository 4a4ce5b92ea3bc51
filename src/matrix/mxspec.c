#include "config.h"

#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fdio.h"
#include "mxgroups.h"
#include "mxspec.h"
#include "strv.h"
#include "util.h"
#include "xalloc.h"

#define MX_FILE_MAX (1024 * 1024)

static const char *const matrix_keys[] = { "kernels", "commands", "hosts", "name", NULL };
static const char *const pick_keys[] = { "kernels", "commands", "hosts" };

/* A group's name: it goes into domain names and directory names. */
static bool
name_is_good(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > MX_NAME_MAX || name[0] == '-' || name[0] == '.')
		return false;
	return strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") == len;
}

/* The name after PREFIX in GROUP, or NULL. */
static const char *
group_name(const char *group, const char *prefix)
{
	size_t len = strlen(prefix);

	return strncmp(group, prefix, len) == 0 && group[len] == ' ' ? group + len + 1 : NULL;
}

/* Whether NAME is one of KIND's in SPEC. */
static bool
picks_one(const struct mx_spec *spec, int kind, const char *name)
{
	size_t count = kind == MX_PICK_KERNELS ? spec->kernel_count : kind == MX_PICK_COMMANDS ? spec->command_count : spec->host_count;

	for (size_t i = 0; i < count; i++) {
		const char *have = kind == MX_PICK_KERNELS ? spec->kernels[i].name
				   : kind == MX_PICK_COMMANDS ? spec->commands[i].name : spec->hosts[i].name;

		if (strcmp(have, name) == 0)
			return true;
	}
	return false;
}

/* Whether NAME is already a kernel's, a command's or a host's. */
static bool
name_taken(const struct mx_spec *spec, const char *name)
{
	return picks_one(spec, MX_PICK_KERNELS, name) || picks_one(spec, MX_PICK_COMMANDS, name) ||
	       picks_one(spec, MX_PICK_HOSTS, name);
}

/* One [kernel|command|host NAME] group into SPEC. */
static int
load_named(const struct mx_loader *loader, const char *group, struct mx_spec *spec)
{
	const char *name;

	if ((name = group_name(group, "kernel")) || (name = group_name(group, "command")) || (name = group_name(group, "host"))) {
		if (!name_is_good(name))
			return mxload_error(loader, group, NULL, "'%s' is not a good name: letters, digits, '_', '.' and '-', %d at most",
					    name, MX_NAME_MAX);
		if (name_taken(spec, name))
			return mxload_error(loader, group, NULL, "the name %s is taken already: give each kernel, command and host its own",
					    name);
	}
	if ((name = group_name(group, "kernel"))) {
		spec->kernels = xreallocarray(spec->kernels, spec->kernel_count + 1, sizeof *spec->kernels);
		memset(&spec->kernels[spec->kernel_count], 0, sizeof *spec->kernels);
		spec->kernels[spec->kernel_count].name = xstrdup(name);
		return mxgroups_kernel(loader, group, &spec->kernels[spec->kernel_count++]);
	}
	if ((name = group_name(group, "command"))) {
		spec->commands = xreallocarray(spec->commands, spec->command_count + 1, sizeof *spec->commands);
		memset(&spec->commands[spec->command_count], 0, sizeof *spec->commands);
		spec->commands[spec->command_count].name = xstrdup(name);
		return mxgroups_command(loader, group, &spec->commands[spec->command_count++]);
	}
	if ((name = group_name(group, "host"))) {
		spec->hosts = xreallocarray(spec->hosts, spec->host_count + 1, sizeof *spec->hosts);
		memset(&spec->hosts[spec->host_count], 0, sizeof *spec->hosts);
		spec->hosts[spec->host_count].name = xstrdup(name);
		return mxgroups_host(loader, group, &spec->hosts[spec->host_count++]);
	}
	return mxload_error(loader, group, NULL,
			    "unknown group [%s]: the groups are [kernel NAME], [command NAME], [host NAME] and [matrix]", group);
}

/* [matrix]: which kernels, commands and hosts; each name must be one. */
static int
load_matrix(const struct mx_loader *loader, struct mx_spec *spec)
{
	if (!g_key_file_has_group(loader->keys, "matrix"))
		return 0;
	if (mxload_known_keys(loader, "matrix", matrix_keys) < 0 || mxload_string(loader, "matrix", "name", &spec->name) < 0)
		return -1;
	if (spec->name && (!name_is_good(spec->name) || strlen(spec->name) > 16))
		return mxload_error(loader, "matrix", "name", "name=%s: letters, digits, '_', '.' and '-', 16 at most", spec->name);
	for (int kind = 0; kind < 3; kind++) {
		if (mxload_list(loader, "matrix", pick_keys[kind], &spec->pick[kind]) < 0)
			return -1;
		for (size_t i = 0; spec->pick[kind] && spec->pick[kind][i]; i++)
			if (!picks_one(spec, kind, spec->pick[kind][i]))
				return mxload_error(loader, "matrix", pick_keys[kind], "%s=: no [%.*s %s] in the file", pick_keys[kind],
						    (int)strlen(pick_keys[kind]) - 1, pick_keys[kind], spec->pick[kind][i]);
	}
	return 0;
}

/* Every group of the file, in its order. */
static int
load_groups(const struct mx_loader *loader, struct mx_spec *spec)
{
	gchar **groups = g_key_file_get_groups(loader->keys, NULL);
	int rc = 0;

	for (size_t i = 0; groups[i] && rc == 0; i++)
		if (strcmp(groups[i], "matrix") != 0)
			rc = load_named(loader, groups[i], spec);
	g_strfreev(groups);
	if (rc == 0)
		rc = load_matrix(loader, spec);
	/* No [host NAME]: the one the tool would use by default. */
	if (rc == 0 && !spec->host_count) {
		spec->hosts = xcalloc(1, sizeof *spec->hosts);
		spec->hosts[spec->host_count++].name = xstrdup("local");
	}
	if (rc == 0 && (!spec->kernel_count || !spec->command_count))
		rc = err_set("%s: the matrix is empty: give at least one [kernel NAME] and one [command NAME] (see man eudyptula-boot, MATRIX FILES)",
			     spec->path);
	return rc;
}

/* PATH's text, which GKeyFile and the line scanner both read. */
static char *
read_text(const char *path, size_t *len)
{
	cleanup_fd int fd = fd_open_regular(path);
	char *text;

	if (fd < 0)
		return err_sys("%s: cannot open the matrix file", path), NULL;
	text = fd_read_all(fd, MX_FILE_MAX, len);
	if (!text)
		err_set("%s: cannot read it, or it is over %d bytes", path, MX_FILE_MAX);
	return text;
}

/* Load TEXT, the file's LEN bytes, through GKeyFile into SPEC. */
static int
load_text(struct mx_loader *loader, const char *text, size_t len, struct mx_spec *spec)
{
	GError *error = NULL;

	if (mxlines_scan(loader->path, text, &loader->lines) < 0)
		return -1;
	loader->keys = g_key_file_new();
	if (!g_key_file_load_from_data(loader->keys, text, len, G_KEY_FILE_NONE, &error)) {
		err_set("%s: %s", loader->path, error->message);
		g_error_free(error);
		return -1;
	}
	return load_groups(loader, spec);
}

int
mxspec_load(const char *path, struct mx_spec *spec)
{
	struct mx_loader loader = { .path = path };
	cleanup_free char *text = NULL, *copy = xstrdup(path);
	size_t len = 0;
	int rc = -1;

	memset(spec, 0, sizeof *spec);
	spec->path = xstrdup(path);
	text = read_text(path, &len);
	if (!text)
		return -1;
	loader.dir = realpath(dirname(copy), NULL);
	if (!loader.dir)
		return err_sys("%s: cannot resolve its directory", path);
	rc = load_text(&loader, text, len, spec);
	if (loader.keys)
		g_key_file_free(loader.keys);
	mxlines_clear(&loader.lines);
	free(loader.dir);
	return rc;
}

static void
kernel_clear(struct mx_kernel *kernel)
{
	free(kernel->name);
	free(kernel->image);
	free(kernel->tree);
	free(kernel->output);
	free(kernel->cmdline);
}

static void
command_clear(struct mx_command *command)
{
	free(command->name);
	strv_free(command->argv);
	strv_free(command->env);
	free(command->cwd);
	free(command->fail_on);
	strv_free(command->allow_splat);
}

void
mxspec_clear(struct mx_spec *spec)
{
	for (size_t i = 0; i < spec->kernel_count; i++)
		kernel_clear(&spec->kernels[i]);
	for (size_t i = 0; i < spec->command_count; i++)
		command_clear(&spec->commands[i]);
	for (size_t i = 0; i < spec->host_count; i++) {
		free(spec->hosts[i].name);
		free(spec->hosts[i].uri);
	}
	free(spec->kernels);
	free(spec->commands);
	free(spec->hosts);
	free(spec->path);
	free(spec->name);
	for (int kind = 0; kind < 3; kind++)
		strv_free(spec->pick[kind]);
	memset(spec, 0, sizeof *spec);
}
