/* Loading the kernel modules the initramfs carries. */
#pragma once

/* Load the modules modules.list names, in order; failures are only reported. */
void modules_load(void);
