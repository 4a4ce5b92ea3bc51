/* The commands that reach a running guest, printed before it boots. */
#pragma once

#include "plan.h"

/* Say how to attach gdb, the monitor, the serial ports and the consoles. */
void hints_print(const struct plan *plan);
