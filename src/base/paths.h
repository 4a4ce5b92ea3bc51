/* Where the program's own files are: the build tree when run uninstalled. */
#pragma once

/* The default domain template (allocated). */
char *paths_template(void);

/* The static guest init binary (allocated). */
char *paths_guest_init(void);

/* The read-only virtiofsd wrapper, built or installed beside the init (allocated). */
char *paths_virtiofsd(void);

/* This program's own path, from /proc/self/exe (allocated); NULL with a message. */
char *paths_self(void);
