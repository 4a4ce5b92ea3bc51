#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "splat.h"
#include "tap.h"

/* What Debian's 6.1 kernel prints for WARN_ON(1) in a test module's init. */
static const char warn_log[] =
	"[   25.120000] splat: loading out-of-tree module taints kernel.\n"
	"[   25.130511] ------------[ cut here ]------------\n"
	"[   25.130514] WARNING: CPU: 1 PID: 412 at /tmp/splat/splat.c:21 splat_init+0x15/0x1000 [splat]\n"
	"[   25.130536] Modules linked in: splat(OE+) intel_rapl_msr intel_rapl_common kvm_intel kvm irqbypass 9pnet_virtio 9p netfs\n"
	"[   25.130575] CPU: 1 PID: 412 Comm: insmod Tainted: G           OE      6.1.0-18-amd64 #1  Debian 6.1.76-1\n"
	"[   25.130580] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	"[   25.130582] RIP: 0010:splat_init+0x15/0x1000 [splat]\n"
	"[   25.130589] Code: Unable to access opcode bytes at 0xffffffffc0594feb.\n"
	"[   25.130590] RSP: 0018:ffffb4a1c05d7c88 EFLAGS: 00010246\n"
	"[   25.130593] RAX: 0000000000000000 RBX: 0000000000000000 RCX: 0000000000000000\n"
	"[   25.130594] RDX: 0000000000000000 RSI: 0000000000000000 RDI: 0000000000000000\n"
	"[   25.130595] RBP: ffffffffc0595000 R08: 0000000000000000 R09: 0000000000000000\n"
	"[   25.130596] R10: 0000000000000000 R11: 0000000000000000 R12: ffff9c0a4236c9a0\n"
	"[   25.130597] R13: 0000000000000000 R14: ffffffffc0597040 R15: 0000000000000000\n"
	"[   25.130599] FS:  00007f9d4c2b2740(0000) GS:ffff9c0a7bd00000(0000) knlGS:0000000000000000\n"
	"[   25.130601] CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033\n"
	"[   25.130602] CR2: 000055d8f1f2a0a8 CR3: 0000000002a5e000 CR4: 00000000000006e0\n"
	"[   25.130606] Call Trace:\n"
	"[   25.130609]  <TASK>\n"
	"[   25.130611]  ? __warn+0x7d/0xc0\n"
	"[   25.130618]  ? splat_init+0x15/0x1000 [splat]\n"
	"[   25.130623]  ? report_bug+0xe2/0x150\n"
	"[   25.130628]  ? handle_bug+0x41/0x70\n"
	"[   25.130632]  ? exc_invalid_op+0x13/0x60\n"
	"[   25.130635]  ? asm_exc_invalid_op+0x16/0x20\n"
	"[   25.130645]  do_one_initcall+0x56/0x220\n"
	"[   25.130650]  do_init_module+0x4a/0x1f0\n"
	"[   25.130654]  __do_sys_finit_module+0xac/0x120\n"
	"[   25.130659]  do_syscall_64+0x55/0xb0\n"
	"[   25.130663]  entry_SYSCALL_64_after_hwframe+0x6e/0xd8\n"
	"[   25.130667] RIP: 0033:0x7f9d4c3d5779\n"
	"[   25.130673] RSP: 002b:00007ffd3aa4b3e8 EFLAGS: 00000246 ORIG_RAX: 0000000000000139\n"
	"[   25.130676] RAX: ffffffffffffffda RBX: 000055d8f1f2a7b0 RCX: 00007f9d4c3d5779\n"
	"[   25.130684]  </TASK>\n"
	"[   25.130685] ---[ end trace 0000000000000000 ]---\n"
	"[   25.130700] splat: loaded\n";

/* BUG: scheduling while atomic, which has no closing line. */
static const char bug_log[] =
	"[  160.000001] BUG: scheduling while atomic: insmod/550/0x00000002\n"
	"[  160.000002] Modules linked in: splat(OE+) 9pnet_virtio 9p netfs\n"
	"[  160.000003] Preemption disabled at:\n"
	"[  160.000004] [<ffffffffc059401a>] splat_init+0x1a/0x1000 [splat]\n"
	"[  160.000005] CPU: 0 PID: 550 Comm: insmod Tainted: G        W  OE      6.1.0-18-amd64 #1  Debian 6.1.76-1\n"
	"[  160.000006] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	"[  160.000007] Call Trace:\n"
	"[  160.000008]  <TASK>\n"
	"[  160.000009]  dump_stack_lvl+0x44/0x5c\n"
	"[  160.000010]  __schedule_bug.cold+0x7d/0x8b\n"
	"[  160.000011]  __schedule+0x7f2/0xa20\n"
	"[  160.000012]  schedule+0x5d/0xe0\n"
	"[  160.000013]  splat_init+0x2a/0x1000 [splat]\n"
	"[  160.000014]  </TASK>\n"
	"[  160.000015] splat: loaded\n";

/* A general protection fault on a poisoned list pointer. */
static const char gpf_log[] =
	"[  170.000001] general protection fault, probably for non-canonical address 0xdead000000000122: 0000 [#1] PREEMPT SMP NOPTI\n"
	"[  170.000002] CPU: 1 PID: 560 Comm: insmod Tainted: G           OE      6.1.0-18-amd64 #1  Debian 6.1.76-1\n"
	"[  170.000003] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	"[  170.000004] RIP: 0010:splat_init+0x31/0x1000 [splat]\n"
	"[  170.000005] RSP: 0018:ffffb4a1c05dfc90 EFLAGS: 00010246\n"
	"[  170.000006] Call Trace:\n"
	"[  170.000007]  <TASK>\n"
	"[  170.000008]  ? die_addr+0x32/0x80\n"
	"[  170.000009]  ? exc_general_protection+0x1d0/0x410\n"
	"[  170.000010]  do_one_initcall+0x56/0x220\n"
	"[  170.000011]  </TASK>\n"
	"[  170.000012] Modules linked in: splat(OE+) 9pnet_virtio 9p netfs\n"
	"[  170.000013] ---[ end trace 0000000000000000 ]---\n"
	"[  170.000014] RIP: 0010:splat_init+0x31/0x1000 [splat]\n"
	"[  170.000015] RSP: 0018:ffffb4a1c05dfc90 EFLAGS: 00010246\n";

static const char kasan_log[] =
	"[   80.000001] ==================================================================\n"
	"[   80.000003] BUG: KASAN: slab-out-of-bounds in splat_init+0x3c/0x1000 [splat]\n"
	"[   80.000006] Write of size 1 at addr ffff888004a2b5c0 by task insmod/460\n"
	"[   80.000007] \n"
	"[   80.000008] CPU: 0 PID: 460 Comm: insmod Tainted: G           OE      6.1.0 #1\n"
	"[   80.000010] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	"[   80.000011] Call Trace:\n"
	"[   80.000012]  <TASK>\n"
	"[   80.000013]  dump_stack_lvl+0x5b/0x77\n"
	"[   80.000016]  print_report+0x171/0x4a8\n"
	"[   80.000019]  kasan_report+0xb6/0x130\n"
	"[   80.000025]  splat_init+0x3c/0x1000 [splat]\n"
	"[   80.000040]  </TASK>\n"
	"[   80.000041] \n"
	"[   80.000042] Allocated by task 460:\n"
	"[   80.000043]  kasan_save_stack+0x22/0x50\n"
	"[   80.000047]  __kasan_kmalloc+0x7e/0x90\n"
	"[   80.000049]  splat_init+0x22/0x1000 [splat]\n"
	"[   80.000055] \n"
	"[   80.000056] The buggy address belongs to the object at ffff888004a2b580\n"
	"[   80.000057]  which belongs to the cache kmalloc-64 of size 64\n"
	"[   80.000061] The buggy address belongs to the physical page:\n"
	"[   80.000062] page:00000000c8b3a5b6 refcount:1 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x4a2b\n"
	"[   80.000068] page dumped because: kasan: bad access detected\n"
	"[   80.000069] \n"
	"[   80.000070] Memory state around the buggy address:\n"
	"[   80.000072]  ffff888004a2b500: 00 00 00 00 00 00 00 00 fc fc fc fc fc fc fc fc\n"
	"[   80.000073] >ffff888004a2b580: 00 00 00 00 00 00 00 00 fc fc fc fc fc fc fc fc\n"
	"[   80.000074]                                            ^\n"
	"[   80.000075]  ffff888004a2b600: fa fb fb fb fb fb fb fb fc fc fc fc fc fc fc fc\n"
	"[   80.000076] ==================================================================\n"
	"[   80.000077] Disabling lock debugging due to kernel taint\n";

static const char kfence_log[] =
	"[   90.000001] ==================================================================\n"
	"[   90.000002] BUG: KFENCE: use-after-free read in splat_init+0x4a/0x1000 [splat]\n"
	"[   90.000003] \n"
	"[   90.000004] Use-after-free read at 0x00000000a3c0d1b2 (in kfence-#12):\n"
	"[   90.000005]  splat_init+0x4a/0x1000 [splat]\n"
	"[   90.000006]  do_one_initcall+0x56/0x220\n"
	"[   90.000007] \n"
	"[   90.000010] kfence-#12: 0x000000008f4e3a21-0x0000000077c1b3e4, size=32, cache=kmalloc-32\n"
	"[   90.000011] \n"
	"[   90.000012] allocated by task 470 on cpu 1 at 89.999000s:\n"
	"[   90.000013]  __kmem_cache_alloc_node+0x2b5/0x2f0\n"
	"[   90.000020] freed by task 470 on cpu 1 at 89.999500s:\n"
	"[   90.000021]  kfree+0x2c5/0x300\n"
	"[   90.000029] \n"
	"[   90.000030] CPU: 1 PID: 470 Comm: insmod Tainted: G    B      OE      6.1.0-18-amd64 #1  Debian 6.1.76-1\n"
	"[   90.000031] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	"[   90.000032] ==================================================================\n";

