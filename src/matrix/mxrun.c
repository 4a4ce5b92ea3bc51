#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "mxresults.h"
#include "mxrun.h"
#include "mxshow.h"
#include "mxspawn.h"
#include "util.h"
#include "xalloc.h"

static void
set_state(struct mx_run *run, struct mx_target *target, enum mx_state state)
{
	if (target->state == state)
		return;
	target->state = state;
	mxshow_event(run, target);
}

/* End TARGET before it ran, for REASON. */
static void
end_unrun(struct mx_run *run, struct mx_target *target, enum mx_state state, const char *reason)
{
	mxtarget_set_reason(target, "%s", reason);
	set_state(run, target, state);
}

/* Start the first build that targets wait for, one at a time (each uses every CPU). */
static void
start_build(struct mx_run *run)
{
	for (size_t k = 0; k < run->spec->kernel_count; k++)
		if (run->kernels[k].build == MX_BUILD_RUNNING)
			return;
	for (size_t k = 0; k < run->spec->kernel_count; k++) {
		struct mx_kernel_state *kernel = &run->kernels[k];

		if (kernel->build != MX_BUILD_WAITING)
			continue;
		kernel->started = mx_now();
		kernel->build = mxspawn_build(run, k) == 0 ? MX_BUILD_RUNNING : MX_BUILD_FAILED;
		for (size_t i = 0; i < run->targets->count; i++) {
			struct mx_target *t = &run->targets->items[i];

			if (t->kernel == k && t->state == MX_QUEUED)
				set_state(run, t, MX_BUILDING);
		}
		return;
	}
}

/* Start TARGET if its kernel is ready and its host has room; end it if neither can be. */
static void
start_target(struct mx_run *run, struct mx_target *target)
{
	struct mx_kernel_state *kernel = &run->kernels[target->kernel];
	struct mx_host_state *host = &run->hosts[target->host];
	cleanup_free char *why = NULL;

	if (host->unreachable) {
		why = xasprintf("host %s unreachable: %s", run->spec->hosts[target->host].name, host->unreachable);
		end_unrun(run, target, MX_ERROR, why);
		return;
	}
	if (kernel->build == MX_BUILD_FAILED) {
		why = xasprintf("the build of %s failed: see %s", run->spec->kernels[target->kernel].name, kernel->log_path);
		end_unrun(run, target, MX_ERROR, why);
		return;
	}
	if ((kernel->build != MX_BUILD_NONE && kernel->build != MX_BUILD_DONE) || host->running >= host->jobs)
		return;
	target->started = mx_now();
	if (mxspawn_run(run, target) < 0) {
		target->ended = target->started;
		end_unrun(run, target, MX_ERROR, err_get());
		return;
	}
	host->running++;
	if (host->running > host->peak)
		host->peak = host->running;
	set_state(run, target, MX_BOOTING);
}

static void
start_ready(struct mx_run *run)
{
	if (run->signal)
		return;
	start_build(run);
	for (size_t i = 0; i < run->targets->count; i++) {
		struct mx_target *t = &run->targets->items[i];

		if (t->state == MX_QUEUED || (t->state == MX_BUILDING && run->kernels[t->kernel].build != MX_BUILD_RUNNING))
			start_target(run, t);
	}
}

/* A build ended with STATUS: its kernel's targets may go. */
static void
build_ended(struct mx_run *run, size_t index, int status)
{
	struct mx_kernel_state *kernel = &run->kernels[index];

	kernel->pid = 0;
	kernel->ended = mx_now();
	kernel->build = WIFEXITED(status) && WEXITSTATUS(status) == 0 ? MX_BUILD_DONE : MX_BUILD_FAILED;
	if (run->signal)
		return;
	for (size_t i = 0; i < run->targets->count; i++)
		if (run->targets->items[i].kernel == index && run->targets->items[i].state == MX_BUILDING)
			run->targets->items[i].state = MX_QUEUED;
}

static void
target_ended(struct mx_run *run, struct mx_target *target, int status)
{
	target->pid = 0;
	target->ended = mx_now();
	if (target->progress_fd >= 0)
		close(steal_fd(&target->progress_fd));
	run->hosts[target->host].running--;
	mxresults_judge(run, target, status);
	mxshow_event(run, target);
}

