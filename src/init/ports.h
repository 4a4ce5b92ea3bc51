/* The virtio-serial ports of the contract, found by name. */
#pragma once

#include <stdbool.h>

struct ports {
	int in;			/* read-only: the command's stdin */
	int out;
	int err;
	int control;		/* read-write: exit line out, winsize lines in */
};

#define PORTS_INIT { -1, -1, -1, -1 }

/* Open the control port, and the stream ports too when streams is set,
   waiting for the driver to name them; -1 with a message if one is missing. */
int ports_open(struct ports *ports, bool streams, bool with_stdin);