static const char ubsan_log[] =
	"[  100.000001] ================================================================================\n"
	"[  100.000002] UBSAN: array-index-out-of-bounds in /tmp/splat/splat.c:52:9\n"
	"[  100.000003] index 10 is out of range for type 'int [10]'\n"
	"[  100.000004] CPU: 0 PID: 480 Comm: insmod Not tainted 6.1.0 #1\n"
	"[  100.000005] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	"[  100.000006] Call Trace:\n"
	"[  100.000007]  <TASK>\n"
	"[  100.000008]  dump_stack_lvl+0x44/0x5c\n"
	"[  100.000009]  ubsan_epilogue+0x5/0x40\n"
	"[  100.000010]  __ubsan_handle_out_of_bounds.cold+0x44/0x49\n"
	"[  100.000011]  splat_init+0x40/0x1000 [splat]\n"
	"[  100.000013]  </TASK>\n"
	"[  100.000014] ================================================================================\n";

static const char kcsan_log[] =
	"[  110.000001] ==================================================================\n"
	"[  110.000002] BUG: KCSAN: data-race in splat_reader / splat_writer\n"
	"[  110.000003] \n"
	"[  110.000004] write to 0xffffffffc0597100 of 8 bytes by task 491 on cpu 1:\n"
	"[  110.000005]  splat_writer+0x1d/0x30 [splat]\n"
	"[  110.000006]  kthread+0x10d/0x130\n"
	"[  110.000008] \n"
	"[  110.000009] read to 0xffffffffc0597100 of 8 bytes by task 490 on cpu 0:\n"
	"[  110.000010]  splat_reader+0x16/0x30 [splat]\n"
	"[  110.000011]  kthread+0x10d/0x130\n"
	"[  110.000013] \n"
	"[  110.000014] value changed: 0x0000000000000001 -> 0x0000000000000002\n"
	"[  110.000015] \n"
	"[  110.000016] Reported by Kernel Concurrency Sanitizer on:\n"
	"[  110.000017] CPU: 0 PID: 490 Comm: splat_reader Tainted: G           OE      6.1.0 #1\n"
	"[  110.000018] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	"[  110.000019] ==================================================================\n";

static const char lockdep_log[] =
	"[  120.000001] \n"
	"[  120.000002] ======================================================\n"
	"[  120.000003] WARNING: possible circular locking dependency detected\n"
	"[  120.000004] 6.1.0 #1 Tainted: G           OE     \n"
	"[  120.000005] ------------------------------------------------------\n"
	"[  120.000006] insmod/500 is trying to acquire lock:\n"
	"[  120.000007] ffffffffc0597140 (splat_lock_a){+.+.}-{3:3}, at: splat_init+0x50/0x1000 [splat]\n"
	"[  120.000008] \n"
	"[  120.000009] but task is already holding lock:\n"
	"[  120.000010] ffffffffc0597180 (splat_lock_b){+.+.}-{3:3}, at: splat_init+0x44/0x1000 [splat]\n"
	"[  120.000011] \n"
	"[  120.000015] the existing dependency chain (in reverse order) is:\n"
	"[  120.000016] \n"
	"[  120.000017] -> #1 (splat_lock_b){+.+.}-{3:3}:\n"
	"[  120.000018]        __mutex_lock+0x9e/0x960\n"
	"[  120.000019]        splat_init+0x2c/0x1000 [splat]\n"
	"[  120.000021] \n"
	"[  120.000022] -> #0 (splat_lock_a){+.+.}-{3:3}:\n"
	"[  120.000023]        __lock_acquire+0x1535/0x2800\n"
	"[  120.000025] \n"
	"[  120.000026] other info that might help us debug this:\n"
	"[  120.000027] \n"
	"[  120.000028]  Possible unsafe locking scenario:\n"
	"[  120.000029] \n"
	"[  120.000030]        CPU0                    CPU1\n"
	"[  120.000031]        ----                    ----\n"
	"[  120.000032]   lock(splat_lock_b);\n"
	"[  120.000033]                                lock(splat_lock_a);\n"
	"[  120.000036] \n"
	"[  120.000037]  *** DEADLOCK ***\n"
	"[  120.000038] \n"
	"[  120.000039] 1 lock held by insmod/500:\n"
	"[  120.000040]  #0: ffffffffc0597180 (splat_lock_b){+.+.}-{3:3}, at: splat_init+0x44/0x1000 [splat]\n"
	"[  120.000041] \n"
	"[  120.000042] stack backtrace:\n"
	"[  120.000043] CPU: 0 PID: 500 Comm: insmod Tainted: G           OE      6.1.0 #1\n"
	"[  120.000044] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	"[  120.000045] Call Trace:\n"
	"[  120.000046]  <TASK>\n"
	"[  120.000047]  dump_stack_lvl+0x5b/0x77\n"
	"[  120.000048]  check_noncircular+0x11b/0x130\n"
	"[  120.000051]  __mutex_lock+0x9e/0x960\n"
	"[  120.000052]  splat_init+0x50/0x1000 [splat]\n"
	"[  120.000053]  </TASK>\n"
	"[  120.000054] insmod (500) used greatest stack depth: 12344 bytes left\n";

static const char hung_log[] =
	"[  242.000001] INFO: task insmod:510 blocked for more than 120 seconds.\n"
	"[  242.000004]       Tainted: G           OE      6.1.0-18-amd64 #1 Debian 6.1.76-1\n"
	"[  242.000006] \"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.\n"
	"[  242.000008] task:insmod          state:D stack:0     pid:510   ppid:505    flags:0x00004002\n"
	"[  242.000012] Call Trace:\n"
	"[  242.000013]  <TASK>\n"
	"[  242.000015]  __schedule+0x351/0xa20\n"
	"[  242.000020]  schedule+0x5d/0xe0\n"
	"[  242.000024]  __mutex_lock.constprop.0+0x3b4/0x700\n"
	"[  242.000028]  splat_init+0x25/0x1000 [splat]\n"
	"[  242.000040]  </TASK>\n";

/* One soft lockup; the flood test prints it again and again. */
#define SOFTLOCKUP(t, secs, taint)                                                                          \
	"[  " t "] watchdog: BUG: soft lockup - CPU#0 stuck for " secs "s! [insmod:520]\n"                    \
	"[  " t "] Modules linked in: splat(OE+) 9pnet_virtio 9p netfs\n"                                    \
	"[  " t "] CPU: 0 PID: 520 Comm: insmod Tainted: G           " taint "     6.1.0-18-amd64 #1  Debian 6.1.76-1\n" \
	"[  " t "] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n" \
	"[  " t "] RIP: 0010:splat_init+0x20/0x1000 [splat]\n"                                               \
	"[  " t "] RSP: 0018:ffffb4a1c05d7c88 EFLAGS: 00000246\n"                                            \
	"[  " t "] Call Trace:\n"                                                                            \
	"[  " t "]  <IRQ>\n"                                                                                 \
	"[  " t "]  ? watchdog_timer_fn+0x1b3/0x210\n"                                                       \
	"[  " t "]  ? __hrtimer_run_queues+0x112/0x2b0\n"                                                    \
	"[  " t "]  ? hrtimer_interrupt+0xf8/0x230\n"                                                        \
	"[  " t "]  </IRQ>\n"                                                                                \
	"[  " t "]  <TASK>\n"                                                                                \
	"[  " t "]  ? asm_sysvec_apic_timer_interrupt+0x16/0x20\n"                                           \
	"[  " t "]  do_one_initcall+0x56/0x220\n"                                                            \
	"[  " t "]  </TASK>\n"

static const char softlockup_log[] = SOFTLOCKUP(" 52.000001", "26", "OE ") "[   52.100000] splat: spinning\n";

static const char hardlockup_log[] =
	"[   60.000001] NMI watchdog: Watchdog detected hard LOCKUP on cpu 1\n"
	"[   60.000002] Modules linked in: splat(OE+) 9pnet_virtio 9p netfs\n"
	"[   60.000003] CPU: 1 PID: 530 Comm: insmod Tainted: G           OEL     6.1.0-18-amd64 #1  Debian 6.1.76-1\n"
	"[   60.000004] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	"[   60.000005] RIP: 0010:splat_init+0x30/0x1000 [splat]\n"
	"[   60.000010] Call Trace:\n"
	"[   60.000011]  <TASK>\n"
	"[   60.000012]  do_one_initcall+0x56/0x220\n"
	"[   60.000015]  </TASK>\n"
	"[   60.000016] splat: done\n";

/* A stall seen from another CPU: the stalled CPU's backtrace, then the
   grace-period kthread's stack, each a stack dump of its own. */
