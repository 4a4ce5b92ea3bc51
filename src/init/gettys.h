/* Login shells on the extra console terminals, respawned while init waits
   for the command.  Init never touches those terminals itself: a write on
   a port with nobody on the host side may block, and only the shell should
   wait for that. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "conf.h"

/* Start login shells on hvc1..hvcN as conf asks; conf must stay valid. */
void gettys_start(const struct conf *conf);

/* If pid was a getty, start it again (unless it keeps failing) and return
   true; false for any other process. */
bool gettys_reaped(pid_t pid, int wstatus);
