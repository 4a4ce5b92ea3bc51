/* The host's users, from their passwd entries: the one lookup there is. */
#pragma once

#include <sys/types.h>

struct host_user {
	char *name;
	uid_t uid;
	gid_t gid;          /* the primary group */
	char *home;
	char *shell;        /* its login shell, "" when the entry names none */
};

/* The passwd entry of UID, copied into USER; -1 with a message when
   there is none. */
int host_user_lookup(uid_t uid, struct host_user *user);

/* The name of UID (allocated): its passwd entry's, else FALLBACK. */
char *host_user_name(uid_t uid, const char *fallback);

void host_user_clear(struct host_user *user);