static const char rcu_log[] =
	"[  150.000001] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:\n"
	"[  150.000002] rcu: \t1-...!: (0 ticks this GP) idle=8e2c/1/0x4000000000000000 softirq=2451/2451 fqs=0\n"
	"[  150.000003] \t(detected by 0, t=21002 jiffies, g=4205, q=15 ncpus=2)\n"
	"[  150.000004] Sending NMI from CPU 0 to CPUs 1:\n"
	"[  150.000005] NMI backtrace for cpu 1\n"
	"[  150.000006] CPU: 1 PID: 540 Comm: insmod Tainted: G           OEL     6.1.0-18-amd64 #1  Debian 6.1.76-1\n"
	"[  150.000007] RIP: 0010:splat_init+0x30/0x1000 [splat]\n"
	"[  150.000008] Call Trace:\n"
	"[  150.000009]  <TASK>\n"
	"[  150.000010]  do_one_initcall+0x56/0x220\n"
	"[  150.000011]  </TASK>\n"
	"[  150.000012] rcu: rcu_preempt kthread starved for 10502 jiffies! g4205 f0x0 RCU_GP_WAIT_FQS(5) ->state=0x0 ->cpu=1\n"
	"[  150.000013] rcu: \tUnless rcu_preempt kthread gets sufficient CPU time, OOM is now expected behavior.\n"
	"[  150.000014] rcu: RCU grace-period kthread stack dump:\n"
	"[  150.000015] task:rcu_preempt     state:R  running task     stack:0     pid:15    ppid:2      flags:0x00004000\n"
	"[  150.000016] Call Trace:\n"
	"[  150.000017]  <TASK>\n"
	"[  150.000018]  __schedule+0x351/0xa20\n"
	"[  150.000019]  </TASK>\n"
	"[  150.000020] splat: still spinning\n";

static const char leak_log[] =
	"[  700.000000] splat: unloaded\n"
	"[  700.000001] kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)\n"
	"[  700.000002] splat: reloaded\n";

static const char panic_log[] =
	"[  800.000000] sysrq: Trigger a crash\n"
	"[  800.000001] Kernel panic - not syncing: sysrq triggered crash\n"
	"[  800.000002] CPU: 0 PID: 97 Comm: sh Not tainted 6.1.0-18-amd64 #1  Debian 6.1.76-1\n"
	"[  800.000003] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	"[  800.000004] Call Trace:\n"
	"[  800.000005]  <TASK>\n"
	"[  800.000006]  dump_stack_lvl+0x44/0x5c\n"
	"[  800.000007]  panic+0x118/0x2ed\n"
	"[  800.000008]  sysrq_handle_crash+0x16/0x20\n"
	"[  800.000012]  </TASK>\n"
	"[  800.000013] Kernel Offset: disabled\n"
	"[  800.000014] ---[ end Kernel panic - not syncing: sysrq triggered crash ]---\n";

/* A splat of one log of one_each, as it should be read. */
struct expected {
	const char *name;
	const char *log;
	enum splat_class class;
	const char *title, *summary, *taint;
	const char *first, *last;   /* the first and last lines of its text */
	int complete;
};

static const struct expected one_each[] = {
	{ "warn", warn_log, SPLAT_WARN,
	  "WARNING: CPU: 1 PID: 412 at /tmp/splat/splat.c:21 splat_init+0x15/0x1000 [splat]",
	  "WARNING at /tmp/splat/splat.c:21 splat_init+0x15/0x1000 [splat]", "GOE",
	  "[   25.130511] ------------[ cut here ]------------", "[   25.130685] ---[ end trace 0000000000000000 ]---", 1 },
	{ "bug", bug_log, SPLAT_BUG, "BUG: scheduling while atomic: insmod/550/0x00000002",
	  "BUG: scheduling while atomic", "GWOE", "[  160.000001] BUG: scheduling while atomic: insmod/550/0x00000002",
	  "[  160.000014]  </TASK>", 1 },
	{ "oops", gpf_log, SPLAT_OOPS,
	  "general protection fault, probably for non-canonical address 0xdead000000000122: 0000 [#1] PREEMPT SMP NOPTI",
	  "general protection fault", "GOE",
	  "[  170.000001] general protection fault, probably for non-canonical address 0xdead000000000122: 0000 [#1] PREEMPT SMP NOPTI",
	  "[  170.000013] ---[ end trace 0000000000000000 ]---", 1 },
	{ "kasan", kasan_log, SPLAT_KASAN, "BUG: KASAN: slab-out-of-bounds in splat_init+0x3c/0x1000 [splat]",
	  "BUG: KASAN: slab-out-of-bounds in splat_init+0x3c/0x1000 [splat]", "GOE",
	  "[   80.000001] ==================================================================",
	  "[   80.000076] ==================================================================", 1 },
	{ "kfence", kfence_log, SPLAT_KFENCE, "BUG: KFENCE: use-after-free read in splat_init+0x4a/0x1000 [splat]",
	  "BUG: KFENCE: use-after-free read in splat_init+0x4a/0x1000 [splat]", "GBOE",
	  "[   90.000001] ==================================================================",
	  "[   90.000032] ==================================================================", 1 },
	{ "ubsan", ubsan_log, SPLAT_UBSAN, "UBSAN: array-index-out-of-bounds in /tmp/splat/splat.c:52:9",
	  "UBSAN: array-index-out-of-bounds in /tmp/splat/splat.c:52:9", "",
	  "[  100.000001] ================================================================================",
	  "[  100.000014] ================================================================================", 1 },
	{ "kcsan", kcsan_log, SPLAT_KCSAN, "BUG: KCSAN: data-race in splat_reader / splat_writer",
	  "BUG: KCSAN: data-race in splat_reader / splat_writer", "GOE",
	  "[  110.000001] ==================================================================",
	  "[  110.000019] ==================================================================", 1 },
	{ "lockdep", lockdep_log, SPLAT_LOCKDEP, "WARNING: possible circular locking dependency detected",
	  "WARNING: possible circular locking dependency detected", "GOE",
	  "[  120.000002] ======================================================", "[  120.000053]  </TASK>", 1 },
	{ "hung", hung_log, SPLAT_HUNG, "INFO: task insmod:510 blocked for more than 120 seconds.",
	  "INFO: task insmod:510 blocked", "GOE", "[  242.000001] INFO: task insmod:510 blocked for more than 120 seconds.",
	  "[  242.000040]  </TASK>", 1 },
	{ "softlockup", softlockup_log, SPLAT_SOFTLOCKUP, "watchdog: BUG: soft lockup - CPU#0 stuck for 26s! [insmod:520]",
	  "watchdog: BUG: soft lockup - CPU#0 [insmod:520]", "GOE",
	  "[   52.000001] watchdog: BUG: soft lockup - CPU#0 stuck for 26s! [insmod:520]", "[   52.000001]  </TASK>", 1 },
	{ "hardlockup", hardlockup_log, SPLAT_HARDLOCKUP, "NMI watchdog: Watchdog detected hard LOCKUP on cpu 1",
	  "NMI watchdog: Watchdog detected hard LOCKUP on cpu 1", "GOEL",
	  "[   60.000001] NMI watchdog: Watchdog detected hard LOCKUP on cpu 1", "[   60.000015]  </TASK>", 1 },
	{ "rcu-stall", rcu_log, SPLAT_RCU_STALL, "rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:",
	  "rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:", "GOEL",
	  "[  150.000001] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:", "[  150.000019]  </TASK>", 1 },
	{ "leak", leak_log, SPLAT_LEAK, "kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)",
	  "kmemleak: new suspected memory leaks", "",
	  "[  700.000001] kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)",
	  "[  700.000001] kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)", 1 },
	{ "panic", panic_log, SPLAT_PANIC, "Kernel panic - not syncing: sysrq triggered crash",
	  "Kernel panic - not syncing: sysrq triggered crash", "",
	  "[  800.000001] Kernel panic - not syncing: sysrq triggered crash",
	  "[  800.000014] ---[ end Kernel panic - not syncing: sysrq triggered crash ]---", 1 },
};

/* Feed LOG to SCANNER line by line, each ended by EOL ("" or "\r") instead of '\n'. */
static void
feed(struct splat_scanner *scanner, const char *log, const char *eol)
{
	while (*log) {
		size_t len = strcspn(log, "\n");
		char *line = malloc(len + strlen(eol) + 1);

		memcpy(line, log, len);
		strcpy(line + len, eol);
		splat_scan_line(scanner, line);
		free(line);
		log += len + (log[len] == '\n');
	}
}

/* Scan the whole of LOG with a new SCANNER. */
static void
scan(struct splat_scanner *scanner, const char *log)
{
	splat_scanner_init(scanner);
	feed(scanner, log, "");
	splat_scanner_finish(scanner);
}

/* Copy out the first line of TEXT, without its '\n'. */
static const char *
first_line(const char *text)
{
	static char line[2048];

	snprintf(line, sizeof line, "%.*s", (int)strcspn(text, "\n"), text);
	return line;
}

/* Copy out the last line of TEXT, without its '\n'. */
static const char *
last_line(const char *text)
{
	static char line[2048];
	size_t len = strlen(text);
	size_t start;

	if (len && text[len - 1] == '\n')
		len--;
	start = len;
	while (start && text[start - 1] != '\n')
		start--;
	snprintf(line, sizeof line, "%.*s", (int)(len - start), text + start);
	return line;
}

