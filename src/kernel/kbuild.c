#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cache.h"
#include "capture.h"
#include "error.h"
#include "interrupt.h"
#include "kbuild.h"
#include "kcheck.h"
#include "log.h"
#include "strv.h"
#include "sysio.h"
#include "util.h"
#include "xalloc.h"

/* A failed build shows this much of its log. */
#define KBUILD_TAIL_LINES 30

/* What a starting configuration adds to tinyconfig, kvm_guest.config and
   the tool's fragment: the PVH entry, WARN and BUG, timestamps, what the
   host's programs and the splat detectors need, and a module to load
   (configs.ko: /proc/config.gz). */
static const char build_extras[] =
	"# eudyptula-boot --build: a small kernel that boots here and reports splats.\n"
	"CONFIG_PVH=y\nCONFIG_BUG=y\nCONFIG_PRINTK_TIME=y\nCONFIG_FUTEX=y\nCONFIG_EPOLL=y\n"
	"CONFIG_POSIX_TIMERS=y\nCONFIG_SIGNALFD=y\nCONFIG_TIMERFD=y\nCONFIG_EVENTFD=y\nCONFIG_SHMEM=y\n"
	"CONFIG_MODULE_UNLOAD=y\nCONFIG_DETECT_HUNG_TASK=y\nCONFIG_SOFTLOCKUP_DETECTOR=y\n"
	"CONFIG_IKCONFIG=m\nCONFIG_IKCONFIG_PROC=y\n";

bool
kbuild_is_tree(const char *dir)
{
	static const char *const marks[] = { "Makefile", "Kconfig", "scripts/kconfig/merge_config.sh", "arch/x86" };
	char path[4096];

	for (size_t i = 0; i < ARRAY_SIZE(marks); i++) {
		snprintf(path, sizeof path, "%s/%s", dir, marks[i]);
		if (access(path, F_OK) < 0)
			return false;
	}
	return true;
}

/* "12 s" or "1 min 12 s". */
static void
format_elapsed(long long ms, char *out, size_t size)
{
	long long s = ms / 1000;

	if (s < 60)
		snprintf(out, size, "%lld s", s);
	else
		snprintf(out, size, "%lld min %lld s", s / 60, s % 60);
}

/* Wait for PID, saying how long it has been on a terminal; a signal to
   the tool stops it (its whole group).  Its wait status, or -1. */
static int
wait_make(pid_t pid, const char *label, bool progress)
{
	long long start = now_ms();
	bool tty = progress && isatty(STDERR_FILENO);
	char elapsed[32], shown[32] = "";
	int status;

	for (;;) {
		pid_t done = waitpid(pid, &status, WNOHANG);

		if (done == pid)
			break;
		if (done < 0 && errno != EINTR)
			return err_sys("waiting for make");
		if (interrupt_pending()) {
			kill(-pid, SIGTERM);
			waitpid(pid, &status, 0);
			return err_set("the build was interrupted");
		}
		format_elapsed(now_ms() - start, elapsed, sizeof elapsed);
		if (tty && strcmp(elapsed, shown) != 0)
			fprintf(stderr, "\r[…] %s (%s)\033[K", label, elapsed);
		snprintf(shown, sizeof shown, "%s", elapsed);
		sleep_ms(200);
	}
	if (tty)
		fputs("\r\033[K", stderr);
	return status;
}

/* "make -C TREE [O=OUTPUT] WORDS..." (allocated). */
static char **
make_argv(const struct kbuild_request *request, const char *const *words)
{
	char **argv = NULL;

	strv_append(&argv, "make");
	strv_append(&argv, "-C");
	strv_append(&argv, request->tree);
	if (request->output) {
		cleanup_free char *output = xasprintf("O=%s", request->output);

		strv_append(&argv, output);
	}
	for (size_t i = 0; words[i]; i++)
		strv_append(&argv, words[i]);
	return argv;
}

/* Print the last lines of the log at PATH on stderr. */
static void
print_log_tail(const char *path)
{
	cleanup_free char *text = file_read(path, NULL);
	const char *start;
	unsigned lines = 0;

	if (!text)
		return;
	start = text + strlen(text);
	while (start > text && lines <= KBUILD_TAIL_LINES)
		if (*--start == '\n' && start[1])
			lines++;
	if (*start == '\n')
		start++;
	for (const char *line = start; *line;) {
		const char *nl = strchrnul(line, '\n');

		fprintf(stderr, "  | %.*s\n", (int)(nl - line), line);
		line = *nl ? nl + 1 : nl;
	}
}

