#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "size.h"

/* MiB per unit for the suffix letter, 0 when unknown. */
static double
size_unit_mib(const char *suffix)
{
	static const struct {
		const char *names[4];
		double mib;
	} units[] = {
		{ { "", "M", "MiB", "MB" }, 1.0 },
		{ { "K", "KiB", "KB", NULL }, 1.0 / 1024 },
		{ { "G", "GiB", "GB", NULL }, 1024.0 },
		{ { "T", "TiB", "TB", NULL }, 1024.0 * 1024 },
	};

	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		for (size_t j = 0; j < 4 && units[i].names[j]; j++)
			if (strcasecmp(suffix, units[i].names[j]) == 0)
				return units[i].mib;
	return 0;
}

int
size_parse_mib(const char *text, uint64_t max_mib, uint64_t *mib)
{
	char *end;
	double number, unit, total;

	if (!*text || !(isdigit((unsigned char)text[0]) || text[0] == '.'))
		return err_set("invalid memory size '%s': use a positive size such as 512M, 2G or 1.5G", text);
	errno = 0;
	number = strtod(text, &end);
	unit = size_unit_mib(end);
	if (errno || unit == 0)
		return err_set("invalid memory size '%s': use a positive size such as 512M, 2G or 1.5G", text);
	total = number * unit;
	if (total < 1)
		return err_set("memory size '%s' is too small: give at least 1M (e.g. 512M)", text);
	if (total > (double)max_mib)
		return err_set("memory size '%s' is too large: at most %lluM", text, (unsigned long long)max_mib);
	*mib = (uint64_t)total;
	return 0;
}

int
size_parse_uint(const char *text, unsigned long min, unsigned long max, unsigned long *value)
{
	char *end;
	unsigned long number;

	if (!isdigit((unsigned char)text[0]))
		return err_set("'%s' is not a number between %lu and %lu", text, min, max);
	errno = 0;
	number = strtoul(text, &end, 10);
	if (errno || *end || number < min || number > max)
		return err_set("'%s' is not a number between %lu and %lu", text, min, max);
	*value = number;
	return 0;
}
