/* The network of QEMU's user mode, set up statically (no DHCP client). */
#pragma once

/* Configure the interface with the contract's MAC address and a default
   route, waiting a little for its driver; -1 with a message on failure. */
int net_setup(void);