/* Run ARGV, its output appended to the log; LABEL says what it does. */
static int
run_logged(const struct kbuild_request *request, char *const argv[], const char *log_path, const char *label)
{
	cleanup_fd int log_fd = -1;
	pid_t pid;
	int status;

	if (!request->verbose && (log_fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) < 0)
		return err_sys("cannot write the build log %s", log_path);
	/* With -v, make's output is on stderr, stdout staying the command's. */
	if (capture_spawn(argv, -1, log_fd >= 0 ? log_fd : STDERR_FILENO, log_fd >= 0 ? log_fd : STDERR_FILENO, &pid) < 0)
		return -1;
	status = wait_make(pid, label, request->progress);
	if (status < 0)
		return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (!request->verbose) {
		log_error("%s failed; the end of %s:", label, log_path);
		print_log_tail(log_path);
	}
	return err_set("the kernel build failed (%s): its log is %s", label, request->verbose ? "above" : log_path);
}

/* Run make with WORDS in the tree. */
static int
run_make(const struct kbuild_request *request, const char *log_path, const char *const *words, const char *label)
{
	cleanup_strv char **argv = make_argv(request, words);

	return run_logged(request, argv, log_path, label);
}

/* Write the texts A then B to a new file at PATH. */
static int
write_texts(const char *path, const char *a, const char *b)
{
	cleanup_fd int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0 || write_all(fd, a, strlen(a)) < strlen(a) || write_all(fd, b, strlen(b)) < strlen(b))
		return err_sys("cannot write %s", path);
	return 0;
}

/* The .config of the build; NULL when it has none. */
static struct kconfig *
load_config(const char *build_dir)
{
	cleanup_free char *path = xasprintf("%s/.config", build_dir);
	size_t len;
	cleanup_free char *text = file_read(path, &len);

	return text ? kconfig_parse(text, len) : NULL;
}

/* A tree without .config: tinyconfig, then kvm_guest.config, the tool's
   fragment and the extras merged in by the tree's merge_config.sh. */
static int
start_config(const struct kbuild_request *request, const char *build_dir, const char *log_path)
{
	static const char *const tiny[] = { "tinyconfig", NULL }, *const olddef[] = { "olddefconfig", NULL };
	cleanup_free char *fragment_text = kcheck_fragment(), *dir = cache_dir();
	cleanup_free char *fragment = NULL, *script = xasprintf("%s/scripts/kconfig/merge_config.sh", request->tree);
	cleanup_free char *config = xasprintf("%s/.config", build_dir);
	cleanup_free char *kvm = xasprintf("%s/kernel/configs/kvm_guest.config", request->tree);
	char sh[] = "sh", merge_only[] = "-m", output_flag[] = "-O";
	char *merge[] = { sh, script, merge_only, output_flag, (char *)build_dir, config, kvm, NULL, NULL };

	if (!dir)
		return -1;
	fragment = xasprintf("%s/build-fragment.config", dir);
	merge[7] = fragment;
	if (write_texts(fragment, fragment_text, build_extras) < 0)
		return -1;
	log_info("%s has no .config: starting from make tinyconfig, with kvm_guest.config and what the boot needs",
		 build_dir);
	if (run_make(request, log_path, tiny, "make tinyconfig") < 0 ||
	    run_logged(request, merge, log_path, "merge_config.sh") < 0)
		return -1;
	return run_make(request, log_path, olddef, "make olddefconfig");
}

/* A .config of the user's: it stays theirs; what the boot lacks is named. */
static int
check_config(const char *build_dir)
{
	struct kconfig *config = load_config(build_dir);
	struct kcheck_request need = { .overlay = true };
	struct kcheck_result result;
	int rc = kcheck_run(config, &need, &result);

	kcheck_result_clear(&result);
	kconfig_free(config);
	if (rc < 0)
		return err_set("%s (your .config is left as it is: eudyptula-boot --kconfig=%s merges what the boot needs, "
			       "then make olddefconfig)", err_get(), build_dir);
	return 0;
}

