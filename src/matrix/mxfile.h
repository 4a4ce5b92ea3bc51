/* What a matrix file describes: kernels, commands and libvirt hosts, and
   which of their combinations to run (see the man page, "MATRIX FILES"). */
#pragma once

#include <stddef.h>
#include <stdint.h>

struct mx_kernel {
	char *name;
	char *image;        /* image=, absolute; NULL for a tree */
	char *tree;         /* tree=, absolute: built as --build does */
	char *output;       /* output=: the build's O=; NULL: in the tree */
	char *cmdline;      /* cmdline= */
	uint64_t mem_mib;   /* mem=; 0: the tool's default */
	unsigned cpus;      /* cpus=; 0: the tool's default (1) */
};

struct mx_command {
	char *name;
	char **argv;        /* argv=, a list: no shell unless it runs one */
	unsigned timeout;   /* timeout=, seconds; 0: none */
	char **env;         /* env=, NAME=VALUE items added to the environment */
	char *cwd;          /* cwd=, absolute; NULL: the matrix's own */
	char *fail_on;      /* fail-on=, as --fail-on takes it */
	char **allow_splat; /* allow-splat=, regular expressions */
};

struct mx_host {
	char *name;
	char *uri;          /* uri=; NULL: the default URI (no [host NAME] in the file) */
	unsigned jobs;      /* jobs=; 0: from the host's CPUs and the guests' vCPUs */
};

struct mx_spec {
	char *path;
	struct mx_kernel *kernels;
	size_t kernel_count;
	struct mx_command *commands;
	size_t command_count;
	struct mx_host *hosts;
	size_t host_count;
	char *name;         /* [matrix] name=: the guests' domain names start with it */
	char **pick[3];     /* [matrix] kernels=, commands=, hosts=; NULL: all */
};

enum { MX_PICK_KERNELS, MX_PICK_COMMANDS, MX_PICK_HOSTS };

/* Longest group name: it goes into domain names and directory names. */
#define MX_NAME_MAX 32