/* Count the lines of TEXT. */
static unsigned
lines_of(const char *text)
{
	unsigned lines = 0;

	for (; *text; text++)
		lines += *text == '\n';
	return lines;
}

/* Check that SPLAT is what WANT says. */
static void
check_splat(const struct splat *splat, const struct expected *want)
{
	if (!splat) {
		tap_ok(0, "%s: a splat", want->name);
		return;
	}
	tap_ok(splat->class == want->class, "%s: class %s (got %s)", want->name, splat_class_name(want->class),
	       splat_class_name(splat->class));
	tap_streq(splat->title, want->title, "%s: title", want->name);
	tap_streq(splat->summary, want->summary, "%s: summary", want->name);
	tap_streq(splat->taint, want->taint, "%s: taint", want->name);
	tap_ok(splat->complete == want->complete, "%s: %s", want->name, want->complete ? "complete" : "cut short");
	tap_ok(splat->count == 1, "%s: seen once (%u)", want->name, splat->count);
	tap_streq(first_line(splat->text), want->first, "%s: the text's first line", want->name);
	tap_streq(last_line(splat->text), want->last, "%s: the text's last line", want->name);
	tap_ok(splat->text_len == strlen(splat->text) && splat->text[splat->text_len - 1] == '\n',
	       "%s: text_len counts the text, which ends in a newline", want->name);
}

/* Count the lines of LOG from the one starting with FIRST to the one starting with LAST. */
static unsigned
lines_between(const char *log, const char *first, const char *last)
{
	const char *from = strstr(log, first), *to = strstr(log, last);

	if (!from || !to || to < from)
		return 0;
	return lines_of(from) - lines_of(to) + 1;
}

/* Check each class alone in its log. */
static void
test_one_each(void)
{
	struct splat_scanner scanner;

	for (size_t i = 0; i < sizeof one_each / sizeof one_each[0]; i++) {
		const struct expected *want = &one_each[i];
		const struct splat *splat;

		scan(&scanner, want->log);
		splat = splat_get(&scanner, 0);
		tap_ok(splat_count(&scanner) == 1 && !splat_dropped(&scanner), "%s: one splat (%zu)", want->name,
		       splat_count(&scanner));
		check_splat(splat, want);
		if (splat) {
			unsigned want_lines = lines_between(want->log, want->first, want->last);

			tap_ok(lines_of(splat->text) == want_lines, "%s: all %u lines from first to last (%u)",
			       want->name, want_lines, lines_of(splat->text));
			tap_ok(splat->at_boot, "%s: at boot", want->name);
		}
		splat_scanner_clear(&scanner);
	}
}

/* Scan LOG and return its only splat (NULL: not exactly one). */
static const struct splat *
only_splat(struct splat_scanner *scanner, const char *log, const char *what)
{
	scan(scanner, log);
	tap_ok(splat_count(scanner) == 1, "%s: one splat (%zu)", what, splat_count(scanner));
	return splat_count(scanner) == 1 ? splat_get(scanner, 0) : NULL;
}

/* Check that the message of WARN(cond, fmt), after "cut here", is part of the WARN. */
static void
test_warn_message(void)
{
	static const char log[] =
		"[   30.000001] ------------[ cut here ]------------\n"
		"[   30.000002] splat: value 42 out of range\n"
		"[   30.000003] WARNING: CPU: 0 PID: 415 at /tmp/splat/splat.c:30 splat_init+0x2a/0x1000 [splat]\n"
		"[   30.000004] Modules linked in: splat(OE+)\n"
		"[   30.000005] CPU: 0 PID: 415 Comm: insmod Tainted: G           OE      6.1.0-18-amd64 #1  Debian 6.1.76-1\n"
		"[   30.000006] Call Trace:\n"
		"[   30.000007]  <TASK>\n"
		"[   30.000008]  do_one_initcall+0x56/0x220\n"
		"[   30.000009]  </TASK>\n"
		"[   30.000010] ---[ end trace 0000000000000000 ]---\n";
	static const struct expected want = {
		"WARN with a message", log, SPLAT_WARN,
		"WARNING: CPU: 0 PID: 415 at /tmp/splat/splat.c:30 splat_init+0x2a/0x1000 [splat]",
		"WARNING at /tmp/splat/splat.c:30 splat_init+0x2a/0x1000 [splat]", "GOE",
		"[   30.000001] ------------[ cut here ]------------", "[   30.000010] ---[ end trace 0000000000000000 ]---", 1
	};
	struct splat_scanner scanner;
	const struct splat *splat = only_splat(&scanner, log, want.name);

	check_splat(splat, &want);
	tap_ok(splat && strstr(splat->text, "cut here ]------------\n[   30.000002] splat: value 42 out of range\n[   30.000003] WARNING"),
	       "the message is in the text, between cut here and the WARNING line");
	splat_scanner_clear(&scanner);
}

/* Check that a NULL dereference or a page fault and its Oops are one oops. */
static void
test_null_dereference(void)
{
	static const char log[] =
		"[   40.100000] BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
		"[   40.100010] #PF: supervisor write access in kernel mode\n"
		"[   40.100012] #PF: error_code(0x0002) - not-present page\n"
		"[   40.100014] PGD 0 P4D 0 \n"
		"[   40.100017] Oops: 0002 [#1] PREEMPT SMP NOPTI\n"
		"[   40.100020] CPU: 0 PID: 420 Comm: insmod Tainted: G        W  OE      6.1.0-18-amd64 #1  Debian 6.1.76-1\n"
		"[   40.100023] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
		"[   40.100025] RIP: 0010:splat_init+0x11/0x1000 [splat]\n"
		"[   40.100030] Code: Unable to access opcode bytes at 0xffffffffc0594fe7.\n"
		"[   40.100031] RSP: 0018:ffffb4a1c05dfc90 EFLAGS: 00010246\n"
		"[   40.100040] CR2: 0000000000000000 CR3: 0000000002a5e000 CR4: 00000000000006f0\n"
		"[   40.100042] Call Trace:\n"
		"[   40.100043]  <TASK>\n"
		"[   40.100044]  ? __die+0x1f/0x70\n"
		"[   40.100047]  ? page_fault_oops+0x171/0x4e0\n"
		"[   40.100053]  ? asm_exc_page_fault+0x22/0x30\n"
		"[   40.100059]  do_one_initcall+0x56/0x220\n"
		"[   40.100074] RIP: 0033:0x7f9d4c3d5779\n"
		"[   40.100080]  </TASK>\n"
		"[   40.100081] Modules linked in: splat(OE+) 9pnet_virtio 9p netfs\n"
		"[   40.100100] CR2: 0000000000000000\n"
		"[   40.100102] ---[ end trace 0000000000000000 ]---\n"
		"[   40.100105] RIP: 0010:splat_init+0x11/0x1000 [splat]\n"
		"[   40.100108] Code: Unable to access opcode bytes at 0xffffffffc0594fe7.\n"
		"[   40.100121] note: insmod[420] exited with irqs disabled\n";
	static const struct expected want = {
		"NULL dereference", log, SPLAT_OOPS, "BUG: kernel NULL pointer dereference, address: 0000000000000000",
		"BUG: kernel NULL pointer dereference", "GWOE",
		"[   40.100000] BUG: kernel NULL pointer dereference, address: 0000000000000000",
		"[   40.100102] ---[ end trace 0000000000000000 ]---", 1
	};
	static const char fault_log[] =
		"[   41.000001] BUG: unable to handle page fault for address: ffffffffc0a01000\n"
		"[   41.000002] #PF: supervisor write access in kernel mode\n"
		"[   41.000003] #PF: error_code(0x0003) - permissions violation\n"
		"[   41.000004] PGD 1c0e067 P4D 1c0e067 PUD 1c10067 PMD 3a4d067 PTE 800000000353a061\n"
		"[   41.000005] Oops: 0003 [#1] PREEMPT SMP NOPTI\n"
		"[   41.000006] CPU: 1 PID: 421 Comm: insmod Not tainted 6.1.0-18-amd64 #1  Debian 6.1.76-1\n"
		"[   41.000007] Call Trace:\n"
		"[   41.000008]  <TASK>\n"
		"[   41.000009]  do_one_initcall+0x56/0x220\n"
		"[   41.000010]  </TASK>\n"
		"[   41.000011] ---[ end trace 0000000000000000 ]---\n";
	struct splat_scanner scanner;
	const struct splat *splat = only_splat(&scanner, log, want.name);

	check_splat(splat, &want);
	splat_scanner_clear(&scanner);
	splat = only_splat(&scanner, fault_log, "page fault");
	tap_ok(splat && splat->class == SPLAT_OOPS && splat->complete, "page fault: a complete oops");
	tap_streq(splat ? splat->summary : NULL, "BUG: unable to handle page fault", "page fault: summary");
	tap_ok(splat && strstr(splat->text, "Oops: 0003 [#1]"), "page fault: the Oops is in its text");
	splat_scanner_clear(&scanner);
}

