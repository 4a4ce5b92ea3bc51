/* The private directory of one run: initrd copy and sockets. */
#pragma once

#include <libvirt/libvirt.h>

/* Create DIR, mode 0700 (it must not exist yet), with the marker that
   proves the tool made it and records our PID. */
int rundir_create(const char *dir);

/* Remove the files a run puts in DIR (by name and type; the embedded
   driver's libvirt/ tree without following links), then DIR itself unless
   something else is in it. */
void rundir_remove(const char *dir);

/* Remove the run directories beside RUN_DIR that a killed run left: ours
   (private, with a marker naming the directory), recording a process that
   is gone, not a detached run's (it keeps its logs for --status), and
   naming no domain on CONN. */
void rundir_clean_stale(virConnectPtr conn, const char *run_dir);
