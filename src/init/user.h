/* Running the command and the shells as the user run.conf names. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct user {
	bool set;		/* false: stay root */
	char *name;		/* NULL: leave USER and LOGNAME alone */
	uid_t uid;
	gid_t gid;
	gid_t *groups;		/* supplementary groups */
	size_t ngroups;
	char *home;		/* NULL: / */
};

/* Give the terminal fd to the user, if there is one. */
void user_chown_tty(const struct user *u, int fd, const char *name);

/* In a child, before exec: take the user's groups and ids, then go to cwd
   if the user can, else home, else /.  -1 if the ids could not be taken. */
int user_become(const struct user *u, const char *cwd);
