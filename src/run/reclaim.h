/* A run's guest after the connection to libvirtd was lost. */
#pragma once

#include <libvirt/libvirt.h>

/* Wait a few seconds for libvirtd at URI to come back and destroy the
   domain UUID there; otherwise say how to do it (NAME in the message). */
void reclaim_domain(const char *uri, const unsigned char uuid[VIR_UUID_BUFLEN], const char *name);
