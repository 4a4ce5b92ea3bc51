#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "resources.h"
#include "util.h"
#include "xalloc.h"

/* Strip a trailing ":ro" from SPEC (in place); true when there was one. */
static bool
strip_readonly(char *spec)
{
	size_t len = strlen(spec);

	if (len > 3 && strcmp(spec + len - 3, ":ro") == 0) {
		spec[len - 3] = '\0';
		return true;
	}
	return false;
}

int
share_parse(const char *spec, struct share *share)
{
	cleanup_free char *copy = xstrdup(spec);
	char *guest;
	struct stat st;

	memset(share, 0, sizeof *share);
	share->readonly = strip_readonly(copy);
	guest = strchr(copy, ':');
	if (guest)
		*guest++ = '\0';
	if (!*copy || (guest && *guest != '/'))
		return err_set("use HOSTDIR[:GUESTDIR][:ro] with an absolute GUESTDIR");
	share->host = realpath(copy, NULL);
	if (!share->host || stat(share->host, &st) < 0 || !S_ISDIR(st.st_mode)) {
		share_clear(share);
		return err_set("%s is not a directory", copy);
	}
	share->guest = xstrdup(guest ? guest : share->host);
	return 0;
}

void
share_copy(const struct share *from, struct share *to)
{
	to->host = xstrdup(from->host);
	to->guest = xstrdup(from->guest);
	to->readonly = from->readonly;
}

void
share_clear(struct share *share)
{
	free(share->host);
	free(share->guest);
	memset(share, 0, sizeof *share);
}

/* "qcow2" when PATH starts with the qcow2 magic, else "raw". */
static int
detect_format(const char *path, const char **format)
{
	unsigned char magic[4] = { 0 };
	/* Without blocking: PATH was a file or a device when looked at, but may
	   have become a named pipe since. */
	cleanup_fd int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	struct stat st;

	if (fd < 0)
		return err_sys("cannot read %s", path);
	if (fstat(fd, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode)))
		return err_set("%s is not an image file or a block device", path);
	if (read(fd, magic, sizeof magic) < 0)
		return err_sys("cannot read %s", path);
	*format = memcmp(magic, "QFI\xfb", 4) == 0 ? "qcow2" : "raw";
	return 0;
}

int
disk_parse(const char *spec, struct disk *disk)
{
	cleanup_free char *copy = xstrdup(spec);
	struct stat st;

	memset(disk, 0, sizeof *disk);
	disk->readonly = strip_readonly(copy);
	disk->path = realpath(copy, NULL);
	if (!disk->path)
		return err_sys("%s", copy);
	if (stat(disk->path, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))) {
		disk_clear(disk);
		return err_set("%s is not an image file or a block device", copy);
	}
	if (detect_format(disk->path, &disk->format) < 0) {
		disk_clear(disk);
		return -1;
	}
	return 0;
}

void
disk_copy(const struct disk *from, struct disk *to)
{
	to->path = xstrdup(from->path);
	to->format = from->format;
	to->readonly = from->readonly;
}

void
disk_clear(struct disk *disk)
{
	free(disk->path);
	memset(disk, 0, sizeof *disk);
}
