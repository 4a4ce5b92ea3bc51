/* The private directory of one run: initrd copy and sockets. */
#pragma once

#include <libvirt/libvirt.h>

/* Create DIR, mode 0700 (it must not exist yet), recording our PID in it. */
int rundir_create(const char *dir);

/* Remove DIR and everything under it. */
void rundir_remove(const char *dir);

/* Remove the run directories beside RUN_DIR that a killed run left: ours,
   recording a PID that is gone, not a detached run's (it keeps its logs
   for --status), and naming no domain on CONN. */
void rundir_clean_stale(virConnectPtr conn, const char *run_dir);
