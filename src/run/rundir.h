/* The private directory of one run: initrd copy and sockets. */
#pragma once

#include <stdbool.h>

#include <libvirt/libvirt.h>

/* The longest name of a socket in a run directory (--extra-gettys=7). */
#define RUNDIR_LONGEST_SOCKET "console7.sock"

/* The directory of this user's run directories (allocated):
   $XDG_RUNTIME_DIR/eudyptula-boot when XDG_RUNTIME_DIR is a directory of
   the user's, else /tmp/eudyptula-boot-UID. */
char *rundir_parent(void);

/* Create DIR, mode 0700, with the marker that proves the tool made it and
   records our PID; first its parent, 0700, unless it is there (it must be
   the user's own directory, not a link). A DIR that exists is the error,
   naming what holds it (a live run, a detached run's record, something
   else), unless a killed run left it: that is removed and made anew. */
int rundir_create(const char *dir);

/* Record this process as DIR's owner in its marker: a warm spare's
   directory, made by the run before it, outlives that run. */
int rundir_adopt(const char *dir);

/* The embedded driver's root for RUN_DIR (allocated): beside it, named
   by a hash of its name, short whatever the name, since libvirt makes
   sockets four levels below it (the run directory itself is too deep). */
char *rundir_embed_root(const char *run_dir);

/* Remove the files a run puts in DIR (by name and type), then DIR itself
   unless something else is in it, and the embedded driver's root beside
   it (without following links). */
void rundir_remove(const char *dir);

/* Remove the run directories beside RUN_DIR that a killed run left: ours
   (private, with a marker naming the directory), recording a process that
   is gone, not a detached run's (it keeps its logs for --status), and
   naming no domain on CONN. */
void rundir_clean_stale(virConnectPtr conn, const char *run_dir);

/* Once connected to CONN (URI): clean up the killed runs' directories
   beside RUN_DIR (not through the EMBEDDED driver, which cannot tell
   whether their domains run), then fail, naming the clash, when a domain
   of RUN_DIR's name already exists. */
int rundir_claim(virConnectPtr conn, const char *uri, const char *run_dir, bool embedded);
