/* Loading the kernel modules the initramfs carries. */
#pragma once

/* Load the modules modules.list names, in order; failures are only reported. */
void modules_load(void);

/* Name the modules loaded (a -v message: they load before the settings
   that say whether to show it arrive). */
void modules_report(void);
