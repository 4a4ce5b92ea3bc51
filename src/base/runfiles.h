/* The names of what a run puts in its private directory: nothing else is
   ever made there, and nothing else is ever removed from it. */
#pragma once

#define RUN_INITRD "initrd.img"
#define RUN_KERNEL_LOG "kernel.log"            /* the kernel log, bounded */
#define RUN_REPORT "report.json"               /* a detached run's report, once --status saw its end */
#define RUN_FACTS "facts.json"                 /* a detached run's kernel and command, for that report */
#define RUN_OWNER "eudyptula-boot.owner"    /* the marker: this tool made the directory */
#define RUN_EMBED_PREFIX "embed-"           /* beside the run directory: the embedded driver's state */
#define RUN_GDB_SOCKET "gdb.sock"
#define RUN_MONITOR_SOCKET "monitor.sock"
#define RUN_MIGRATE_SOCKET "migrate.sock"          /* a warm run's saved state, to or from QEMU */
#define RUN_SPARE_LOG "snapshot.log"            /* a warm spare's kernel log up to its snapshot point */
#define RUN_REMOTE_POOL "remote-pool"           /* a detached run on another host: the pool its files are in */

/* The channels: NAME.sock for an attached run, NAME.log for a detached one. */
#define RUN_CHANNEL_STDIN "stdin"
#define RUN_CHANNEL_STDOUT "stdout"
#define RUN_CHANNEL_STDERR "stderr"
#define RUN_CHANNEL_CONTROL "control"
#define RUN_SOCKET_SUFFIX ".sock"
#define RUN_LOG_SUFFIX ".log"

/* The serial ports ttyS1 and ttyS2 on sockets: a printf format of the port. */
#define RUN_SERIAL_SOCKET_FORMAT "ttyS%d.sock"
/* The extra consoles, console1.sock to console7.sock (EB_EXTRA_CONSOLES_MAX). */
#define RUN_CONSOLE_SOCKET_FORMAT "console%u.sock"
