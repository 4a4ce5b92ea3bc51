/* Splats: the reports a kernel prints when something went wrong in it
   (WARN, BUG, Oops, the sanitizers, lockdep, lockups, stalls, leaks,
   panics), recognised line by line in its log.  No I/O: the caller feeds
   whole lines and reads the splats back. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

enum splat_class {
	SPLAT_WARN,        /* WARNING: CPU: N PID: N at FILE:LINE FUNC */
	SPLAT_BUG,         /* BUG: ..., kernel BUG at, slab reports, list corruption */
	SPLAT_OOPS,        /* Oops, general protection fault, NULL pointer dereference */
	SPLAT_KASAN,
	SPLAT_KFENCE,
	SPLAT_UBSAN,
	SPLAT_KCSAN,
	SPLAT_LOCKDEP,     /* WARNING: possible circular locking dependency detected, ... */
	SPLAT_HUNG,        /* INFO: task NAME:PID blocked for more than N seconds. */
	SPLAT_SOFTLOCKUP,
	SPLAT_HARDLOCKUP,
	SPLAT_RCU_STALL,
	SPLAT_LEAK,        /* kmemleak: N new suspected memory leaks */
	SPLAT_PANIC,       /* Kernel panic - not syncing: ... */
	SPLAT_CLASSES      /* the count */
};

/* "warn", "bug", "oops", "kasan", "kfence", "ubsan", "kcsan", "lockdep",
   "hung", "softlockup", "hardlockup", "rcu-stall", "leak", "panic"; NULL
   for a value that is no class. */
const char *splat_class_name(enum splat_class class);

/* The class called NAME into *CLASS: 0; -1 when there is none. */
int splat_class_parse(const char *name, enum splat_class *class);

struct splat {
	enum splat_class class;
	char *title;      /* the line that names it, without the "[  1.2345]" stamp and "[  T123]" caller id */
	char *summary;    /* the title without what changes between repeats (CPU, PID, durations, addresses) */
	char *text;       /* every line of it as the kernel printed it (stamps kept, '\r' removed), '\n' after each */
	size_t text_len;
	char taint[32];   /* the taint letters, "GWO" from "Tainted: G        W  O      6.1.0-..."; "" when not tainted or unknown */
	bool at_boot;     /* it began before splat_scanner_command_started() */
	bool complete;    /* it reached its end; false: cut short (by a panic, another splat, the bound, the end of the log) */
	unsigned count;   /* times it was seen: a repeat (same class and summary) adds to the first one's count */
};

#define SPLAT_KEEP 64          /* distinct splats kept; more are counted in dropped */
#define SPLAT_LINES_MAX 400    /* lines of one splat's text; then it is closed as cut short */
#define SPLAT_LINE_MAX 1024    /* bytes kept of one line; the rest of a longer one is cut */
#define SPLAT_CALLERS 8        /* callers followed at once (one per caller id, one without) */
#define SPLAT_PENDING_MAX 6    /* lines held that may begin a splat: "cut here", a rule, a WARN's message */

struct splat_draft;

/* What one caller ("T123", "C1"; "" without caller ids) is printing. */
struct splat_caller {
	char id[16];
	bool used;
	unsigned long last_seen;        /* the log's line number of its last line */
	struct splat_draft *draft;      /* the splat it is in, or NULL */
	char *pending[SPLAT_PENDING_MAX];
	size_t pending_count;
	unsigned long pending_began;    /* the line number of the first held line */
	bool pending_cut;               /* the held lines began with a "cut here" */
};

struct splat_scanner {
	struct splat kept[SPLAT_KEEP];  /* in the order they began */
	unsigned long kept_began[SPLAT_KEEP];
	size_t kept_count;
	unsigned dropped;
	struct splat_caller callers[SPLAT_CALLERS];
	unsigned long lines;            /* lines seen */
	bool command_started;
};

void splat_scanner_init(struct splat_scanner *scanner);

/* Look at one whole line of the kernel log, without its '\n' (a trailing
   '\r' may be there); its bytes are copied, the first SPLAT_LINE_MAX. */
void splat_scan_line(struct splat_scanner *scanner, const char *line);

/* From now on splats are not at boot. */
void splat_scanner_command_started(struct splat_scanner *scanner);

/* The log has ended: close what is open: a splat whose end is the end
   of its stack dump as complete when that was printed, any other as cut
   short.  Lines may still follow (a log that goes on). */
void splat_scanner_finish(struct splat_scanner *scanner);

/* The splats closed and kept. */
size_t splat_count(const struct splat_scanner *scanner);

/* The kept splat INDEX, in the order they began; NULL past the last.
   Valid until the scanner is next fed, finished or cleared. */
const struct splat *splat_get(const struct splat_scanner *scanner, size_t index);

/* Splats closed but not kept: distinct ones beyond SPLAT_KEEP (each time
   one of them is seen). */
unsigned splat_dropped(const struct splat_scanner *scanner);

/* Free what the scanner holds; it is then as after splat_scanner_init. */
void splat_scanner_clear(struct splat_scanner *scanner);
