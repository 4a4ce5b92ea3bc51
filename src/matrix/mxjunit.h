/* One JUnit XML document for a whole matrix: a testsuite per kernel, a
   testcase per target, its host as a property (data/junit.xsd). */
#pragma once

#include "mxstate.h"

/* Write RUN's targets to PATH; -1 with a message. */
int mxjunit_write(const struct mx_run *run, const char *path);
