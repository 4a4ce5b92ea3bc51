/* --init=PROGRAM: a static program as the guest's /init, its console as stdout. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "kernlog.h"

struct console_split {
	char line[4096];
	size_t len;
	bool verbose;  /* kernel lines go to stderr too */
};

/* Split console bytes: the program's lines to stdout, kernel lines
   (those with a printk timestamp) to the kernel log only. */
void initprog_console(struct console_split *split, struct kernlog *log, const char *buf, size_t len);

/* Write out a last line that has no newline. */
void initprog_flush(struct console_split *split, struct kernlog *log);

/* The program's exit status from the kernel log: the code in "Attempted to
   kill init! exitcode=0x..." when it returned, 255 on another panic, 0 when
   it stopped the machine itself. */
int initprog_status(const struct kernlog *log);

/* Write an initramfs holding only PROGRAM as /init to PATH. */
int initprog_initramfs(const char *program, const char *path);
