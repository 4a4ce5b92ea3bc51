/* The kernel messages printed after the snapshot point.  A warm spare's
   serial console has no reader while it waits (QEMU drops what it
   writes), so the spare's run gets them again from /dev/kmsg. */
#pragma once

/* Remember where the kernel log stands: the snapshot point. */
void klog_mark(void);

/* Write the messages printed since klog_mark() on ttyS0, as the console
   prints them, then forget the mark. */
void klog_replay(void);

/* Forget the mark (a run whose console was read all along). */
void klog_forget(void);
