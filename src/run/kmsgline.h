/* Lines of the kernel's log: the stamp and caller id before them, and
   the shapes of the lines its reports are made of. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Bytes kept of one line; the rest of a longer one is cut. */
#define KMSG_LINE_MAX 1024

/* One line, taken apart. */
struct kmsg_line {
	char text[KMSG_LINE_MAX + 1];   /* as printed, without '\r', cut at KMSG_LINE_MAX */
	const char *body;               /* past the "[   12.345678]" stamp, the "[  T123]" caller id and the space after them */
	char caller[16];                /* "T123", "C1"; "" without a caller id */
};

/* Take LINE (without its '\n') apart into L. */
void kmsg_line_split(struct kmsg_line *l, const char *line);

/* True when S begins with PREFIX. */
bool kmsg_starts_with(const char *s, const char *prefix);

/* S without its trailing blanks, in place. */
char *kmsg_trim_end(char *s);

/* True when BODY is a rule of '=' (around KASAN's, UBSAN's, lockdep's, slab reports). */
bool kmsg_is_rule(const char *body);

/* True when BODY is "------------[ cut here ]------------". */
bool kmsg_is_cut_here(const char *body);

/* True when BODY is the " </TASK>" that ends a stack dump. */
bool kmsg_is_stack_end(const char *body);

/* True when BODY, after a report's stack dump, is still part of the
   report: indented, "<IRQ>", "Call Trace:", "Modules linked in:",
   "CR2:", "FIX ", "---[ end trace". */
bool kmsg_goes_on_stack(const char *body);

/* True when BODY begins another part of an RCU stall, with a stack dump
   of its own: another CPU's backtrace, the grace-period kthread's. */
bool kmsg_goes_on_stall(const char *body);

/* The taint BODY shows, its letters ("GWO" from "Tainted: G        W  O
   6.1.0-...", "" from "Not tainted") into TAINT, of SIZE bytes: true;
   false when BODY shows none. */
bool kmsg_taint(const char *body, char *taint, size_t size);
