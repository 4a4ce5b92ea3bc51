/* Leaving a warm spare behind a run: its directory, and a process of its
   own that prepares it while the tool exits (spareprep.h). */
#pragma once

#include "plan.h"

/* Set in the environment of the process that prepares a spare; it reads
   its request on its standard input. */
#define SPARERUN_ENV "EUDYPTULA_BOOT_PREPARE_SPARE"

/* Leave a spare of PLAN's shape for the next run, its domain XML, its
   snapshot bound to VERSIONS; a failure is only a warning. */
void sparerun_leave(const struct plan *plan, const char *xml, const char *versions);

/* Warn once of why the last spare could not be prepared, if it could not:
   its process has no terminal to say it on. */
void sparerun_tell_failure(void);

/* The whole of the preparing process; its exit status. */
int sparerun_prepare_main(void);
