/* Scope-bound cleanup helpers, in the style of bubblewrap's utils.h. */
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline void
cleanup_free_fn(void *p)
{
	free(*(void **)p);
}

static inline void
cleanup_fd_fn(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}

static inline void
cleanup_file_fn(FILE **f)
{
	if (*f)
		fclose(*f);
}

#define cleanup_free __attribute__((cleanup(cleanup_free_fn)))
#define cleanup_fd __attribute__((cleanup(cleanup_fd_fn)))
#define cleanup_file __attribute__((cleanup(cleanup_file_fn)))

/* Hand ownership of *pp to the caller and leave NULL behind. */
static inline void *
steal_pointer(void *pp)
{
	void **ptr = pp;
	void *ref = *ptr;

	*ptr = NULL;
	return ref;
}

/* Hand ownership of a file descriptor on, leaving -1 behind. */
static inline int
steal_fd(int *fd)
{
	int ref = *fd;

	*fd = -1;
	return ref;
}

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Exit statuses shared by the host program (see the man page). */
enum {
	EXIT_BOOT_HUNG = 122,   /* the boot watchdog: the command never started */
	EXIT_SPLAT = 123,       /* the command succeeded, the kernel splatted (--fail-on) */
	EXIT_TIMEOUT = 124,
	EXIT_TOOL = 125,
	EXIT_CANNOT_RUN = 126,
	EXIT_NOT_FOUND = 127,
	EXIT_GUEST_DIED = 255,
};
