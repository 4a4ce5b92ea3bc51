#include "config.h"

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "rundir.h"

int
rundir_create(const char *dir)
{
	if (mkdir(dir, 0700) < 0)
		return err_sys("cannot create the run directory %s", dir);
	return 0;
}

/* nftw callback: remove one entry, children first. */
static int
remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void
rundir_remove(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}
