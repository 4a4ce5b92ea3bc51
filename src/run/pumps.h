/* What the session's pumps (pumps.c) and its stdin (input.c) share. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "session.h"

/* ^] as in virsh console: leaves the console. */
#define DETACH_KEY 0x1d

/* Send a short line on the control channel. */
void pumps_control_send(struct session *s, const char *line);

/* Forget the stdin packets the guest has taken, up to ACKED bytes. */
void input_taken(struct session *s, uint64_t acked);

/* Read stdin again if the window and the stream allow it. */
void input_resume(struct session *s);

/* The event loop's callback for readable stdin. */
void stdin_readable(int watch, int fd, int events, void *opaque);
