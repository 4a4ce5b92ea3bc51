/* /etc/resolv.conf for the guest's network, on a root that may be
   read-only or the host's own. */
#pragma once

#include <stdbool.h>

/* Make /etc/resolv.conf name server: write it under /run and bind it there,
   or write the file under /run a symlink there points to.  create allows
   making a missing /etc/resolv.conf (or symlink target) to mount on.
   Failures are reported. */
void resolv_setup(const char *server, bool create);
