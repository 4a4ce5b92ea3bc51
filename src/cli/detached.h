/* Guests that run on without the tool: --detach, --attach, --status. */
#pragma once

#include <libvirt/libvirt.h>

#include "options.h"
#include "outcome.h"
#include "plan.h"

/* Start the domain without autodestroy, keep FACTS for its verdict, say
   how to reach it, and return. */
int detached_start(virConnectPtr conn, const char *xml, const struct plan *plan, const struct run_facts *facts);

/* --status=NAME: "running", or the recorded exit status, the splats and
   the verdict (with --fail-on and --allow-splat), written as a report in
   the run directory; returns the tool's exit status (the run's once it
   has ended). */
int detached_status(const struct settings *settings);

/* --attach=NAME: the terminal on the guest's console until ^] or its end. */
int detached_attach(const struct settings *settings);
