/* What the spares of one user share beside their run directories: a lock,
   so that two runs that each leave a spare count them one after the other,
   and the time spares were last ended, so that one still being prepared
   when --end-spares runs ends too instead of coming up after it. */
#pragma once

#include <stdbool.h>
#include <time.h>

/* Hold the spares' lock in PARENT (the run directories' parent): its
   descriptor, to close, or -1 with a message. */
int sparelock_take(const char *parent);

/* Note in PARENT that every spare was ended now; -1 with a message. */
int sparelock_mark_ended(const char *parent);

/* Whether spares were ended in PARENT at or after SINCE (read with
   sparelock_now: the clock file times are kept in). */
bool sparelock_ended_since(const char *parent, const struct timespec *since);

/* Now, on the clock file times are kept in. */
struct timespec sparelock_now(void);
