/* The rest of /dev, once in the new root. */
#pragma once

/* Mount devpts and /dev/shm, add the usual symlinks; failures are reported. */
void dev_setup(void);
