/* The run as a JUnit XML test case (--junit), for CI systems that show
   test results: see the man page's field table. */
#pragma once

#include "record.h"

/* Write RECORD to PATH; -1 with a message. */
int report_junit_write(const struct report_record *record, const char *path);
