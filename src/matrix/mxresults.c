#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-c/json.h>

#include "error.h"
#include "fdio.h"
#include "mxresults.h"
#include "sysio.h"
#include "util.h"
#include "xalloc.h"

/* mkdir -p PATH. */
static int
make_dirs(const char *path)
{
	return mkdir_p(path, 0755) < 0 ? err_sys("cannot make %s", path) : 0;
}

/* DIR is missing or an empty directory: a matrix never writes over results. */
static int
check_empty(const char *dir)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	bool empty = true;

	if (!d)
		return errno == ENOENT ? 0 : err_sys("--results=%s", dir);
	while ((e = readdir(d)) && empty)
		empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
	closedir(d);
	if (!empty)
		return err_set("--results=%s is not empty: give a new or an empty directory (results are never written over)", dir);
	return 0;
}

/* The results' top, absolute, made. */
static char *
make_top(const char *dir, bool *temporary)
{
	cleanup_free char *template = NULL;
	char cwd[4096];

	*temporary = !dir;
	if (!dir) {
		template = xasprintf("%s/eudyptula-matrix-XXXXXX", getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		if (!mkdtemp(template))
			return err_sys("cannot make %s", template), NULL;
		return steal_pointer(&template);
	}
	if (dir[0] != '/' && !getcwd(cwd, sizeof cwd))
		return err_sys("cannot tell the current directory"), NULL;
	template = dir[0] == '/' ? xstrdup(dir) : xasprintf("%s/%s", cwd, dir);
	if (check_empty(template) < 0 || make_dirs(template) < 0)
		return NULL;
	return steal_pointer(&template);
}

int
mxresults_prepare(struct mx_run *run, const char *dir, bool *temporary)
{
	run->results = make_top(dir, temporary);
	if (!run->results)
		return -1;
	for (size_t i = 0; i < run->targets->count; i++) {
		struct mx_target *t = &run->targets->items[i];

		t->dir = xasprintf("%s/%s", run->results, t->name);
		if (make_dirs(t->dir) < 0)
			return -1;
	}
	for (size_t k = 0; k < run->spec->kernel_count; k++)
		if (run->kernels[k].build != MX_BUILD_NONE)
			run->kernels[k].log_path = xasprintf("%s/%s/build.log", run->results, run->spec->kernels[k].name);
	return 0;
}

/* The last line of TARGET's stderr that the tool wrote, for a run without a report. */
static char *
tool_error(const struct mx_target *target)
{
	cleanup_free char *path = xasprintf("%s/stderr", target->dir), *text = NULL;
	cleanup_fd int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	char *line, *found = NULL;

	if (fd >= 0)
		text = fd_read_all(fd, 1 << 20, &len);
	for (line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : line + strlen(line))
		if (strncmp(line, "eudyptula-boot: ", 16) == 0)
			found = line + 16;
	if (!found)
		return NULL;
	return xstrndup(found, strcspn(found, "\n"));
}

/* The verdict and reason of TARGET's report; false when it has none. */
static bool
read_report(struct mx_target *target)
{
	cleanup_free char *path = xasprintf("%s/report.json", target->dir);
	json_object *root, *verdict = NULL, *reason = NULL;
	const char *kind;

	if (access(path, R_OK) < 0 || !(root = json_object_from_file(path)))
		return false;
	json_object_object_get_ex(root, "verdict", &verdict);
	json_object_object_get_ex(root, "reason", &reason);
	kind = verdict ? json_object_get_string(verdict) : "";
	target->state = !strcmp(kind, "pass") ? MX_PASSED : !strcmp(kind, "fail") ? MX_FAILED : MX_ERROR;
	if (reason && json_object_get_string(reason))
		mxtarget_set_reason(target, "%s", json_object_get_string(reason));
	json_object_put(root);
	return true;
}

void
mxresults_judge(const struct mx_run *run, struct mx_target *target, int status)
{
	cleanup_free char *error = NULL;

	target->exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (run->signal && target->exit_status >= 128 && target->exit_status != 255) {
		target->state = MX_CANCELLED;
		mxtarget_set_reason(target, "the matrix was interrupted (%s)", strsignal(run->signal));
		return;
	}
	if (read_report(target))
		return;
	target->state = target->exit_status == 0 ? MX_PASSED : target->exit_status == EXIT_TOOL ? MX_ERROR : MX_FAILED;
	if (target->state == MX_PASSED)
		return;
	error = tool_error(target);
	if (error)
		mxtarget_set_reason(target, "%s", error);
	else
		mxtarget_set_reason(target, "exit status %d, and no report", target->exit_status);
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void
mxresults_remove(const char *dir)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}
