/* The network of QEMU's user mode, set up statically (no DHCP client). */
#pragma once

/* Configure the interface with the contract's MAC address and a default
   route, waiting a little for its driver; failures are reported. */
void net_setup(void);