/* Check that the "kernel BUG at" of BUG() and its "invalid opcode" are one bug. */
static void
test_kernel_bug(void)
{
	static const char log[] =
		"[   50.000001] ------------[ cut here ]------------\n"
		"[   50.000002] kernel BUG at /tmp/splat/splat.c:40!\n"
		"[   50.000010] invalid opcode: 0000 [#1] PREEMPT SMP NOPTI\n"
		"[   50.000012] CPU: 1 PID: 430 Comm: insmod Tainted: G           OE      6.1.0-18-amd64 #1  Debian 6.1.76-1\n"
		"[   50.000013] RIP: 0010:splat_init+0x11/0x1000 [splat]\n"
		"[   50.000014] Call Trace:\n"
		"[   50.000015]  <TASK>\n"
		"[   50.000016]  ? die+0x2a/0x50\n"
		"[   50.000017]  ? do_trap+0xc5/0x110\n"
		"[   50.000018]  do_one_initcall+0x56/0x220\n"
		"[   50.000050]  </TASK>\n"
		"[   50.000051] Modules linked in: splat(OE+) 9pnet_virtio 9p netfs\n"
		"[   50.000060] ---[ end trace 0000000000000000 ]---\n"
		"[   50.000061] RIP: 0010:splat_init+0x11/0x1000 [splat]\n";
	static const struct expected want = {
		"kernel BUG at", log, SPLAT_BUG, "kernel BUG at /tmp/splat/splat.c:40!", "kernel BUG at /tmp/splat/splat.c:40!",
		"GOE", "[   50.000001] ------------[ cut here ]------------", "[   50.000060] ---[ end trace 0000000000000000 ]---", 1
	};
	struct splat_scanner scanner;

	check_splat(only_splat(&scanner, log, want.name), &want);
	splat_scanner_clear(&scanner);
}

/* Check that a list corruption and the WARN (or BUG) it raises are one bug. */
static void
test_list_double_add(void)
{
	static const char warn[] =
		"[   61.000001] ------------[ cut here ]------------\n"
		"[   61.000002] list_add double add: new=ffff9c0a42b8f6c0, prev=ffff9c0a42b8f6c0, next=ffffffffc0597100.\n"
		"[   61.000004] WARNING: CPU: 0 PID: 441 at lib/list_debug.c:33 __list_add_valid+0x7b/0xa0\n"
		"[   61.000005] Modules linked in: splat(OE+)\n"
		"[   61.000006] CPU: 0 PID: 441 Comm: insmod Tainted: G           OE      6.1.0-18-amd64 #1  Debian 6.1.76-1\n"
		"[   61.000007] Call Trace:\n"
		"[   61.000008]  <TASK>\n"
		"[   61.000009]  splat_init+0x3e/0x1000 [splat]\n"
		"[   61.000060]  </TASK>\n"
		"[   61.000061] ---[ end trace 0000000000000000 ]---\n";
	static const char bug[] =
		"[   60.000001] list_add double add: new=ffff9c0a42b8f6c0, prev=ffff9c0a42b8f6c0, next=ffffffffc0597100.\n"
		"[   60.000005] ------------[ cut here ]------------\n"
		"[   60.000006] kernel BUG at lib/list_debug.c:33!\n"
		"[   60.000012] invalid opcode: 0000 [#1] PREEMPT SMP NOPTI\n"
		"[   60.000014] CPU: 0 PID: 440 Comm: insmod Tainted: G           OE      6.1.0-18-amd64 #1  Debian 6.1.76-1\n"
		"[   60.000018] RIP: 0010:__list_add_valid.cold+0x3a/0x3c\n"
		"[   60.000030] Call Trace:\n"
		"[   60.000031]  <TASK>\n"
		"[   60.000032]  ? __die_body.cold+0x1a/0x1f\n"
		"[   60.000060]  </TASK>\n"
		"[   60.000061] Modules linked in: splat(OE+)\n"
		"[   60.000070] ---[ end trace 0000000000000000 ]---\n";
	static const struct expected want_warn = {
		"list_add double add, WARN", warn, SPLAT_BUG,
		"list_add double add: new=ffff9c0a42b8f6c0, prev=ffff9c0a42b8f6c0, next=ffffffffc0597100.",
		"list_add double add", "GOE", "[   61.000001] ------------[ cut here ]------------",
		"[   61.000061] ---[ end trace 0000000000000000 ]---", 1
	};
	static const struct expected want_bug = {
		"list_add double add, BUG", bug, SPLAT_BUG,
		"list_add double add: new=ffff9c0a42b8f6c0, prev=ffff9c0a42b8f6c0, next=ffffffffc0597100.",
		"list_add double add", "GOE",
		"[   60.000001] list_add double add: new=ffff9c0a42b8f6c0, prev=ffff9c0a42b8f6c0, next=ffffffffc0597100.",
		"[   60.000070] ---[ end trace 0000000000000000 ]---", 1
	};
	struct splat_scanner scanner;

	check_splat(only_splat(&scanner, warn, want_warn.name), &want_warn);
	splat_scanner_clear(&scanner);
	check_splat(only_splat(&scanner, bug, want_bug.name), &want_bug);
	splat_scanner_clear(&scanner);
}

/* Check a double kfree() as slub_debug=FZP reports it. */
static void
test_slab_double_free(void)
{
	static const char log[] =
		"[   70.000001] =============================================================================\n"
		"[   70.000003] BUG kmalloc-64 (Tainted: G    B      OE     ): Object already free\n"
		"[   70.000004] -----------------------------------------------------------------------------\n"
		"[   70.000005] \n"
		"[   70.000006] Allocated in splat_init+0x1a/0x1000 [splat] age=0 cpu=0 pid=450\n"
		"[   70.000010]  __kmem_cache_alloc_node+0x2b5/0x2f0\n"
		"[   70.000012]  kmalloc_trace+0x26/0x90\n"
		"[   70.000014]  splat_init+0x1a/0x1000 [splat]\n"
		"[   70.000030] Freed in splat_init+0x32/0x1000 [splat] age=0 cpu=0 pid=450\n"
		"[   70.000032]  kfree+0x2c5/0x300\n"
		"[   70.000050] Slab 0xffffe3c04010a3c0 objects=21 used=20 fp=0xffff9c0a428f0a80 flags=0x100000000010200(slab|head|node=0|zone=1)\n"
		"[   70.000052] Object 0xffff9c0a428f0a80 @offset=2688 fp=0xffff9c0a428f0b40\n"
		"[   70.000053]\n"
		"[   70.000054] Redzone  ffff9c0a428f0a40: bb bb bb bb bb bb bb bb bb bb bb bb bb bb bb bb  ................\n"
		"[   70.000056] Object   ffff9c0a428f0a80: 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b  kkkkkkkkkkkkkkkk\n"
		"[   70.000062] Padding  ffff9c0a428f0b14: 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a              ZZZZZZZZZZZZ\n"
		"[   70.000064] CPU: 0 PID: 450 Comm: insmod Tainted: G    B      OE      6.1.0-18-amd64 #1  Debian 6.1.76-1\n"
		"[   70.000066] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
		"[   70.000067] Call Trace:\n"
		"[   70.000068]  <TASK>\n"
		"[   70.000069]  dump_stack_lvl+0x44/0x5c\n"
		"[   70.000072]  free_debug_processing+0x1c1/0x320\n"
		"[   70.000075]  __slab_free+0xd3/0x4b0\n"
		"[   70.000090]  </TASK>\n"
		"[   70.000091] FIX kmalloc-64: Object at 0xffff9c0a428f0a80 not freed\n"
		"[   70.000100] splat: double free done\n";
	static const struct expected want = {
		"slab double free", log, SPLAT_BUG, "BUG kmalloc-64 (Tainted: G    B      OE     ): Object already free",
		"BUG kmalloc-64: Object already free", "GBOE",
		"[   70.000001] =============================================================================",
		"[   70.000091] FIX kmalloc-64: Object at 0xffff9c0a428f0a80 not freed", 1
	};
	struct splat_scanner scanner;

	check_splat(only_splat(&scanner, log, want.name), &want);
	splat_scanner_clear(&scanner);
}

/* Tell whether every line of TEXT has CALLER's id ("[  T412]"). */
static int
all_lines_of(const char *text, const char *caller)
{
	for (const char *line = text; *line; line = strchr(line, '\n') + 1) {
		const char *nl = strchr(line, '\n');
		const char *at = strstr(line, caller);

		if (!at || at > nl)
			return 0;
	}
	return 1;
}

