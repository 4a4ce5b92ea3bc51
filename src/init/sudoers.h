/* sudo for the -u user in the guest, as root's own shell has it. */
#pragma once

#include "user.h"

/* When the root has sudo (/etc/sudoers), bind mount a sudoers over it
   that lets U do anything without a password; the host's file is never
   written.  Nothing without a named user. */
void sudoers_grant(const struct user *u);
