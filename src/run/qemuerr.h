/* QEMU's reason for not starting, out of libvirt's error message. */
#pragma once

#include <stdbool.h>

/* MESSAGE, libvirt's error, carries QEMU's stderr with its newlines
   escaped (\x0a), deprecation warnings and timestamps: QEMU's error
   lines first, unescaped, without timestamps, joined by "; " (the
   message unescaped on one line when it has none); with VERBOSE, the
   whole message follows in parentheses, its lines joined by " | ".  One
   line, allocated; NULL when out of memory in open_memstream or its
   stream: the caller then shows libvirt's message as it is, rather than
   die while it reports why the guest did not start. */
char *qemuerr_format(const char *message, bool verbose);
