/* File systems: the initramfs basics, the new root and its scratch areas. */
#pragma once

#include "conf.h"

/* Mount /proc, /sys and /dev (devtmpfs) in the initramfs. */
int mounts_early(void);

/* Mount the root share as conf asks; *newroot is where it ends up. */
int mounts_root(const struct conf *conf, const char **newroot);

/* After switch_root: fresh tmpfs on /tmp, /run, /var/tmp and /var/log,
   keeping the entry that holds cwd visible. */
void mounts_scratch(const char *cwd);

/* After switch_root: the modules share on /lib/modules/RELEASE, if asked. */
void mounts_modules(const struct conf *conf);

/* After the scratch areas: the 9P shares of run.conf, in order; one that
   cannot be mounted is reported and skipped. */
void mounts_shares(const struct conf *conf);
