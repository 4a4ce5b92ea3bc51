/* The frame a line of a kernel splat names: " foo+0x15/0x1000 [mod]",
   " ? bar+0x41/0x200", "RIP: 0010:baz+0x81/0x130", a WARNING's place. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest symbol and module names taken. */
#define STACK_NAME_MAX 255
#define STACK_MODULE_MAX 63

struct stack_frame {
	char name[STACK_NAME_MAX + 1];
	uint64_t offset, size;
	char module[STACK_MODULE_MAX + 1]; /* "" for the kernel itself */
	size_t end;          /* just past "+0xOFF/0xSIZE" and " [mod]": where a location goes */
	bool return_address; /* a call trace's entry, not a RIP or a WARNING's own place */
};

/* Find the first frame in LINE (LEN bytes): true when there is one. */
bool stack_frame_parse(const char *line, size_t len, struct stack_frame *frame);
