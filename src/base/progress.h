/* Progress lines for the process that started this one: a matrix run
   hands each of its runs a pipe, named by EUDYPTULA_BOOT_PROGRESS_FD,
   and shows what they say ("running" once the command starts). */
#pragma once

#define PROGRESS_ENV "EUDYPTULA_BOOT_PROGRESS_FD"

/* Take the descriptor from the environment, once at start, and remove the
   variable so that the guest's command never sees it. */
void progress_init(void);

/* Say WHAT on its line; nothing without a descriptor. */
void progress_note(const char *what);
