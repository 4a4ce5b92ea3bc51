#include "config.h"

#include <errno.h>
#include <grp.h>
#include <unistd.h>

#include "msg.h"
#include "user.h"

void
user_chown_tty(const struct user *u, int fd, const char *name)
{
	if (u && u->set && fchown(fd, u->uid, u->gid) < 0)
		msg_errno("give %s to uid %u", name, (unsigned)u->uid);
}

/* Go to dir if it is set and the user may. */
static bool
user_enter(const char *dir)
{
	return dir && *dir && chdir(dir) == 0;
}

int
user_become(const struct user *u, const char *cwd)
{
	if (!u || !u->set)
		return 0;
	if (setgroups(u->ngroups, u->groups) < 0 || setgid(u->gid) < 0 ||
	    setuid(u->uid) < 0)
		return -1;
	if (user_enter(cwd))
		return 0;
	if (cwd && *cwd)
		msg_info("uid %u: cannot start in %s", (unsigned)u->uid, cwd);
	if (user_enter(u->home))
		return 0;
	return chdir("/");
}
