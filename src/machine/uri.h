/* Which libvirt URI a run uses, and why. */
#pragma once

#include <stdbool.h>

/* --connect, else LIBVIRT_DEFAULT_URI, else qemu:///system for root and
   qemu:///session for a user.  *why says which rule chose it (static). */
const char *uri_choose(const char *requested, const char **why);

/* True when WHY (from uri_choose) allows falling back to the embedded
   driver: root asked for no URI in particular. */
bool uri_may_embed(const char *why);

/* True for a URI whose QEMU runs under libvirt's own account (qemu:///system). */
bool uri_is_system(const char *uri);

/* True for a URI of another host, or through a transport (ssh, tcp, tls):
   the daemon there sees none of this machine's files. */
bool uri_is_remote(const char *uri);

/* [USER@]HOST of URI, for hints ("localhost" when it names none). */
char *uri_host(const char *uri);

/* True for a URI through ssh (qemu+ssh, qemu+libssh, qemu+libssh2). */
bool uri_is_ssh(const char *uri);

/* True for a URI of the system daemon (its path is /system), on any host. */
bool uri_wants_system(const char *uri);

/* The ssh command line that reaches an ssh URI's host ("ssh [-p PORT] [USER@]HOST"). */
char *uri_ssh_command(const char *uri);