/* The tree's version, from make kernelversion (allocated). */
static char *
tree_version(const struct kbuild_request *request)
{
	/* Under another make (make check, a Makefile of the user's), make -C
	   would also print the directories it enters. */
	static const char *const words[] = { "-s", "--no-print-directory", "kernelversion", NULL };
	cleanup_strv char **argv = make_argv(request, words);
	struct capture cap;
	char *version;

	if (capture_run(argv, NULL, 0, 256, now_ms() + 60000, &cap) < 0 || !capture_succeeded(&cap)) {
		capture_free(&cap);
		return xstrdup("the kernel");
	}
	cap.out[strcspn(cap.out, "\n")] = '\0';
	version = xstrdup(cap.out);
	capture_free(&cap);
	return version;
}

/* The staging directory of BUILD_DIR's modules in the cache (allocated). */
static char *
staging_dir(const char *build_dir)
{
	cleanup_free char *dir = cache_dir();
	char hash[17];

	if (!dir)
		return NULL;
	cache_key_hex(build_dir, hash);
	return xasprintf("%s/modules-%s", dir, hash);
}

char *
kbuild_staged(const char *build_dir)
{
	char *dir = staging_dir(build_dir);
	struct stat st;

	if (dir && (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)))
		free(steal_pointer(&dir));
	return dir;
}

/* make modules_install into the staging directory. */
static int
install_modules(const struct kbuild_request *request, struct kbuild_result *result)
{
	cleanup_free char *install = NULL;
	const char *words[] = { "modules_install", NULL, NULL };

	result->staging = staging_dir(result->build_dir);
	if (!result->staging)
		return -1;
	install = xasprintf("INSTALL_MOD_PATH=%s", result->staging);
	words[1] = install;
	return run_make(request, result->log_path, words, "make modules_install");
}

/* Where the build goes, made and writable, and its log; -1 with a message. */
static int
prepare_output(const struct kbuild_request *request, struct kbuild_result *result)
{
	const char *output = request->output ? request->output : request->tree;
	cleanup_free char *dir = NULL;
	char hash[17];

	if (!kbuild_is_tree(request->tree))
		return err_set("--build: %s is not a kernel source tree (no Makefile, Kconfig and scripts/kconfig): "
			       "run it in one, or give --kernel=DIR", request->tree);
	if (mkdir_p(output, 0755) < 0)
		return err_sys("--build: cannot make the output directory %s", output);
	result->build_dir = realpath(output, NULL);
	if (!result->build_dir || access(result->build_dir, W_OK) < 0)
		return err_set("--build: %s is not writable: build elsewhere with O=DIR (or KBUILD_OUTPUT=DIR)", output);
	if (!(dir = cache_dir()))
		return -1;
	cache_key_hex(result->build_dir, hash);
	result->log_path = xasprintf("%s/build-%s.log", dir, hash);
	if (truncate(result->log_path, 0) < 0 && errno != ENOENT)
		return err_sys("cannot write the build log %s", result->log_path);
	return 0;
}

int
kbuild_run(const struct kbuild_request *request, struct kbuild_result *result)
{
	char jobs[16], label[256];
	const char *words[] = { jobs, "vmlinux", "bzImage", NULL, NULL };
	struct kconfig *config;
	bool modules;
	long long start = now_ms();

	memset(result, 0, sizeof *result);
	if (prepare_output(request, result) < 0)
		return -1;
	result->version = tree_version(request);
	if (!(config = load_config(result->build_dir)) ? start_config(request, result->build_dir, result->log_path) < 0
						       : check_config(result->build_dir) < 0) {
		kconfig_free(config);
		return -1;
	}
	kconfig_free(config);
	config = load_config(result->build_dir);
	modules = config && kconfig_get(config, "CONFIG_MODULES") == KCONFIG_BUILTIN;
	kconfig_free(config);
	words[3] = modules ? "modules" : NULL;
	snprintf(jobs, sizeof jobs, "-j%u", request->jobs ? request->jobs : 1);
	snprintf(label, sizeof label, "building %s: make %s vmlinux bzImage%s", result->version, jobs,
		 modules ? " modules" : "");
	if (!isatty(STDERR_FILENO) && request->progress)
		log_work("%s...", label);
	if (run_make(request, result->log_path, words, label) < 0 || (modules && install_modules(request, result) < 0))
		return -1;
	log_ok("built %s in %lld s (log: %s)", result->version, (now_ms() - start + 500) / 1000,
	       request->verbose ? "above" : result->log_path);
	return 0;
}

void
kbuild_result_clear(struct kbuild_result *result)
{
	free(result->build_dir);
	free(result->staging);
	free(result->log_path);
	free(result->version);
	memset(result, 0, sizeof *result);
}
