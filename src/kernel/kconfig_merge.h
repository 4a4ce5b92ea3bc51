/* --kconfig: show or merge the configuration a kernel needs for this tool. */
#pragma once

/* Print the fragment on stdout, or with TREE merge it into TREE/.config
   with the kernel's own scripts/kconfig/merge_config.sh. */
int kconfig_fragment_apply(const char *tree);
