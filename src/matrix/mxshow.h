/* What a matrix shows while it runs and once it has: on a terminal a line
   per target redrawn in place with a summary line, else a line per event;
   at the end a table with totals and the slowest targets. */
#pragma once

#include "mxstate.h"

/* TARGET changed state: a line when not live. */
void mxshow_event(const struct mx_run *run, const struct mx_target *target);

/* Redraw the live status (nothing when not live). */
void mxshow_draw(struct mx_run *run);

/* Remove the live status, before the table. */
void mxshow_erase(struct mx_run *run);

/* The final table on stdout. */
void mxshow_table(const struct mx_run *run);

/* The targets as --matrix-list prints them. */
void mxshow_list(const struct mx_spec *spec, const struct mx_targets *targets);
