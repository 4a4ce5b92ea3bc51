/* Login shells on the extra console terminals, respawned while init waits
   for the command.  Init never writes on those terminals itself: a write on
   a port with nobody on the host side may block, and only the shell should
   wait for that.  The shared console (a serial port, whose writes never
   block) gets a login shell when a key is pressed there, again after each
   one ends. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "conf.h"

/* Start login shells on hvc1..hvcN as conf asks and watch the shared
   console; conf must stay valid. */
void gettys_start(const struct conf *conf);

/* The shared console while it waits for a key to start its shell; else -1. */
int gettys_key_fd(void);

/* gettys_key_fd() polled with REVENTS: start the shell on a key. */
void gettys_key_ready(short revents);

/* If pid was a getty, start it again (unless it keeps failing) and return
   true; false for any other process. */
bool gettys_reaped(pid_t pid, int wstatus);
