/* Host directories and disk images given to the guest. */
#pragma once

#include <stdbool.h>

struct share {
	char *host;      /* absolute host directory */
	char *guest;     /* where the guest mounts it */
	bool readonly;
};

struct disk {
	char *path;          /* absolute image path */
	const char *format;  /* "qcow2" or "raw" */
	bool readonly;
};

/* Parse HOSTDIR[:GUESTDIR][:ro]; the directory must exist. */
int share_parse(const char *spec, struct share *share);
/* A copy of FROM in TO, to clear with share_clear. */
void share_copy(const struct share *from, struct share *to);
void share_clear(struct share *share);

/* Parse IMAGE[:ro]; the format comes from the image's first bytes. */
int disk_parse(const char *spec, struct disk *disk);
/* A copy of FROM in TO, to clear with disk_clear. */
void disk_copy(const struct disk *from, struct disk *to);
void disk_clear(struct disk *disk);
