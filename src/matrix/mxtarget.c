#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "mxtarget.h"
#include "strv.h"
#include "xalloc.h"

/* Whether INDEX of KIND is in the file's [matrix] pick (all when none). */
static bool
picked(const struct mx_spec *spec, int kind, const char *name)
{
	return !spec->pick[kind] || strv_contains(spec->pick[kind], name);
}

/* Whether the target KERNEL/COMMAND/HOST named NAME is among NAMES. */
static bool
named(char *const *names, const char *name, const char *kernel, const char *command, const char *host)
{
	if (!names || !names[0])
		return true;
	for (size_t i = 0; names[i]; i++)
		if (!strcmp(names[i], name) || !strcmp(names[i], kernel) || !strcmp(names[i], command) || !strcmp(names[i], host))
			return true;
	return false;
}

static void
add_target(struct mx_targets *targets, char *name, size_t kernel, size_t command, size_t host)
{
	struct mx_target *target;

	targets->items = xreallocarray(targets->items, targets->count + 1, sizeof *targets->items);
	target = &targets->items[targets->count++];
	memset(target, 0, sizeof *target);
	target->name = name;
	target->kernel = kernel;
	target->command = command;
	target->host = host;
	target->exit_status = -1;
	target->progress_fd = -1;
}

/* Each of NAMES must name something the file picks. */
static int
check_names(const struct mx_spec *spec, char *const *names, const struct mx_targets *targets)
{
	for (size_t n = 0; names && names[n]; n++) {
		bool found = false;

		for (size_t i = 0; i < targets->count && !found; i++) {
			char *const one[] = { names[n], NULL };
			const struct mx_target *t = &targets->items[i];

			found = named(one, t->name, spec->kernels[t->kernel].name, spec->commands[t->command].name,
				      spec->hosts[t->host].name);
		}
		if (!found)
			return err_set("%s: no target, kernel, command or host named %s in it: see --matrix-list", spec->path,
				       names[n]);
	}
	return 0;
}

int
mxtarget_expand(const struct mx_spec *spec, char *const *names, struct mx_targets *targets)
{
	struct mx_targets all = { 0 };

	memset(targets, 0, sizeof *targets);
	for (size_t k = 0; k < spec->kernel_count; k++)
		for (size_t c = 0; c < spec->command_count; c++)
			for (size_t h = 0; h < spec->host_count; h++) {
				const char *kernel = spec->kernels[k].name, *command = spec->commands[c].name, *host = spec->hosts[h].name;

				if (!picked(spec, MX_PICK_KERNELS, kernel) || !picked(spec, MX_PICK_COMMANDS, command) ||
				    !picked(spec, MX_PICK_HOSTS, host))
					continue;
				add_target(&all, xasprintf("%s/%s/%s", kernel, command, host), k, c, h);
			}
	if (check_names(spec, names, &all) < 0) {
		mxtargets_clear(&all);
		return -1;
	}
	for (size_t i = 0; i < all.count; i++) {
		struct mx_target *t = &all.items[i];

		if (named(names, t->name, spec->kernels[t->kernel].name, spec->commands[t->command].name, spec->hosts[t->host].name))
			add_target(targets, xstrdup(t->name), t->kernel, t->command, t->host);
	}
	mxtargets_clear(&all);
	if (!targets->count)
		return err_set("%s: the matrix is empty: [matrix] picks no target", spec->path);
	return 0;
}

const char *
mxtarget_state_name(enum mx_state state)
{
	static const char *const names[] = {
		[MX_QUEUED] = "queued", [MX_BUILDING] = "building", [MX_BOOTING] = "booting", [MX_RUNNING] = "running",
		[MX_PASSED] = "passed", [MX_FAILED] = "failed", [MX_ERROR] = "error", [MX_CANCELLED] = "cancelled",
	};

	return names[state];
}

void
mxtarget_set_reason(struct mx_target *target, const char *fmt, ...)
{
	va_list ap;

	free(target->reason);
	va_start(ap, fmt);
	if (vasprintf(&target->reason, fmt, ap) < 0)
		target->reason = NULL;
	va_end(ap);
	xnonnull(target->reason);
}

void
mxtargets_clear(struct mx_targets *targets)
{
	for (size_t i = 0; i < targets->count; i++) {
		free(targets->items[i].name);
		free(targets->items[i].reason);
		free(targets->items[i].dir);
	}
	free(targets->items);
	memset(targets, 0, sizeof *targets);
}
