/* Running what run.conf asks for: a command, on pipes or the console
   terminal, or a login shell. */
#pragma once

#include "conf.h"
#include "ports.h"

/* Run it and return the status to report; bytes[] counts what went out
   on the stdout and stderr ports.  With pid1, returns only on failure. */
int run(const struct conf *conf, struct ports *ports, unsigned long long bytes[2]);

