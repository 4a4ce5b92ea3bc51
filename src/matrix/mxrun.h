/* Running a matrix's targets: its kernel trees built once each, then its
   runs, at most a host's jobs at once on it, until all have ended or a
   signal ends the matrix. */
#pragma once

#include "mxstate.h"

/* Run every target of RUN to its end; -1 with a message when the matrix
   cannot run at all. */
int mxrun_all(struct mx_run *run);
