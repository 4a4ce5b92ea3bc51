/* Machine-wide settings and the stop. */
#pragma once

/* Set the host name. */
void system_hostname(const char *name);

/* Bring the loopback interface up. */
void system_loopback(void);


/* End every other process and remount / read-only, so that a disk image
   written in place is left clean (no journal to replay). */
void system_release_root(void);

/* Flush and reset the machine; the domain ends on a reset. */
void system_stop(void) __attribute__((noreturn));
