/* Reading a matrix file into its description, refused with the line of
   what is wrong before anything runs. */
#pragma once

#include "mxfile.h"

/* Load PATH into SPEC; -1 with a message "PATH:LINE: ..." before anything runs. */
int mxspec_load(const char *path, struct mx_spec *spec);

void mxspec_clear(struct mx_spec *spec);
