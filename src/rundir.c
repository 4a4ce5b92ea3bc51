#include "config.h"

#include <dirent.h>
#include <fcntl.h>
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

void
rundir_remove(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *entry;

	if (!d)
		return;
	while ((entry = readdir(d)))
		if (entry->d_name[0] != '.')
			unlinkat(dirfd(d), entry->d_name, 0);
	closedir(d);
	rmdir(dir);
}
