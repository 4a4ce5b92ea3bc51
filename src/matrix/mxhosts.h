/* A matrix's libvirt hosts: reached once before anything runs, for how
   many guests each takes at once, and whether it answers at all. */
#pragma once

#include "mxstate.h"

/* Fill RUN->hosts for the hosts its targets use. */
void mxhosts_probe(struct mx_run *run);

void mxhosts_clear(struct mx_run *run);