/* Check that with caller ids a WARN and a hung task printed at once come apart. */
static void
test_interleaved_callers(void)
{
	static const char log[] =
		"[   25.130500][    T1] systemd[1]: Starting systemd-journald.service - Journal Service...\n"
		"[   25.130511][  T412] ------------[ cut here ]------------\n"
		"[   25.130512][   T35] INFO: task kworker/0:1:29 blocked for more than 2 seconds.\n"
		"[   25.130514][  T412] WARNING: CPU: 1 PID: 412 at /tmp/splat/splat.c:21 splat_init+0x15/0x1000 [splat]\n"
		"[   25.130515][   T35]       Not tainted 6.1.0-18-amd64 #1 Debian 6.1.76-1\n"
		"[   25.130516][    T1] systemd[1]: Started systemd-journald.service - Journal Service.\n"
		"[   25.130536][  T412] Modules linked in: splat(OE+)\n"
		"[   25.130537][   T35] \"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.\n"
		"[   25.130575][  T412] CPU: 1 PID: 412 Comm: insmod Tainted: G           OE      6.1.0-18-amd64 #1  Debian 6.1.76-1\n"
		"[   25.130576][   T35] task:kworker/0:1     state:D stack:0     pid:29    ppid:2      flags:0x00004000\n"
		"[   25.130577][    C0] random: crng init done\n"
		"[   25.130606][  T412] Call Trace:\n"
		"[   25.130607][   T35] Call Trace:\n"
		"[   25.130609][  T412]  <TASK>\n"
		"[   25.130610][   T35]  <TASK>\n"
		"[   25.130611][  T412]  ? __warn+0x7d/0xc0\n"
		"[   25.130612][   T35]  __schedule+0x351/0xa20\n"
		"[   25.130645][  T412]  do_one_initcall+0x56/0x220\n"
		"[   25.130646][   T35]  schedule+0x5d/0xe0\n"
		"[   25.130647][   T35]  </TASK>\n"
		"[   25.130648][    T1] systemd[1]: Mounted sys-kernel-debug.mount - Kernel Debug File System.\n"
		"[   25.130684][  T412]  </TASK>\n"
		"[   25.130685][  T412] ---[ end trace 0000000000000000 ]---\n"
		"[   25.130686][   T35] splat: the same caller, after its stack dump\n"
		"[   25.130687][  T412] splat: loaded\n";
	struct splat_scanner scanner;
	const struct splat *warn, *hung;

	scan(&scanner, log);
	tap_ok(splat_count(&scanner) == 2, "interleaved: two splats (%zu)", splat_count(&scanner));
	warn = splat_get(&scanner, 0);
	hung = splat_get(&scanner, 1);
	if (!warn || !hung || warn->class != SPLAT_WARN || hung->class != SPLAT_HUNG) {
		tap_ok(0, "interleaved: the WARN (begun first, at its cut here), then the hung task");
		splat_scanner_clear(&scanner);
		return;
	}
	tap_ok(1, "interleaved: the WARN (begun first, at its cut here), then the hung task");
	tap_ok(lines_of(warn->text) == 10 && all_lines_of(warn->text, "[  T412]"), "interleaved: the WARN has its 10 lines only");
	tap_streq(first_line(warn->text), "[   25.130511][  T412] ------------[ cut here ]------------", "interleaved: the WARN's first line");
	tap_streq(last_line(warn->text), "[   25.130685][  T412] ---[ end trace 0000000000000000 ]---", "interleaved: the WARN's last line");
	tap_ok(warn->complete && hung->complete, "interleaved: both complete");
	tap_streq(warn->taint, "GOE", "interleaved: the WARN's taint");
	tap_streq(hung->title, "INFO: task kworker/0:1:29 blocked for more than 2 seconds.", "interleaved: the hung task's title");
	tap_streq(hung->summary, "INFO: task kworker/0:1:29 blocked", "interleaved: the hung task's summary");
	tap_streq(hung->taint, "", "interleaved: the hung task is not tainted");
	tap_ok(lines_of(hung->text) == 9 && all_lines_of(hung->text, "[   T35]"), "interleaved: the hung task has its 9 lines only");
	tap_streq(last_line(hung->text), "[   25.130647][   T35]  </TASK>", "interleaved: the hung task's last line");
	splat_scanner_clear(&scanner);
}

/* Check that without caller ids every line printed during a splat is part of it. */
static void
test_interleaved_without_callers(void)
{
	static const char log[] =
		"[   25.130511] ------------[ cut here ]------------\n"
		"[   25.130514] WARNING: CPU: 1 PID: 412 at /tmp/splat/splat.c:21 splat_init+0x15/0x1000 [splat]\n"
		"[   25.130516] systemd[1]: Started systemd-journald.service - Journal Service.\n"
		"[   25.130606] Call Trace:\n"
		"[   25.130609]  <TASK>\n"
		"[   25.130645]  do_one_initcall+0x56/0x220\n"
		"[   25.130684]  </TASK>\n"
		"[   25.130685] ---[ end trace 0000000000000000 ]---\n"
		"[   25.130686] systemd[1]: Mounted sys-kernel-debug.mount - Kernel Debug File System.\n";
	struct splat_scanner scanner;
	const struct splat *splat = only_splat(&scanner, log, "without caller ids");

	tap_ok(splat && lines_of(splat->text) == 8 && strstr(splat->text, "Journal Service"),
	       "without caller ids: the line among the splat's is in it, the one after it is not");
	splat_scanner_clear(&scanner);
}

/* Check that a panic cuts a WARN short (panic_on_warn). */
static void
test_warn_cut_by_panic(void)
{
	static const char log[] =
		"[   30.000001] ------------[ cut here ]------------\n"
		"[   30.000002] WARNING: CPU: 0 PID: 412 at /tmp/splat/splat.c:21 splat_init+0x15/0x1000 [splat]\n"
		"[   30.000003] Modules linked in: splat(OE+)\n"
		"[   30.000004] CPU: 0 PID: 412 Comm: insmod Tainted: G           OE      6.1.0-18-amd64 #1  Debian 6.1.76-1\n"
		"[   30.000005] RIP: 0010:splat_init+0x15/0x1000 [splat]\n"
		"[   30.000006] RSP: 0018:ffffb4a1c05d7c88 EFLAGS: 00010246\n"
		"[   30.000007] Kernel panic - not syncing: kernel: panic_on_warn set ...\n"
		"[   30.000008] CPU: 0 PID: 412 Comm: insmod Tainted: G           OE      6.1.0-18-amd64 #1  Debian 6.1.76-1\n"
		"[   30.000009] Call Trace:\n"
		"[   30.000010]  <TASK>\n"
		"[   30.000011]  panic+0x118/0x2ed\n"
		"[   30.000012]  check_panic_on_warn.cold+0x16/0x16\n"
		"[   30.000013]  __warn+0x7d/0xc0\n"
		"[   30.000014]  </TASK>\n"
		"[   30.000015] Kernel Offset: disabled\n"
		"[   30.000016] Rebooting in 5 seconds..\n";
	static const char other_caller[] =
		"[   31.000001][  T412] ------------[ cut here ]------------\n"
		"[   31.000002][  T412] WARNING: CPU: 0 PID: 412 at /tmp/splat/splat.c:21 splat_init+0x15/0x1000 [splat]\n"
		"[   31.000003][  T412] Modules linked in: splat(OE+)\n"
		"[   31.000004][    T1] Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000009\n"
		"[   31.000005][    T1] ---[ end Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000009 ]---\n";
	struct splat_scanner scanner;
	const struct splat *warn, *panic;

	scan(&scanner, log);
	warn = splat_get(&scanner, 0);
	panic = splat_get(&scanner, 1);
	tap_ok(splat_count(&scanner) == 2 && warn->class == SPLAT_WARN && panic->class == SPLAT_PANIC,
	       "panic_on_warn: the WARN, then the panic");
	if (splat_count(&scanner) == 2) {
		tap_ok(!warn->complete, "panic_on_warn: the WARN is cut short");
		tap_streq(last_line(warn->text), "[   30.000006] RSP: 0018:ffffb4a1c05d7c88 EFLAGS: 00010246",
			  "panic_on_warn: the WARN ends before the panic");
		tap_ok(panic->complete, "panic_on_warn: the panic is complete");
		tap_streq(panic->title, "Kernel panic - not syncing: kernel: panic_on_warn set ...", "panic_on_warn: its title");
		tap_streq(last_line(panic->text), "[   30.000016] Rebooting in 5 seconds..", "panic_on_warn: the panic's last line");
		tap_streq(panic->taint, "GOE", "panic_on_warn: the panic's taint");
	}
	splat_scanner_clear(&scanner);
	scan(&scanner, other_caller);
	warn = splat_get(&scanner, 0);
	panic = splat_get(&scanner, 1);
	tap_ok(splat_count(&scanner) == 2 && warn->class == SPLAT_WARN && !warn->complete && lines_of(warn->text) == 3 &&
		       panic->class == SPLAT_PANIC && panic->complete,
	       "another caller's panic cuts the WARN short too");
	splat_scanner_clear(&scanner);
}

/* Check that a flood of the same soft lockup is one record, counted. */
static void
test_softlockup_flood(void)
{
	struct splat_scanner scanner;
	const struct splat *splat;
	char lockup[4096];

	splat_scanner_init(&scanner);
	for (int i = 0; i < 50; i++) {
		char stamp[16];

		snprintf(stamp, sizeof stamp, "%3d.000001", 52 + 26 * i);
		snprintf(lockup, sizeof lockup, SOFTLOCKUP("%1$s", "%2$d", "%3$s"), stamp, 26 + 26 * i, i ? "OEL" : "OE ");
		feed(&scanner, lockup, "");
	}
	splat_scanner_finish(&scanner);
	splat = splat_get(&scanner, 0);
	tap_ok(splat_count(&scanner) == 1 && !splat_dropped(&scanner), "a flood of soft lockups: one record (%zu)",
	       splat_count(&scanner));
	tap_ok(splat && splat->count == 50, "a flood of soft lockups: counted 50 times (%u)", splat ? splat->count : 0);
	tap_streq(splat ? splat->title : NULL, "watchdog: BUG: soft lockup - CPU#0 stuck for 26s! [insmod:520]",
		  "a flood of soft lockups: the first one is kept");
	tap_streq(splat ? splat->taint : NULL, "GOE", "a flood of soft lockups: with its taint");
	tap_ok(splat && splat->complete && lines_of(splat->text) == 16, "a flood of soft lockups: its own 16 lines");
	splat_scanner_clear(&scanner);
}

