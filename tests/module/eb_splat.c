// SPDX-License-Identifier: GPL-2.0
/*
 * eb_splat: a module that makes the kernel print a splat when it is
 * loaded, for the tests of eudyptula-boot's kernel log scanning:
 *
 *   insmod eb_splat.ko action=warn        WARN in its init, stays loaded
 *   insmod eb_splat.ko action=oops        a NULL pointer write in its init:
 *                                         insmod is killed, the kernel goes on
 *                                         (unless kernel.panic_on_oops is 1)
 *   insmod eb_splat.ko action=hung        a thread sleeps uninterruptibly for
 *                                         8 s (kernel.hung_task_timeout_secs=2
 *                                         reports it)
 *   insmod eb_splat.ko action=softlockup  its init spins with preemption off
 *                                         for 6 s (kernel.watchdog_thresh=1
 *                                         reports a soft lockup)
 *   insmod eb_splat.ko action=none        nothing
 */
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/string.h>

#define EB_HUNG_MS 8000
#define EB_SPIN_MS 6000

static char *action = "none";
module_param(action, charp, 0444);
MODULE_PARM_DESC(action, "what to do on load: warn, oops, hung, softlockup or none");

/* The sleeping thread of action=hung, held until the module goes. */
static struct task_struct *eb_hung_task;

/* Read through a volatile pointer: the compiler cannot see it is NULL. */
static int *volatile eb_null;

/* Sleep in TASK_UNINTERRUPTIBLE for EB_HUNG_MS, then end. */
static noinline int eb_splat_hung_thread(void *unused)
{
	msleep(EB_HUNG_MS);
	return 0;
}

/* Start the thread that hangs. */
static noinline int eb_splat_hang(void)
{
	struct task_struct *task = kthread_run(eb_splat_hung_thread, NULL, "eb_splat_hung");

	if (IS_ERR(task))
		return PTR_ERR(task);
	get_task_struct(task);
	eb_hung_task = task;
	return 0;
}

/* Spin with preemption disabled for EB_SPIN_MS. */
static noinline void eb_splat_spin(void)
{
	ktime_t end = ktime_add_ms(ktime_get(), EB_SPIN_MS);

	preempt_disable();
	while (ktime_before(ktime_get(), end))
		cpu_relax();
	preempt_enable();
}

/* Write through a NULL pointer. */
static noinline void eb_splat_oops(void)
{
	*eb_null = 1;
}

static int __init eb_splat_init(void)
{
	pr_info("eb_splat: action=%s\n", action);
	if (strcmp(action, "warn") == 0)
		WARN(1, "eb_splat: a warning, as asked\n");
	else if (strcmp(action, "oops") == 0)
		eb_splat_oops();
	else if (strcmp(action, "hung") == 0)
		return eb_splat_hang();
	else if (strcmp(action, "softlockup") == 0)
		eb_splat_spin();
	else if (strcmp(action, "none") != 0)
		return -EINVAL;
	return 0;
}

static void __exit eb_splat_exit(void)
{
	if (eb_hung_task) {
		/* It may have ended already: the reference keeps it to stop. */
		kthread_stop(eb_hung_task);
		put_task_struct(eb_hung_task);
	}
}

module_init(eb_splat_init);
module_exit(eb_splat_exit);
MODULE_DESCRIPTION("Splats on demand, for eudyptula-boot's tests");
MODULE_LICENSE("GPL");
