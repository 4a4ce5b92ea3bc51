#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "kbuild.h"
#include "log.h"
#include "mxspawn.h"
#include "progress.h"
#include "strv.h"
#include "util.h"
#include "xalloc.h"

extern char **environ;

/* The run's descriptor for its progress lines. */
#define MX_PROGRESS_FD 3

/* The options of TARGET's run, then its command. */
static char **
run_argv(const struct mx_run *run, const struct mx_target *target, size_t index)
{
	const struct mx_kernel *kernel = &run->spec->kernels[target->kernel];
	const struct mx_command *command = &run->spec->commands[target->command];
	const struct mx_host *host = &run->spec->hosts[target->host];
	char **argv = NULL;

	strv_append(&argv, run->exe);
	strv_append(&argv, "-s");
	strv_append_printf(&argv, "--name=%s-%ld-%zu", run->prefix, (long)getpid(), index);
	if (host->uri)
		strv_append_printf(&argv, "--connect=%s", host->uri);
	strv_append_printf(&argv, "--kernel=%s", run->kernels[target->kernel].boot_path);
	if (kernel->cmdline)
		strv_append_printf(&argv, "--cmdline=%s", kernel->cmdline);
	if (kernel->mem_mib)
		strv_append_printf(&argv, "--mem=%lluM", (unsigned long long)kernel->mem_mib);
	if (kernel->cpus)
		strv_append_printf(&argv, "--cpus=%u", kernel->cpus);
	if (command->timeout)
		strv_append_printf(&argv, "--timeout=%u", command->timeout);
	if (command->fail_on)
		strv_append_printf(&argv, "--fail-on=%s", command->fail_on);
	for (size_t i = 0; command->allow_splat && command->allow_splat[i]; i++)
		strv_append_printf(&argv, "--allow-splat=%s", command->allow_splat[i]);
	for (size_t i = 0; command->env && command->env[i]; i++)
		strv_append_printf(&argv, "--env=%s", command->env[i]);
	strv_append_printf(&argv, "--report=%s/report.json", target->dir);
	strv_append_printf(&argv, "--kernel-log=%s/kernel.log", target->dir);
	strv_append(&argv, "--");
	for (size_t i = 0; command->argv[i]; i++)
		strv_append(&argv, command->argv[i]);
	return argv;
}

/* This environment, with the progress descriptor. */
static char **
run_env(void)
{
	char **env = NULL;

	for (char **e = environ; *e; e++)
		if (strncmp(*e, PROGRESS_ENV "=", strlen(PROGRESS_ENV) + 1) != 0)
			strv_append(&env, *e);
	strv_append_printf(&env, PROGRESS_ENV "=%d", MX_PROGRESS_FD);
	return env;
}

/* Its own process group (the matrix forwards signals), default signals, nothing blocked. */
static void
child_attributes(posix_spawnattr_t *attr)
{
	sigset_t none, defaults;

	sigemptyset(&none);
	sigemptyset(&defaults);
	sigaddset(&defaults, SIGINT);
	sigaddset(&defaults, SIGTERM);
	sigaddset(&defaults, SIGHUP);
	sigaddset(&defaults, SIGPIPE);
	sigaddset(&defaults, SIGCHLD);
	posix_spawnattr_init(attr);
	posix_spawnattr_setflags(attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setpgroup(attr, 0);
	posix_spawnattr_setsigmask(attr, &none);
	posix_spawnattr_setsigdefault(attr, &defaults);
}

/* stdin from /dev/null, stdout and stderr into DIR, the progress pipe's WRITE_FD as MX_PROGRESS_FD. */
static void
child_files(posix_spawn_file_actions_t *actions, const char *dir, int write_fd, const char *cwd, char **paths)
{
	paths[0] = xasprintf("%s/stdout", dir);
	paths[1] = xasprintf("%s/stderr", dir);
	posix_spawn_file_actions_init(actions);
	posix_spawn_file_actions_addopen(actions, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(actions, 1, paths[0], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_addopen(actions, 2, paths[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_adddup2(actions, write_fd, MX_PROGRESS_FD);
	if (cwd)
		posix_spawn_file_actions_addchdir_np(actions, cwd);
}

int
mxspawn_run(const struct mx_run *run, struct mx_target *target)
{
	const struct mx_command *command = &run->spec->commands[target->command];
	cleanup_strv char **argv = run_argv(run, target, (size_t)(target - run->targets->items));
	cleanup_strv char **env = run_env();
	char *paths[2] = { NULL, NULL };
	posix_spawn_file_actions_t actions;
	posix_spawnattr_t attr;
	int pipe_fds[2], rc;

	if (pipe2(pipe_fds, O_CLOEXEC) < 0)
		return err_sys("cannot make a pipe for %s", target->name);
	child_attributes(&attr);
	child_files(&actions, target->dir, pipe_fds[1], command->cwd, paths);
	rc = posix_spawn(&target->pid, run->exe, &actions, &attr, argv, env);
	posix_spawn_file_actions_destroy(&actions);
	posix_spawnattr_destroy(&attr);
	free(paths[0]);
	free(paths[1]);
	close(pipe_fds[1]);
	if (rc != 0) {
		close(pipe_fds[0]);
		target->pid = 0;
		errno = rc;
		return err_sys("cannot start the run of %s", target->name);
	}
	target->progress_fd = pipe_fds[0];
	return 0;
}

/* In the build's child: make the tree, its output in LOG_PATH. */
static void __attribute__((noreturn))
build_child(const struct mx_kernel *kernel, const char *log_path)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct kbuild_request request = {
		.tree = kernel->tree,
		.output = kernel->output,
		.jobs = cpus > 0 ? (unsigned)cpus : 1,
	};
	struct kbuild_result result = { 0 };
	int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	if (fd < 0 || null < 0 || dup2(null, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		_exit(EXIT_TOOL);
	log_init(false);
	if (kbuild_run(&request, &result) < 0) {
		fprintf(stderr, "eudyptula-boot: %s\n", err_get());
		_exit(1);
	}
	fprintf(stderr, "built %s, version %s; make's output is in %s\n", result.build_dir, result.version ? result.version : "?",
		result.log_path ? result.log_path : "?");
	_exit(0);
}

int
mxspawn_build(const struct mx_run *run, size_t index)
{
	struct mx_kernel_state *state = &run->kernels[index];
	pid_t pid = fork();

	if (pid < 0)
		return err_sys("cannot start the build of %s", run->spec->kernels[index].name);
	if (pid == 0) {
		setpgid(0, 0);
		build_child(&run->spec->kernels[index], state->log_path);
	}
	setpgid(pid, pid);
	state->pid = pid;
	return 0;
}