/* Check that beyond SPLAT_KEEP distinct splats the rest are counted, not kept. */
static void
test_keep_bound(void)
{
	struct splat_scanner scanner;
	char warn[512];
	int in_order = 1;

	splat_scanner_init(&scanner);
	for (int i = 0; i < SPLAT_KEEP + 6; i++) {
		snprintf(warn, sizeof warn,
			 "[   30.%06d] ------------[ cut here ]------------\n"
			 "[   30.%06d] WARNING: CPU: 0 PID: 412 at /tmp/splat/splat.c:%d splat_init+0x15/0x1000 [splat]\n"
			 "[   30.%06d] Call Trace:\n[   30.%06d]  <TASK>\n[   30.%06d]  </TASK>\n"
			 "[   30.%06d] ---[ end trace 0000000000000000 ]---\n",
			 i, i, 100 + i, i, i, i, i);
		feed(&scanner, warn, "");
	}
	splat_scanner_finish(&scanner);
	tap_ok(splat_count(&scanner) == SPLAT_KEEP, "%d distinct WARNs: %d kept (%zu)", SPLAT_KEEP + 6, SPLAT_KEEP,
	       splat_count(&scanner));
	tap_ok(splat_dropped(&scanner) == 6, "%d distinct WARNs: 6 dropped (%u)", SPLAT_KEEP + 6, splat_dropped(&scanner));
	for (int i = 0; i < SPLAT_KEEP; i++) {
		const struct splat *splat = splat_get(&scanner, (size_t)i);
		char summary[128];

		snprintf(summary, sizeof summary, "WARNING at /tmp/splat/splat.c:%d splat_init+0x15/0x1000 [splat]", 100 + i);
		if (!splat || strcmp(splat->summary, summary))
			in_order = 0;
	}
	tap_ok(in_order, "the first ones are kept, in order");
	tap_ok(!splat_get(&scanner, SPLAT_KEEP), "none past them");
	splat_scanner_clear(&scanner);
}

/* Check at_boot before and after the command, and a repeat counted in the first. */
static void
test_command_started(void)
{
	struct splat_scanner scanner;
	const struct splat *warn, *bug;

	splat_scanner_init(&scanner);
	feed(&scanner, warn_log, "");
	splat_scanner_command_started(&scanner);
	feed(&scanner, bug_log, "");
	feed(&scanner, warn_log, "");
	splat_scanner_finish(&scanner);
	warn = splat_get(&scanner, 0);
	bug = splat_get(&scanner, 1);
	tap_ok(splat_count(&scanner) == 2 && warn->class == SPLAT_WARN && bug->class == SPLAT_BUG,
	       "before and after the command: the WARN, then the BUG");
	if (splat_count(&scanner) == 2) {
		tap_ok(warn->at_boot && warn->count == 2, "the WARN is at boot, seen twice");
		tap_ok(!bug->at_boot && bug->count == 1, "the BUG is not at boot");
	}
	splat_scanner_clear(&scanner);
}

/* Check that a clean boot, WARNING and BUG inside some of its lines, has no splat. */
static void
test_clean_boot(void)
{
	static const char log[] =
		"[    0.000000] Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)\n"
		"[    0.000000] Command line: console=ttyS0 panic=-1 oops=panic rw\n"
		"[    0.000000] BIOS-provided physical RAM map:\n"
		"[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
		"[    0.000000] NX (Execute Disable) protection: active\n"
		"[    0.000000] DMI: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
		"[    0.000000] tsc: Fast TSC calibration using PIT\n"
		"[    0.000000] Kernel command line: console=ttyS0 panic=-1 oops=panic rw\n"
		"[    0.000000] Memory: 216604K/261752K available (14343K kernel code, 2340K rwdata, 8932K rodata, 2796K init, 17320K bss, 44888K reserved)\n"
		"[    0.000000] rcu: Preemptible hierarchical RCU implementation.\n"
		"[    0.000000] rcu: \tRCU restricting CPUs from NR_CPUS=8192 to nr_cpu_ids=2.\n"
		"[    0.000000] rcu: RCU calculated value of scheduler-enlistment delay is 25 jiffies.\n"
		"[    0.000000] kmemleak: Kernel memory leak detector disabled\n"
		"[    0.012345] Spectre V2 : WARNING: Unprivileged eBPF is enabled with eIBRS on, data leaks possible via Spectre v2 BHB attacks!\n"
		"[    0.023456] Freeing SMP alternatives memory: 40K\n"
		"[    0.034567] smpboot: CPU0: Intel Xeon Processor (Cascadelake) (family: 0x6, model: 0x55, stepping: 0x6)\n"
		"[    0.045678] NMI watchdog: Perf NMI watchdog permanently disabled\n"
		"[    0.056789] watchdog: Delayed init of the lockup detector failed: -19\n"
		"[    0.067890] ACPI: 1 ACPI AML tables successfully acquired and loaded, no WARNING\n"
		"[    0.078901] ACPI: Interpreter enabled\n"
		"[    0.089012] pci 0000:00:01.3: quirk: [io  0x0600-0x063f] claimed by PIIX4 ACPI\n"
		"[    0.090123] ==========================================\n"
		"[    0.090124] splat: a banner between two rules\n"
		"[    0.090125] ==========================================\n"
		"[    0.101234] clocksource: Switched to clocksource tsc-early\n"
		"[    0.112345] Trying to unpack rootfs image as initramfs...\n"
		"[    0.134567] RAS: Correctable Errors collector initialized.\n"
		"[    0.140000] Warning: unable to open an initial console.\n"
		"[    0.145678] Run /init as init process\n"
		"[    0.150000]   with arguments:\n"
		"[    0.150001]     /init\n"
		"[    0.156789] random: crng init done\n"
		"[    0.167890] virtio_blk virtio1: [vda] 2097152 512-byte logical blocks (1.07 GB/1.00 GiB)\n"
		"[    0.178901] EXT4-fs (vda): mounted filesystem with ordered data mode. Quota mode: none.\n"
		"[    0.189012] audit: type=1400 audit(1700000000.123:2): apparmor=\"STATUS\" operation=\"profile_load\" name=\"lsb_release\"\n"
		"[    0.190123] debug: unmapping init [mem 0xffffffff9a3c6000-0xffffffff9a3c7fff]\n"
		"[    0.200000] DEBUG_LIST: not a BUG, no Oops, no general protection fault\n"
		"[    0.201234] INFO: lockdep is turned off.\n"
		"[    0.212345] systemd[1]: Hostname set to <guest>.\n"
		"[    0.234567] 9pnet: Installing 9P2000 support\n"
		"[    0.240000] sysrq: SysRq : Changing Loglevel\n"
		"[    0.245678] FS-Cache: Loaded\n";
	struct splat_scanner scanner;

	scan(&scanner, log);
	tap_ok(splat_count(&scanner) == 0 && splat_dropped(&scanner) == 0, "a clean boot has no splat (%zu)",
	       splat_count(&scanner));
	splat_scanner_clear(&scanner);
}

/* Check that lines ending in "\r" (a serial console's) read as those without. */
static void
test_carriage_returns(void)
{
	struct splat_scanner plain, cr;
	const struct splat *a, *b;

	splat_scanner_init(&plain);
	splat_scanner_init(&cr);
	feed(&plain, warn_log, "");
	feed(&cr, warn_log, "\r");
	feed(&plain, hung_log, "");
	feed(&cr, hung_log, "\r\r");
	splat_scanner_finish(&plain);
	splat_scanner_finish(&cr);
	tap_ok(splat_count(&plain) == 2 && splat_count(&cr) == 2, "with and without \\r: the same splats");
	for (size_t i = 0; i < 2 && splat_count(&cr) == 2; i++) {
		a = splat_get(&plain, i);
		b = splat_get(&cr, i);
		tap_ok(!strcmp(a->title, b->title) && !strcmp(a->summary, b->summary) && !strcmp(a->taint, b->taint) &&
			       a->complete == b->complete && a->text_len == b->text_len && !strcmp(a->text, b->text),
		       "with and without \\r: splat %zu the same", i);
		tap_ok(!strchr(b->text, '\r') && !strchr(b->title, '\r'), "no \\r kept in splat %zu", i);
	}
	splat_scanner_clear(&plain);
	splat_scanner_clear(&cr);
}

/* Check that a splat that never ends is cut at SPLAT_LINES_MAX lines. */
static void
test_lines_bound(void)
{
	struct splat_scanner scanner;
	const struct splat *splat;
	char line[128];

	splat_scanner_init(&scanner);
	splat_scan_line(&scanner, "[    5.000000] BUG: workqueue lockup - pool cpus=0 node=0 flags=0x0 nice=0 stuck for 33s!");
	for (int i = 0; i < 2 * SPLAT_LINES_MAX; i++) {
		snprintf(line, sizeof line, "[    5.%06d] pool 0: cpus=0 node=0 flags=0x0 nice=0 hung=33s workers=%d", i, i);
		splat_scan_line(&scanner, line);
	}
	tap_ok(splat_count(&scanner) == 1, "a splat without end is closed at the bound, before the log's end");
	splat_scanner_finish(&scanner);
	splat = splat_get(&scanner, 0);
	tap_ok(splat && lines_of(splat->text) == SPLAT_LINES_MAX && !splat->complete,
	       "it has SPLAT_LINES_MAX lines and is cut short");
	tap_ok(splat && splat->class == SPLAT_BUG, "a workqueue lockup is a bug");
	tap_ok(splat_count(&scanner) == 1, "the lines after it begin nothing");
	splat_scanner_clear(&scanner);
}

