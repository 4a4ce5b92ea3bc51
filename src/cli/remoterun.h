/* A run on another host: the files its domain needs, uploaded there. */
#pragma once

#include <libvirt/libvirt.h>

#include "plan.h"
#include "runconf.h"

/* Upload PLAN's kernel and initrd to its host's pool unless they are
   there, and the image of MODULES_DIR (NULL: none) when that host lacks
   the modules (then CONF says so); point PLAN's domain at those copies
   (which PLAN then holds).  -1 with a message. */
int remoterun_upload(virConnectPtr conn, struct plan *plan, const char *modules_dir, struct runconf *conf);
