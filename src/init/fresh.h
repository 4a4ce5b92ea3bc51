/* What a machine restored from a snapshot must not share with the others
   restored from it: the clock and the entropy pool, set from the host's. */
#pragma once

#include "conf.h"

/* Set the clock from conf->clock, then mix conf->seed into the entropy
   pool and reseed the kernel's generator; failures are only reported. */
void fresh_apply(const struct conf *conf);
