#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "app.h"
#include "error.h"
#include "log.h"
#include "options.h"
#include "progress.h"
#include "sparerun.h"
#include "util.h"

int
main(int argc, char **argv)
{
	struct settings settings;
	int status;

	/* It boots the caller's files as a machine: privileges must be the caller's own. */
	if (getuid() != geteuid() || getgid() != getegid()) {
		log_error("refusing to run setuid or setgid: run it as yourself (root for qemu:///system)");
		return EXIT_TOOL;
	}
	progress_init();
	if (getenv(SPARERUN_ENV))
		return sparerun_prepare_main();
	if (options_parse(argc, argv, &settings) < 0) {
		log_error("%s", err_get());
		options_clear(&settings);
		return EXIT_TOOL;
	}
	status = app_run(&settings);
	options_clear(&settings);
	return status;
}