/* Collect every child that ended. */
static void
reap(struct mx_run *run)
{
	pid_t pid;
	int status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (size_t k = 0; k < run->spec->kernel_count; k++)
			if (run->kernels[k].pid == pid)
				build_ended(run, k, status);
		for (size_t i = 0; i < run->targets->count; i++)
			if (run->targets->items[i].pid == pid)
				target_ended(run, &run->targets->items[i], status);
	}
}

/* A signal ends the matrix: the runs are told (they destroy their guests), nothing more starts. */
static void
interrupt(struct mx_run *run, int signo)
{
	int forward = run->signal ? SIGKILL : SIGINT;

	run->signal = signo;
	for (size_t k = 0; k < run->spec->kernel_count; k++)
		if (run->kernels[k].pid)
			kill(-run->kernels[k].pid, forward);
	for (size_t i = 0; i < run->targets->count; i++) {
		struct mx_target *t = &run->targets->items[i];

		if (t->pid)
			kill(-t->pid, forward);
		else if (!mxtarget_done(t->state))
			end_unrun(run, t, MX_CANCELLED, "the matrix was interrupted before it started");
	}
}

/* What a run said on its progress pipe. */
static void
read_progress(struct mx_run *run, struct mx_target *target)
{
	char buf[256];
	ssize_t n = read(target->progress_fd, buf, sizeof buf - 1);

	if (n <= 0) {
		close(steal_fd(&target->progress_fd));
		return;
	}
	buf[n] = '\0';
	if (strstr(buf, "running") && target->state == MX_BOOTING) {
		target->command_started = mx_now();
		set_state(run, target, MX_RUNNING);
	}
}

/* Whether anything is still to end: a target, or a build. */
static bool
under_way(const struct mx_run *run)
{
	for (size_t i = 0; i < run->targets->count; i++)
		if (!mxtarget_done(run->targets->items[i].state) || run->targets->items[i].pid)
			return true;
	for (size_t k = 0; k < run->spec->kernel_count; k++)
		if (run->kernels[k].pid)
			return true;
	return false;
}

/* Wait a second at most for a signal or a progress line, and act on it. */
static void
wait_events(struct mx_run *run, int signal_fd)
{
	cleanup_free struct pollfd *fds = xcalloc(1 + run->targets->count, sizeof *fds);
	struct signalfd_siginfo info;
	size_t count = 1;

	fds[0] = (struct pollfd){ .fd = signal_fd, .events = POLLIN };
	for (size_t i = 0; i < run->targets->count; i++)
		if (run->targets->items[i].progress_fd >= 0)
			fds[count++] = (struct pollfd){ .fd = run->targets->items[i].progress_fd, .events = POLLIN };
	if (poll(fds, count, 1000) <= 0)
		return;
	for (size_t f = 1; f < count; f++)
		for (size_t i = 0; (fds[f].revents & (POLLIN | POLLHUP)) && i < run->targets->count; i++)
			if (run->targets->items[i].progress_fd == fds[f].fd)
				read_progress(run, &run->targets->items[i]);
	while ((fds[0].revents & POLLIN) && read(signal_fd, &info, sizeof info) == sizeof info) {
		if (info.ssi_signo != SIGCHLD)
			interrupt(run, (int)info.ssi_signo);
		fds[0].revents = 0;
	}
	reap(run);
}

int
mxrun_all(struct mx_run *run)
{
	sigset_t handled, before;
	int signal_fd;

	sigemptyset(&handled);
	sigaddset(&handled, SIGCHLD);
	sigaddset(&handled, SIGINT);
	sigaddset(&handled, SIGTERM);
	sigaddset(&handled, SIGHUP);
	sigprocmask(SIG_BLOCK, &handled, &before);
	signal_fd = signalfd(-1, &handled, SFD_CLOEXEC | SFD_NONBLOCK);
	if (signal_fd < 0) {
		sigprocmask(SIG_SETMASK, &before, NULL);
		return err_sys("cannot watch signals");
	}
	start_ready(run);
	mxshow_draw(run);
	while (under_way(run)) {
		wait_events(run, signal_fd);
		start_ready(run);
		mxshow_draw(run);
	}
	close(signal_fd);
	sigprocmask(SIG_SETMASK, &before, NULL);
	return 0;
}
