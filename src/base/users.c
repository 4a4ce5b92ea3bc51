#include "config.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "users.h"
#include "xalloc.h"

int
host_user_lookup(uid_t uid, struct host_user *user)
{
	struct passwd *pw = getpwuid(uid);

	memset(user, 0, sizeof *user);
	if (!pw)
		return err_set("user %u has no passwd entry", (unsigned)uid);
	user->name = xstrdup(pw->pw_name);
	user->uid = pw->pw_uid;
	user->gid = pw->pw_gid;
	user->home = xstrdup(pw->pw_dir);
	user->shell = xstrdup(pw->pw_shell ? pw->pw_shell : "");
	return 0;
}

char *
host_user_name(uid_t uid, const char *fallback)
{
	struct host_user user;

	if (host_user_lookup(uid, &user) < 0)
		return xstrdup(fallback);
	free(user.home);
	free(user.shell);
	return user.name;
}

void
host_user_clear(struct host_user *user)
{
	free(user->name);
	free(user->home);
	free(user->shell);
	memset(user, 0, sizeof *user);
}
