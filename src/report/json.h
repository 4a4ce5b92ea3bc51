/* The run's report as a JSON document (--report): see the man page's
   field table. */
#pragma once

#include "record.h"

/* Write RECORD to PATH (replacing it whole); -1 with a message. */
int report_json_write(const struct report_record *record, const char *path);