/* Check that lines longer than the caller promises are cut, not overrun. */
static void
test_long_lines(void)
{
	struct splat_scanner scanner;
	const struct splat *splat;
	size_t len = 3 * SPLAT_LINE_MAX;
	char *line = malloc(len + 1);

	splat_scanner_init(&scanner);
	memset(line, 'x', len);
	line[len] = '\0';
	memcpy(line, "[    6.000000] BUG: scheduling while atomic: ", strlen("[    6.000000] BUG: scheduling while atomic: "));
	splat_scan_line(&scanner, line);
	memcpy(line, "[    6.000001]  ", strlen("[    6.000001]  "));
	splat_scan_line(&scanner, line);
	splat_scan_line(&scanner, "[    6.000002]  </TASK>");
	splat_scan_line(&scanner, "");
	splat_scanner_finish(&scanner);
	splat = splat_get(&scanner, 0);
	tap_ok(splat && splat->complete && lines_of(splat->text) == 3, "long lines: a complete splat of 3 lines");
	tap_ok(splat && strlen(splat->title) == SPLAT_LINE_MAX - 15 && strlen(first_line(splat->text)) == SPLAT_LINE_MAX,
	       "long lines: cut at SPLAT_LINE_MAX bytes");
	tap_streq(splat ? splat->summary : NULL, "BUG: scheduling while atomic", "long lines: the summary");
	free(line);
	splat_scanner_clear(&scanner);
}

/* Check that the log's end cuts short what is open, not a stack dump already over. */
static void
test_finish(void)
{
	static const char open[] =
		"[   25.130511] ------------[ cut here ]------------\n"
		"[   25.130514] WARNING: CPU: 1 PID: 412 at /tmp/splat/splat.c:21 splat_init+0x15/0x1000 [splat]\n"
		"[   25.130536] Modules linked in: splat(OE+)\n";
	static const char held[] = "[   25.130511] ------------[ cut here ]------------\n";
	struct splat_scanner scanner;
	const struct splat *splat;

	splat_scanner_init(&scanner);
	feed(&scanner, open, "");
	tap_ok(splat_count(&scanner) == 0, "an open splat is not yet counted");
	splat_scanner_finish(&scanner);
	splat = splat_get(&scanner, 0);
	tap_ok(splat_count(&scanner) == 1 && !splat->complete && lines_of(splat->text) == 3,
	       "the end of the log closes it, cut short");
	splat_scanner_clear(&scanner);
	scan(&scanner, held);
	tap_ok(splat_count(&scanner) == 0, "a lone cut here is no splat");
	splat_scanner_clear(&scanner);
	scan(&scanner, hung_log);
	tap_ok(splat_count(&scanner) == 1 && splat_get(&scanner, 0)->complete,
	       "a hung task whose stack dump was printed is complete at the end of the log");
	splat_scanner_clear(&scanner);
}

/* Check that of more callers at once than followed, those seen longest ago give way. */
static void
test_many_callers(void)
{
	struct splat_scanner scanner;
	char line[160];
	int cut_short = 0;

	splat_scanner_init(&scanner);
	for (int i = 0; i < SPLAT_CALLERS + 2; i++) {
		snprintf(line, sizeof line, "[    7.%06d][  T%d] BUG: sleeping function called from invalid context at mm/slab.c:%d", i,
			 100 + i, i);
		splat_scan_line(&scanner, line);
	}
	for (int i = 0; i < SPLAT_CALLERS + 2; i++) {
		snprintf(line, sizeof line, "[    8.%06d][  T%d]  </TASK>", i, 100 + i);
		splat_scan_line(&scanner, line);
	}
	splat_scanner_finish(&scanner);
	for (size_t i = 0; i < splat_count(&scanner); i++)
		cut_short += !splat_get(&scanner, i)->complete;
	tap_ok(splat_count(&scanner) == SPLAT_CALLERS + 2, "%d callers at once: all their splats (%zu)", SPLAT_CALLERS + 2,
	       splat_count(&scanner));
	tap_ok(cut_short == 2 && !splat_get(&scanner, 0)->complete && !splat_get(&scanner, 1)->complete,
	       "the two seen longest ago are cut short (%d)", cut_short);
	splat_scanner_clear(&scanner);
}

/* Check a caller id after a space, one without stamp, a line without either; and clear. */
static void
test_prefixes(void)
{
	struct splat_scanner scanner;
	const struct splat *splat;

	splat_scanner_init(&scanner);
	splat_scan_line(&scanner, "[   12.345678] [  T123] kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)");
	splat_scan_line(&scanner, "[  C1] Kernel panic - not syncing: Fatal exception in interrupt");
	splat_scan_line(&scanner, "general protection fault: 0000 [#1] SMP");
	splat_scanner_finish(&scanner);
	tap_ok(splat_count(&scanner) == 3, "three splats (%zu)", splat_count(&scanner));
	splat = splat_get(&scanner, 0);
	tap_streq(splat ? splat->title : NULL, "kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)",
		  "a caller id after a space is no part of the title");
	splat = splat_get(&scanner, 1);
	tap_streq(splat ? splat->title : NULL, "Kernel panic - not syncing: Fatal exception in interrupt",
		  "a caller id without stamp");
	tap_ok(splat && !splat->complete, "a panic the log ends in is cut short");
	splat = splat_get(&scanner, 2);
	tap_streq(splat ? splat->summary : NULL, "general protection fault", "a line without stamp");
	splat_scanner_clear(&scanner);
	tap_ok(splat_count(&scanner) == 0 && !splat_get(&scanner, 0), "clear leaves no splat");
	scan(&scanner, leak_log);
	tap_ok(splat_count(&scanner) == 1, "a cleared scanner scans again");
	splat_scanner_clear(&scanner);
}

/* Check that class names turn into classes and back. */
static void
test_class_names(void)
{
	enum splat_class class;
	int all = 1;

	for (int i = 0; i < SPLAT_CLASSES; i++)
		if (splat_class_parse(splat_class_name((enum splat_class)i), &class) || class != (enum splat_class)i)
			all = 0;
	tap_ok(all, "every class's name parses back to it");
	tap_streq(splat_class_name(SPLAT_RCU_STALL), "rcu-stall", "rcu-stall's name");
	tap_ok(splat_class_parse("WARN", &class) == -1 && splat_class_parse("", &class) == -1,
	       "unknown names do not parse");
	tap_ok(!splat_class_name(SPLAT_CLASSES), "the count is no class");
}

/* The kernel logs of tests/data, as Debian's 6.1 kernel printed them for
   the test module on a real guest: each gives its class, whole. */
static void
test_real_logs(void)
{
	static const struct {
		const char *file;
		enum splat_class class;
		size_t count;
		unsigned repeats;
	} logs[] = {
		{ "splat-none.log", SPLAT_WARN, 0, 0 }, { "splat-warn.log", SPLAT_WARN, 1, 1 },
		{ "splat-oops.log", SPLAT_OOPS, 1, 1 }, { "splat-hung.log", SPLAT_HUNG, 1, 3 },
		{ "splat-softlockup.log", SPLAT_SOFTLOCKUP, 1, 2 },
	};

	for (size_t i = 0; i < sizeof logs / sizeof logs[0]; i++) {
		char path[4096], line[2048];
		struct splat_scanner scanner;
		const struct splat *splat;
		FILE *log;

		snprintf(path, sizeof path, "%s/tests/data/%s", EB_ABS_SRCDIR, logs[i].file);
		log = fopen(path, "r");
		tap_ok(log != NULL, "%s is there", logs[i].file);
		if (!log)
			continue;
		splat_scanner_init(&scanner);
		while (fgets(line, sizeof line, log)) {
			line[strcspn(line, "\n")] = '\0';
			splat_scan_line(&scanner, line);
		}
		fclose(log);
		splat_scanner_finish(&scanner);
		splat = splat_get(&scanner, 0);
		tap_ok(splat_count(&scanner) == logs[i].count, "%s: %zu splat(s)", logs[i].file, splat_count(&scanner));
		if (splat)
			tap_ok(splat->class == logs[i].class && splat->count == logs[i].repeats && splat->complete,
			       "%s: a complete %s, seen %u times", logs[i].file, splat_class_name(splat->class), splat->count);
		splat_scanner_clear(&scanner);
	}
}

int
main(void)
{
	test_real_logs();
	test_class_names();
	test_one_each();
	test_warn_message();
	test_null_dereference();
	test_kernel_bug();
	test_list_double_add();
	test_slab_double_free();
	test_interleaved_callers();
	test_interleaved_without_callers();
	test_warn_cut_by_panic();
	test_softlockup_flood();
	test_keep_bound();
	test_command_started();
	test_clean_boot();
	test_carriage_returns();
	test_lines_bound();
	test_long_lines();
	test_finish();
	test_many_callers();
	test_prefixes();
	return tap_done();
}
