/* Parsing the sizes and counts people type on a command line. */
#pragma once

#include <stdint.h>

/* Parse a memory size into MiB: "512M", "2G", "1.5G", "2048" (MiB), "1T".
   Refuses zero, negatives, unknown suffixes and sizes beyond MAX_MIB. */
int size_parse_mib(const char *text, uint64_t max_mib, uint64_t *mib);

/* Parse a decimal integer within [MIN, MAX]. */
int size_parse_uint(const char *text, unsigned long min, unsigned long max, unsigned long *value);
