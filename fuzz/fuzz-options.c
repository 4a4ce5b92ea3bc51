/* libFuzzer harness: the command line parser.  The input is an argv with
   NUL bytes between arguments; each argument gets its own allocation so
   that reading past one is caught.  --disk, --image and --share look at
   the files they name: the parser runs in a scratch directory holding a
   qcow2 image, a raw image and a directory to name. */
#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "options.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_ARGS = 128 };

static char scratch[] = "/tmp/fuzz-options.XXXXXX";
static int scratch_fd = -1, start_fd = -1;

static void
write_file(const char *name, const char *data, size_t len)
{
	FILE *f = fopen(name, "w");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		perror(name);
		exit(1);
	}
}

static void
remove_scratch(void)
{
	unlinkat(scratch_fd, "x.qcow2", 0);
	unlinkat(scratch_fd, "someimage.qcow2", 0);
	unlinkat(scratch_fd, "disk.raw", 0);
	unlinkat(scratch_fd, "shared", AT_REMOVEDIR);
	rmdir(scratch);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	start_fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (start_fd < 0 || !mkdtemp(scratch) || chdir(scratch) < 0 || mkdir("shared", 0755) < 0) {
		perror(scratch);
		exit(1);
	}
	write_file("x.qcow2", "QFI\xfb\0\0\0\3", 8);
	write_file("someimage.qcow2", "QFI\xfb\0\0\0\3", 8);
	write_file("disk.raw", "\0\0\0\0\0\0\0\0", 8);
	scratch_fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	atexit(remove_scratch);
	/* libFuzzer's paths are relative to where it started. */
	if (scratch_fd < 0 || fchdir(start_fd) < 0) {
		perror(scratch);
		exit(1);
	}
	return 0;
}

/* Reads of these can block or take data from others: the disk checks
   must not open them. */
static int
names_blocking_file(char **argv, int argc)
{
	for (int i = 0; i < argc; i++)
		if (strstr(argv[i], "kmsg") || strstr(argv[i], "trace_pipe"))
			return 1;
	return 0;
}

/* Split DATA at NUL bytes into ARGV after argv[0]; the count. */
static int
split_args(const uint8_t *data, size_t size, char **argv)
{
	const uint8_t *p = data, *end = data + size;
	int argc = 0;

	argv[argc++] = strdup("eudyptula-boot");
	while (p < end && argc < MAX_ARGS) {
		const uint8_t *nul = memchr(p, '\0', (size_t)(end - p));
		size_t len = nul ? (size_t)(nul - p) : (size_t)(end - p);

		argv[argc++] = strndup((const char *)p, len);
		p += len + 1;
	}
	argv[argc] = NULL;
	return argc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 1];
	struct settings settings;
	int argc = split_args(data, size, argv);

	if (!names_blocking_file(argv, argc)) {
		/* getopt keeps state between calls: 0 asks glibc for a full restart. */
		optind = 0;
		if (fchdir(scratch_fd) < 0)
			abort();
		if (options_parse(argc, argv, &settings) == 0 &&
		    (!settings.root || settings.mem_mib == 0 || settings.cpus == 0))
			abort();
		options_clear(&settings);
		if (fchdir(start_fd) < 0)
			abort();
	}
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	return 0;
}
