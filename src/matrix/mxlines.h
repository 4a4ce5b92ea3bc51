/* Where each group and key of a key file is, by line, for messages that
   name the line; also what GKeyFile lets pass silently: a group or a key
   given twice, and lines that are none of group, key or comment. */
#pragma once

#include <stddef.h>

struct mx_line {
	char *group;
	char *key;          /* NULL: the group's header */
	unsigned number;
};

struct mx_lines {
	struct mx_line *items;
	size_t count;
};

/* Scan TEXT (the file PATH); -1 with a message naming the line. */
int mxlines_scan(const char *path, const char *text, struct mx_lines *lines);

/* The line of GROUP's KEY (NULL: its header); 0 when it is not there. */
unsigned mxlines_find(const struct mx_lines *lines, const char *group, const char *key);

void mxlines_clear(struct mx_lines *lines);
