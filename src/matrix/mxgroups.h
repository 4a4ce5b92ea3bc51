/* The [kernel NAME], [command NAME] and [host NAME] groups of a matrix file. */
#pragma once

#include "mxload.h"
#include "mxfile.h"

int mxgroups_kernel(const struct mx_loader *loader, const char *group, struct mx_kernel *kernel);
int mxgroups_command(const struct mx_loader *loader, const char *group, struct mx_command *command);
int mxgroups_host(const struct mx_loader *loader, const char *group, struct mx_host *host);
