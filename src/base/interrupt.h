/* SIGINT, SIGTERM and SIGHUP outside the session's own handling: while a
   run prepares or cleans up, a signal is noted and acted on at the next
   step, so that it still removes what it made.  A second one of the same
   kind acts at once, for a step that hangs. */
#pragma once

/* Note those signals from now on (again after the session's handlers). */
void interrupt_defer(void);

/* The first signal noted, or 0. */
int interrupt_pending(void);
