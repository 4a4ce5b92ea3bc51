/* The private directory of one run: initrd copy and sockets. */
#pragma once

/* Create DIR, mode 0700; it must not exist yet. */
int rundir_create(const char *dir);

/* Remove DIR and everything under it. */
void rundir_remove(const char *dir);
