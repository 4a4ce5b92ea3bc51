/* Leaving the initramfs for the new root. */
#pragma once

/* Move /proc, /sys and /dev into newroot, then make newroot "/".
   The initramfs files stay where they are, hidden: see switchroot.c. */
int switch_root(const char *newroot);
