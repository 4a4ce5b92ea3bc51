/* Environment assignments the user gives (--env, a matrix's env=). */
#pragma once

#include <stdbool.h>

/* Whether ITEM is NAME=VALUE with a NAME a shell would take. */
bool envvar_is_assignment(const char *item);
