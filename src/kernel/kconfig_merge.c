#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "fdio.h"
#include "kcheck.h"
#include "kconfig_merge.h"
#include "util.h"
#include "xalloc.h"

/* Write TEXT to a new temporary file; its allocated path in *path. */
static int
write_fragment(const char *text, char **path)
{
	char *tmp = xstrdup("/tmp/eudyptula-boot-kconfig.XXXXXX");
	cleanup_fd int fd = mkstemp(tmp);
	size_t len = strlen(text);

	if (fd < 0 || write(fd, text, len) != (ssize_t)len) {
		err_sys("cannot write %s", tmp);
		if (fd >= 0)
			unlink(tmp);
		free(tmp);
		return -1;
	}
	*path = tmp;
	return 0;
}

/* Run merge_config.sh -m in TREE on .config and FRAGMENT: a merge of the
   text only, as make would need a complete source tree. */
static int
run_merge(const char *tree, const char *fragment)
{
	char sh[] = "sh", script[] = "scripts/kconfig/merge_config.sh", merge_only[] = "-m", base[] = ".config";
	char *const argv[] = { sh, script, merge_only, base, (char *)fragment, NULL };
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return err_sys("fork");
	if (pid == 0) {
		if (chdir(tree) < 0)
			_exit(127);
		/* Its progress goes to stderr: stdout stays for the caller. */
		dup2(STDERR_FILENO, STDOUT_FILENO);
		execvp("sh", argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return err_sys("waiting for merge_config.sh");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return err_set("%s/scripts/kconfig/merge_config.sh failed: see its messages above", tree);
	return 0;
}

/* Check that TREE is a configured kernel source tree. */
static int
check_tree(const char *tree)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof path, "%s/scripts/kconfig/merge_config.sh", tree);
	if (stat(path, &st) < 0)
		return err_set("--kconfig=%s: no scripts/kconfig/merge_config.sh there: give a kernel source tree", tree);
	snprintf(path, sizeof path, "%s/.config", tree);
	if (stat(path, &st) < 0)
		return err_set("--kconfig=%s: no .config yet: run make defconfig (or allnoconfig) first", tree);
	/* merge_config.sh would wait forever on a named pipe. */
	if (!S_ISREG(st.st_mode))
		return err_set("--kconfig=%s: its .config is %s, not a regular file", tree, fd_file_kind(st.st_mode));
	return 0;
}

int
kconfig_fragment_apply(const char *tree)
{
	cleanup_free char *text = kcheck_fragment();
	cleanup_free char *fragment = NULL;
	int rc;

	if (!tree) {
		fputs(text, stdout);
		return fflush(stdout) == 0 ? 0 : err_sys("writing the fragment");
	}
	if (check_tree(tree) < 0 || write_fragment(text, &fragment) < 0)
		return -1;
	rc = run_merge(tree, fragment);
	unlink(fragment);
	if (rc == 0)
		fprintf(stderr, "merged into %s/.config: run make olddefconfig there to settle the rest\n", tree);
	return rc;
}
