/* The host <-> guest contract, shared by the host program and the guest init.

   Settings reach the guest as run.conf: a sequence of NUL-terminated
   "key=value" records.  Repeated keys (arg, env) keep their order.  Values
   may hold any byte but NUL, so an argument vector travels intact.  They
   come on the control port, once the guest has said "stage init" (its
   modules loaded, nothing of the run's own done yet): "conf LEN\n", then
   LEN bytes of records.  The host sends nothing on the port before them.
   A detached run, whose control port is a file the guest only writes,
   has them in /eudyptula-boot/run.conf inside an appended cpio instead.

   Modules to load are in /eudyptula-boot/modules/, listed in load order,
   one file name a line, in /eudyptula-boot/modules.list.

   Streams are virtio-serial ports found by name in
   /sys/class/virtio-ports/vportNpM/name.  The control port carries lines:
     guest -> host  "stage init\n"                    PID 1 runs, its modules loaded, its control port open
     guest -> host  "stage command\n"                 the root is ready: the command or shell starts
     guest -> host  "stage spare\n"                   the answer to "idle": a warm spare waits
     guest -> host  "exit STATUS OUTBYTES ERRBYTES\n"  once, before the stop
     guest -> host  "stdin-ack N\n"                    N stdin bytes taken so far
     guest -> host  "times INIT COMMAND DONE\n"        ms since boot, before the exit line
     guest -> host  "no-cwd ERRNO WHERE\n"            run.conf's cwd is not a directory in the
                                                    guest (chdir's errno): the command starts in
                                                    WHERE, "/" or "home" (the -u user's)
     host -> guest  "conf LEN\n" and LEN bytes         run.conf, the answer to "stage init"
     host -> guest  "idle SECONDS\n"                   before the conf: the machine is a warm
                                                    spare; when its host goes, it waits this
                                                    long for the next one to claim it (opening
                                                    the port again), then stops
     host -> guest  "winsize ROWS COLS\n"              after the conf, and on resize
     host -> guest  "stdin-eof N\n"                    stdin ended after N bytes
   OUTBYTES and ERRBYTES count what the guest wrote on the stdout and stderr
   ports, so the host knows when it has everything.  After its exit line
   the guest waits (bounded) for the host to close the control port, then
   stops: the host closes every stream before the machine goes, since
   QEMU's exit under an open stream can deadlock libvirtd, and the
   console's last bytes sit in a host pty that QEMU's exit would throw
   away.  A detached run (EB_KEY_NO_STDIN) does not wait.  Stdin's end is a count,
   not a closed port, because QEMU drops unread bytes when a socket closes;
   the acknowledgements keep the host's bytes in flight bounded. */
#pragma once

/* The control port's verbs, each the first word of a line. */
#define EB_CTL_STAGE "stage"         /* guest: EB_STAGE_INIT or EB_STAGE_COMMAND */
#define EB_CTL_EXIT "exit"           /* guest: STATUS OUTBYTES ERRBYTES */
#define EB_CTL_STDIN_ACK "stdin-ack" /* guest: N */
#define EB_CTL_TIMES "times"         /* guest: INIT COMMAND DONE */
#define EB_CTL_NO_CWD "no-cwd"       /* guest: ERRNO WHERE */
#define EB_CTL_WINSIZE "winsize"     /* host: ROWS COLS */
#define EB_CTL_STDIN_EOF "stdin-eof" /* host: N */
#define EB_CTL_CONF "conf"           /* host: LEN, then LEN bytes of run.conf */
#define EB_CTL_IDLE "idle"           /* host: SECONDS a spare waits for its run */

/* The most run.conf may hold: the command line and environment of a host
   process fit well within it. */
#define EB_CONF_MAX (16u << 20)

/* The stages the guest reports, for the host's boot watchdog. */
#define EB_STAGE_INIT "init"
#define EB_STAGE_COMMAND "command"
#define EB_STAGE_SPARE "spare"

#define EB_CONF_PATH "/eudyptula-boot/run.conf"
#define EB_MODULES_DIR "/eudyptula-boot/modules"
#define EB_MODULES_LIST "/eudyptula-boot/modules.list"

#define EB_PORT_STDIN "org.eudyptula-boot.stdin"
#define EB_PORT_STDOUT "org.eudyptula-boot.stdout"
#define EB_PORT_STDERR "org.eudyptula-boot.stderr"
#define EB_PORT_CONTROL "org.eudyptula-boot.control"

/* The domain's first serial port, the one virsh console and virt-manager
   open by default: the guest starts a login shell on it at the first key
   pressed there.  The kernel log stays on ttyS0. */
#define EB_SHARED_CONSOLE_PORT 3
#define EB_SHARED_CONSOLE_TTY "/dev/ttyS3"

