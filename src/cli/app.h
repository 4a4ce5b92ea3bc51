/* One run of the program, from settings to exit status. */
#pragma once

#include "options.h"

/* Boot (or describe) the guest SETTINGS ask for; returns the exit status. */
int app_run(const struct settings *settings);
