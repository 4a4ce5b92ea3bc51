/* The processes of a matrix: a run of this program per target (an
   ordinary run, its files in the target's results directory) and a build
   per kernel tree. */
#pragma once

#include "mxstate.h"

/* Start TARGET's run; -1 with a message. */
int mxspawn_run(const struct mx_run *run, struct mx_target *target);

/* Start the build of kernel INDEX, its output in its log; -1 with a message. */
int mxspawn_build(const struct mx_run *run, size_t index);