/* Extra consoles (--extra-gettys): the hvc driver has hvc0..hvc7, hvc0
   being the tool's own terminal, so hvc1..hvc7 at most. */
#define EB_EXTRA_CONSOLES_MAX 7

/* The serial of the read-only disk of the kernel's modules, for a host
   that lacks them. */
#define EB_MODULES_SERIAL "eudyptula-modules"

/* 9P mount tags. */
#define EB_TAG_ROOT "eudyptula-root"
#define EB_TAG_MODULES "eudyptula-modules"

/* run.conf keys. */
#define EB_KEY_ROOT_MODE "root"     /* overlay | readonly | readwrite */
#define EB_KEY_HOSTNAME "hostname"
#define EB_KEY_CWD "cwd"            /* directory to start in, if it exists */
#define EB_KEY_ENV "env"            /* NAME=VALUE, repeated */
#define EB_KEY_ARG "arg"            /* the command's argv, repeated; none: the login shell, */
                                    /* on the ports reading stdin unless tty=1 */
#define EB_KEY_TTY "tty"            /* 1: run on the console terminal (hvc0) */
#define EB_KEY_SHELL "shell"        /* login shell for interactive mode */
#define EB_KEY_MODULES "modules"    /* 1: share EB_TAG_MODULES at /lib/modules/RELEASE */
#define EB_KEY_MODULES_DISK "modules-disk" /* 1: mount the squashfs disk EB_MODULES_SERIAL there instead */
#define EB_KEY_RELEASE "release"    /* kernel release, for /lib/modules */
#define EB_KEY_VERBOSE "verbose"    /* 1: init reports its steps on the kernel console */
#define EB_KEY_UDEV "udev"          /* 1: start udevd */
#define EB_KEY_PID1 "pid1"          /* 1: exec the command as PID 1 */
#define EB_KEY_AFTER_SHELL "after-shell" /* 1: a shell on the console after the command */

#define EB_KEY_NET "net"          /* 1: configure the NIC with EB_NET_MAC, no DHCP */
#define EB_KEY_USER "user"        /* run the command or shell as this user name... */
#define EB_KEY_UID "uid"          /* ...with this uid, */
#define EB_KEY_GID "gid"          /* this gid, */
#define EB_KEY_GROUPS "groups"    /* these supplementary gids, comma separated, */
#define EB_KEY_HOME "home"        /* and this home directory */
#define EB_KEY_GETTYS "gettys"    /* N: login shells on hvc1..hvcN, respawned */
#define EB_KEY_ROOT_FS "rootfs"    /* "virtiofs": the root share is virtiofs, not 9P */
#define EB_KEY_ROOT_DEVICE "rootdev" /* the root is this block device (--image), not the 9P share */
#define EB_KEY_NO_STDIN "no-stdin" /* 1: there is no stdin port (--detach): stdin is empty */
#define EB_KEY_SHARE "share"      /* "TAG ro|rw GUESTDIR", repeated: 9P shares to mount */
#define EB_KEY_CONSOLE_END "console-end" /* a token: write EB_CONSOLE_END_FORMAT on hvc0 at the end */
/* Added by the host as it sends the settings: a machine restored from a
   snapshot must not keep the snapshot's clock and entropy pool. */
#define EB_KEY_CLOCK "clock"      /* SECONDS.NANOSECONDS: the host's CLOCK_REALTIME */
#define EB_KEY_SEED "seed"        /* 64 hex digits of host randomness for the entropy pool */
/* 1: a warm spare claimed by this run: it replays the kernel messages
   printed since the snapshot point, which nobody read, on ttyS0, and it
   stops when its host goes (a claimed spare has no autodestroy). */
#define EB_KEY_CLAIMED "claimed"

/* The end of what the console carries, written after the command or shell
   is over and before the status.  The status takes another path, so this is
   how the host knows it has all the terminal output.  An APC string, which
   terminals ignore should one ever show it. */
#define EB_CONSOLE_END_FORMAT "\033_eudyptula-boot-end-%s\033\\"

/* User-mode networking (SLIRP) as QEMU sets it up. */
#define EB_NET_MAC "50:54:00:00:00:42"
#define EB_NET_ADDRESS "10.0.2.15"
#define EB_NET_PREFIX 24
#define EB_NET_GATEWAY "10.0.2.2"
#define EB_NET_DNS "10.0.2.3"

/* Tags of the extra shares: EB_TAG_SHARE_PREFIX followed by a number. */
#define EB_TAG_SHARE_PREFIX "eudyptula-share"

#define EB_ROOT_OVERLAY "overlay"
#define EB_ROOT_READONLY "readonly"
#define EB_ROOT_READWRITE "readwrite"
