#include "config.h"

#include <stdio.h>

#include "app.h"
#include "error.h"
#include "log.h"
#include "options.h"
#include "util.h"

int
main(int argc, char **argv)
{
	struct settings settings;
	int status;

	if (options_parse(argc, argv, &settings) < 0) {
		log_error("%s", err_get());
		options_clear(&settings);
		return EXIT_TOOL;
	}
	status = app_run(&settings);
	options_clear(&settings);
	return status;
}
