#include "config.h"

#include <ctype.h>
#include <string.h>

#include "envvar.h"

bool
envvar_is_assignment(const char *item)
{
	size_t len = strcspn(item, "=");
	bool good = len > 0 && item[len] == '=' && !isdigit((unsigned char)item[0]);

	for (size_t c = 0; good && c < len; c++)
		good = isalnum((unsigned char)item[c]) || item[c] == '_';
	return good;
}
