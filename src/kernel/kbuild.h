/* --build: a kernel tree's own make, for the image, the modules and their
   installation into a staging directory of the cache. */
#pragma once

#include <stdbool.h>

struct kbuild_request {
	const char *tree;       /* the source tree */
	const char *output;     /* O= or KBUILD_OUTPUT: where the build goes; NULL: the tree */
	bool verbose;           /* make's output on stderr too */
	bool progress;          /* a progress line, updated in place on a terminal */
	unsigned jobs;          /* make -j */
};

struct kbuild_result {
	char *build_dir;        /* where the image and .config are (absolute) */
	char *staging;          /* INSTALL_MOD_PATH of its modules; NULL: no modules */
	char *log_path;         /* make's output */
	char *version;          /* make kernelversion */
};

/* Whether DIR looks like a kernel source tree. */
bool kbuild_is_tree(const char *dir);

/* Configure (when there is no .config), build and install the modules of
   REQUEST's tree; -1 with a message, after printing the log's last lines,
   when make failed. */
int kbuild_run(const struct kbuild_request *request, struct kbuild_result *result);

void kbuild_result_clear(struct kbuild_result *result);

/* Where a --build of BUILD_DIR (absolute) installed its modules, in the
   cache (allocated), for a later run of the built tree; NULL when none did. */
char *kbuild_staged(const char *build_dir);
