/* Splats out of the kernel's log, line by line: each caller's lines go
   to the splat it is printing; a "cut here" or a rule of '=' is held
   until the next line says whether it begins one. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kmsgline.h"
#include "splat.h"
#include "util.h"
#include "xalloc.h"

_Static_assert(SPLAT_LINE_MAX == KMSG_LINE_MAX, "splat.h tells the bound of kmsgline.h");

/* A line that joins a splat does so within its first lines. */
#define JOIN_WITHIN 12

/* How a splat ends. */
enum splat_end {
	END_STACK,   /* "---[ end trace", or the first line after its stack dump that is none of it */
	END_RULE,    /* a rule of '=' like the one before it */
	END_PANIC,   /* "---[ end Kernel panic" or "Rebooting in N seconds.." */
	END_LINE,    /* it is one line */
};

/* How a splat's summary comes out of its title. */
enum splat_sum {
	SUM_WHOLE,   /* the title */
	SUM_CUT,     /* the title up to the first of the cuts past the prefix */
	SUM_DROP,    /* the title without cuts[0] through cuts[1] */
	SUM_WARN,    /* "WARNING at" and what follows " at " */
	SUM_SLAB,    /* the title without its " (Tainted: ...)" */
	SUM_FIXED,   /* cuts[0] */
};

enum {
	P_DIE = 1,           /* a die line: joins a splat awaiting one */
	P_REPORT = 2,        /* a WARNING: CPU or kernel BUG at line: joins a splat awaiting one */
	P_AWAITS_DIE = 4,    /* its splat may go on with a die line (Oops after a NULL dereference) */
	P_AWAITS_REPORT = 8, /* its splat may go on with a report (WARNING after a list corruption) */
	P_SLAB = 16,         /* "BUG CACHE (Tainted: ...)": one word before the parenthesis */
};

/* The title line of a kind of splat. */
struct splat_pattern {
	const char *prefix;     /* the line starts with it */
	const char *contains;   /* and has it after the prefix, when set */
	enum splat_class class;
	enum splat_end end;
	enum splat_sum summary;
	const char *cuts[3];
	unsigned flags;
};

/* The first that matches a line names it. */
static const struct splat_pattern patterns[] = {
	{ "WARNING: CPU: ", NULL, SPLAT_WARN, END_STACK, SUM_WARN, { NULL }, P_REPORT },
	{ "WARNING: ", NULL, SPLAT_LOCKDEP, END_STACK, SUM_WHOLE, { NULL }, 0 },
	{ "BUG: KASAN: ", NULL, SPLAT_KASAN, END_RULE, SUM_WHOLE, { NULL }, 0 },
	{ "BUG: KFENCE: ", NULL, SPLAT_KFENCE, END_RULE, SUM_WHOLE, { NULL }, 0 },
	{ "BUG: KCSAN: ", NULL, SPLAT_KCSAN, END_RULE, SUM_WHOLE, { NULL }, 0 },
	{ "UBSAN: ", NULL, SPLAT_UBSAN, END_RULE, SUM_WHOLE, { NULL }, 0 },
	{ "BUG: kernel NULL pointer dereference", NULL, SPLAT_OOPS, END_STACK, SUM_CUT, { ",", " at " }, P_AWAITS_DIE },
	{ "BUG: unable to handle ", NULL, SPLAT_OOPS, END_STACK, SUM_CUT, { " for address", " at ", ": " }, P_AWAITS_DIE },
	{ "watchdog: BUG: soft lockup - ", NULL, SPLAT_SOFTLOCKUP, END_STACK, SUM_DROP, { " stuck for ", "!" }, 0 },
	{ "BUG: soft lockup - ", NULL, SPLAT_SOFTLOCKUP, END_STACK, SUM_DROP, { " stuck for ", "!" }, 0 },
	{ "BUG: ", NULL, SPLAT_BUG, END_STACK, SUM_CUT, { ": ", ", " }, 0 },
	{ "BUG ", "): ", SPLAT_BUG, END_STACK, SUM_SLAB, { NULL }, P_SLAB },
	{ "kernel BUG at ", NULL, SPLAT_BUG, END_STACK, SUM_WHOLE, { NULL }, P_REPORT | P_AWAITS_DIE },
	{ "list_add corruption", NULL, SPLAT_BUG, END_STACK, SUM_CUT, { ".", "," }, P_AWAITS_REPORT | P_AWAITS_DIE },
	{ "list_add double add", NULL, SPLAT_BUG, END_STACK, SUM_CUT, { ":" }, P_AWAITS_REPORT | P_AWAITS_DIE },
	{ "list_del corruption", NULL, SPLAT_BUG, END_STACK, SUM_CUT, { ".", "," }, P_AWAITS_REPORT | P_AWAITS_DIE },
	{ "Oops: ", NULL, SPLAT_OOPS, END_STACK, SUM_CUT, { " [" }, P_DIE },
	{ "general protection fault", NULL, SPLAT_OOPS, END_STACK, SUM_CUT, { ",", ":" }, P_DIE },
	{ "invalid opcode", NULL, SPLAT_OOPS, END_STACK, SUM_CUT, { ":" }, P_DIE },
	{ "INFO: task ", " blocked for more than ", SPLAT_HUNG, END_STACK, SUM_CUT, { " for more than " }, 0 },
	{ "rcu: INFO: rcu_", "stall", SPLAT_RCU_STALL, END_STACK, SUM_WHOLE, { NULL }, 0 },
	{ "INFO: rcu_", "stall", SPLAT_RCU_STALL, END_STACK, SUM_WHOLE, { NULL }, 0 },
	{ "NMI watchdog: Watchdog detected hard LOCKUP", NULL, SPLAT_HARDLOCKUP, END_STACK, SUM_WHOLE, { NULL }, 0 },
	{ "watchdog: Watchdog detected hard LOCKUP", NULL, SPLAT_HARDLOCKUP, END_STACK, SUM_WHOLE, { NULL }, 0 },
	{ "Watchdog detected hard LOCKUP", NULL, SPLAT_HARDLOCKUP, END_STACK, SUM_WHOLE, { NULL }, 0 },
	{ "kmemleak: ", " new suspected memory leak", SPLAT_LEAK, END_LINE, SUM_FIXED,
	  { "kmemleak: new suspected memory leaks" }, 0 },
	{ "Kernel panic - not syncing: ", NULL, SPLAT_PANIC, END_PANIC, SUM_WHOLE, { NULL }, 0 },
};

static const char *const class_names[SPLAT_CLASSES] = {
	[SPLAT_WARN] = "warn",
	[SPLAT_BUG] = "bug",
	[SPLAT_OOPS] = "oops",
	[SPLAT_KASAN] = "kasan",
	[SPLAT_KFENCE] = "kfence",
	[SPLAT_UBSAN] = "ubsan",
	[SPLAT_KCSAN] = "kcsan",
	[SPLAT_LOCKDEP] = "lockdep",
	[SPLAT_HUNG] = "hung",
	[SPLAT_SOFTLOCKUP] = "softlockup",
	[SPLAT_HARDLOCKUP] = "hardlockup",
	[SPLAT_RCU_STALL] = "rcu-stall",
	[SPLAT_LEAK] = "leak",
	[SPLAT_PANIC] = "panic",
};

/* A splat being printed. */
struct splat_draft {
	struct splat splat;
	size_t text_size;                    /* allocated for splat.text */
	unsigned lines;                      /* in splat.text */
	unsigned long began;                 /* the log's line number of its first line */
	const struct splat_pattern *pattern; /* the kind of its title */
	bool past_stack;                     /* its stack dump's "</TASK>" was printed */
	bool awaits_die;                     /* an "Oops:" line would still join it */
	bool awaits_report;                  /* a "WARNING: CPU:" or "kernel BUG at" line would still join it */
	bool taint_known;
};

const char *
splat_class_name(enum splat_class class)
{
	return (unsigned)class < SPLAT_CLASSES ? class_names[class] : NULL;
}

int
splat_class_parse(const char *name, enum splat_class *class)
{
	for (int i = 0; i < SPLAT_CLASSES; i++) {
		if (!strcmp(name, class_names[i])) {
			*class = (enum splat_class)i;
			return 0;
		}
	}
	return -1;
}

/* Tell whether BODY, after DRAFT's stack dump, is none of it (an RCU stall's next part awaits a new dump). */
static bool
ends_after_stack(struct splat_draft *draft, const char *body)
{
	if (draft->pattern->end != END_STACK || !draft->past_stack)
		return false;
	if (draft->pattern->class == SPLAT_RCU_STALL && kmsg_goes_on_stall(body)) {
		draft->past_stack = false;
		return false;
	}
	return !kmsg_goes_on_stack(body);
}

/* Tell whether BODY, a line of a splat of PATTERN, is its last. */
static bool
is_closing(const struct splat_pattern *pattern, const char *body)
{
	switch (pattern->end) {
	case END_LINE:
		return true;
	case END_STACK:
		return kmsg_starts_with(body, "---[ end trace");
	case END_PANIC:
		return kmsg_starts_with(body, "---[ end Kernel panic") || kmsg_starts_with(body, "Rebooting in ");
	case END_RULE:
		break;
	}
	return false;
}

/* Tell whether a rule of '=' ends DRAFT: a sanitizer's report, or lockdep's before its stack dump. */
static bool
ends_on_rule(const struct splat_draft *draft)
{
	return draft->pattern->end == END_RULE || (draft->pattern->class == SPLAT_LOCKDEP && !draft->past_stack);
}

/* Tell whether S, past a slab report's "BUG ", is "CACHE (Tainted: ...): ...". */
static bool
is_slab_title(const char *s)
{
	size_t word = strcspn(s, " ");

	return word && (kmsg_starts_with(s + word, " (Tainted: ") || kmsg_starts_with(s + word, " (Not tainted)"));
}

/* Find the pattern of the splat BODY is the title of (NULL: none). */
static const struct splat_pattern *
pattern_of(const char *body)
{
	for (size_t i = 0; i < ARRAY_SIZE(patterns); i++) {
		const struct splat_pattern *pattern = &patterns[i];
		size_t len = strlen(pattern->prefix);

		if (strncmp(body, pattern->prefix, len))
			continue;
		if (pattern->contains && !strstr(body + len, pattern->contains))
			continue;
		if ((pattern->flags & P_SLAB) && !is_slab_title(body + len))
			continue;
		return pattern;
	}
	return NULL;
}

/* Find the first of CUTS in S (S's end: none). */
static const char *
first_cut(const char *s, const char *const cuts[3])
{
	const char *end = s + strlen(s);

	for (size_t i = 0; i < 3 && cuts[i]; i++) {
		const char *at = strstr(s, cuts[i]);

		if (at && at < end)
			end = at;
	}
	return end;
}

/* Summarise TITLE, of a splat of PATTERN: without what changes between repeats. */
static char *
summarise(const struct splat_pattern *pattern, const char *title)
{
	const char *past = title + strlen(pattern->prefix), *from, *to;

	switch (pattern->summary) {
	case SUM_CUT:
		return kmsg_trim_end(xstrndup(title, (size_t)(first_cut(past, pattern->cuts) - title)));
	case SUM_DROP:
		from = strstr(past, pattern->cuts[0]);
		to = from ? strstr(from, pattern->cuts[1]) : NULL;
		if (to)
			return xasprintf("%.*s%s", (int)(from - title), title, to + strlen(pattern->cuts[1]));
		break;
	case SUM_WARN:
		from = strstr(past, " at ");
		if (from)
			return xasprintf("WARNING at %s", from + 4);
		break;
	case SUM_SLAB:
		from = strstr(past, " (");
		to = from ? strstr(from, "): ") : NULL;
		if (to)
			return xasprintf("%.*s%s", (int)(from - title), title, to + 1);
		break;
	case SUM_FIXED:
		return xstrdup(pattern->cuts[0]);
	case SUM_WHOLE:
		break;
	}
	return xstrdup(title);
}

/* Add TEXT as a line of DRAFT's text, unless it is full. */
static void
add_text(struct splat_draft *draft, const char *text)
{
	struct splat *splat = &draft->splat;
	size_t len = strlen(text);

	if (draft->lines >= SPLAT_LINES_MAX)
		return;
	if (splat->text_len + len + 2 > draft->text_size) {
		draft->text_size = 2 * (splat->text_len + len + 2);
		splat->text = xrealloc(splat->text, draft->text_size);
	}
	memcpy(splat->text + splat->text_len, text, len);
	splat->text_len += len;
	splat->text[splat->text_len++] = '\n';
	splat->text[splat->text_len] = '\0';
	draft->lines++;
}

/* Free what SPLAT holds. */
static void
free_splat(struct splat *splat)
{
	free(splat->title);
	free(splat->summary);
	free(splat->text);
}

/* Keep SPLAT (begun at line BEGAN, its strings handed over), or count it as a repeat or as dropped. */
static void
keep(struct splat_scanner *scanner, struct splat *splat, unsigned long began)
{
	size_t at = scanner->kept_count;

	for (size_t i = 0; i < scanner->kept_count; i++) {
		if (scanner->kept[i].class == splat->class && !strcmp(scanner->kept[i].summary, splat->summary)) {
			scanner->kept[i].count++;
			free_splat(splat);
			return;
		}
	}
	if (scanner->kept_count == SPLAT_KEEP) {
		scanner->dropped++;
		free_splat(splat);
		return;
	}
	while (at > 0 && scanner->kept_began[at - 1] > began)
		at--;
	memmove(&scanner->kept[at + 1], &scanner->kept[at], (scanner->kept_count - at) * sizeof *scanner->kept);
	memmove(&scanner->kept_began[at + 1], &scanner->kept_began[at],
		(scanner->kept_count - at) * sizeof *scanner->kept_began);
	scanner->kept[at] = *splat;
	scanner->kept_began[at] = began;
	scanner->kept_count++;
}

/* Close CALLER's splat, COMPLETE or cut short, and keep it. */
static void
close_draft(struct splat_scanner *scanner, struct splat_caller *caller, bool complete)
{
	struct splat_draft *draft = caller->draft;

	caller->draft = NULL;
	draft->splat.complete = complete;
	keep(scanner, &draft->splat, draft->began);
	free(draft);
}

/* Forget the lines CALLER holds. */
static void
drop_pending(struct splat_caller *caller)
{
	for (size_t i = 0; i < caller->pending_count; i++)
		free(caller->pending[i]);
	caller->pending_count = 0;
	caller->pending_cut = false;
}

/* Put the lines CALLER holds into its open splat, or forget them. */
static void
flush_pending(struct splat_scanner *scanner, struct splat_caller *caller)
{
	for (size_t i = 0; caller->draft && i < caller->pending_count; i++)
		add_text(caller->draft, caller->pending[i]);
	drop_pending(caller);
	if (caller->draft && caller->draft->lines >= SPLAT_LINES_MAX)
		close_draft(scanner, caller, false);
}

/* Hold TEXT, a line that may begin CALLER's next splat. */
static void
hold(struct splat_scanner *scanner, struct splat_caller *caller, const char *text)
{
	if (!caller->pending_count)
		caller->pending_began = scanner->lines;
	caller->pending[caller->pending_count++] = xstrdup(text);
}

/* Close CALLER's splat as the end of the log does, and forget its held lines. */
static void
abandon(struct splat_scanner *scanner, struct splat_caller *caller)
{
	struct splat_draft *draft = caller->draft;

	if (draft)
		close_draft(scanner, caller, draft->pattern->end == END_STACK && draft->past_stack);
	drop_pending(caller);
}

/* Tell whether CALLER is in a splat or holds lines. */
static bool
is_busy(const struct splat_caller *caller)
{
	return caller->draft || caller->pending_count;
}

/* Find the state of caller ID; without one, take the slot idle or seen longest ago if WANTED. */
static struct splat_caller *
caller_of(struct splat_scanner *scanner, const char *id, bool wanted)
{
	struct splat_caller *best = NULL;

	for (size_t i = 0; i < SPLAT_CALLERS; i++) {
		struct splat_caller *caller = &scanner->callers[i];

		if (caller->used && !strcmp(caller->id, id)) {
			caller->last_seen = scanner->lines;
			return caller;
		}
		if (!best || is_busy(caller) < is_busy(best) ||
		    (is_busy(caller) == is_busy(best) && caller->last_seen < best->last_seen))
			best = caller;
	}
	if (!wanted)
		return NULL;
	abandon(scanner, best);
	snprintf(best->id, sizeof best->id, "%s", id);
	best->used = true;
	best->last_seen = scanner->lines;
	return best;
}

/* Add L to CALLER's splat; close the splat when L ends it or it is full. */
static void
append_line(struct splat_scanner *scanner, struct splat_caller *caller, const struct kmsg_line *l)
{
	struct splat_draft *draft = caller->draft;

	add_text(draft, l->text);
	if (!draft->taint_known)
		draft->taint_known = kmsg_taint(l->body, draft->splat.taint, sizeof draft->splat.taint);
	if (kmsg_is_stack_end(l->body))
		draft->past_stack = true;
	if (is_closing(draft->pattern, l->body))
		close_draft(scanner, caller, true);
	else if (draft->lines >= SPLAT_LINES_MAX)
		close_draft(scanner, caller, false);
}

/* Take L, a "cut here" or a rule of '=': on the splat it is part of (a rule ends it), else held. */
static void
take_marker(struct splat_scanner *scanner, struct splat_caller *caller, const struct kmsg_line *l)
{
	bool cut = kmsg_is_cut_here(l->body);
	struct splat_draft *draft;

	flush_pending(scanner, caller);
	draft = caller->draft;
	if (draft && (cut ? draft->awaits_report && draft->lines <= JOIN_WITHIN : ends_on_rule(draft))) {
		append_line(scanner, caller, l);
		if (!cut && caller->draft)
			close_draft(scanner, caller, true);
		return;
	}
	hold(scanner, caller, l->text);
	caller->pending_cut = cut;
}

/* Take L, which begins no splat: held after a "cut here" (a WARN's message), else on the splat. */
static void
go_on(struct splat_scanner *scanner, struct splat_caller *caller, const struct kmsg_line *l)
{
	if (caller->pending_cut && caller->pending_count < SPLAT_PENDING_MAX) {
		hold(scanner, caller, l->text);
		return;
	}
	flush_pending(scanner, caller);
	if (caller->draft)
		append_line(scanner, caller, l);
}

/* Tell whether a title of PATTERN goes on DRAFT (an Oops after a NULL dereference) instead of beginning one. */
static bool
joins(const struct splat_draft *draft, const struct splat_pattern *pattern)
{
	if (draft->past_stack || draft->lines > JOIN_WITHIN)
		return false;
	return ((pattern->flags & P_DIE) && draft->awaits_die) || ((pattern->flags & P_REPORT) && draft->awaits_report);
}

/* Add line L, a title of PATTERN that joins CALLER's splat, to it. */
static void
join(struct splat_scanner *scanner, struct splat_caller *caller, const struct splat_pattern *pattern,
     const struct kmsg_line *l)
{
	struct splat_draft *draft = caller->draft;

	draft->awaits_report = false;
	draft->awaits_die = (pattern->flags & P_REPORT) && (pattern->flags & P_AWAITS_DIE);
	flush_pending(scanner, caller);
	if (caller->draft)
		append_line(scanner, caller, l);
}

/* Begin CALLER's splat of PATTERN at L, after its held lines; a panic ends the other callers' as the log's end. */
static void
begin(struct splat_scanner *scanner, struct splat_caller *caller, const struct splat_pattern *pattern,
      const struct kmsg_line *l)
{
	struct splat_draft *draft;

	if (caller->draft)
		close_draft(scanner, caller, false);
	for (size_t i = 0; pattern->class == SPLAT_PANIC && i < SPLAT_CALLERS; i++)
		if (&scanner->callers[i] != caller)
			abandon(scanner, &scanner->callers[i]);
	draft = xcalloc(1, sizeof *draft);
	draft->pattern = pattern;
	draft->splat.class = pattern->class;
	draft->splat.title = kmsg_trim_end(xstrdup(l->body));
	draft->splat.summary = summarise(pattern, draft->splat.title);
	draft->splat.at_boot = !scanner->command_started;
	draft->splat.count = 1;
	draft->began = caller->pending_count ? caller->pending_began : scanner->lines;
	draft->awaits_die = pattern->flags & P_AWAITS_DIE;
	draft->awaits_report = pattern->flags & P_AWAITS_REPORT;
	caller->draft = draft;
	flush_pending(scanner, caller);
	append_line(scanner, caller, l);
}

void
splat_scanner_init(struct splat_scanner *scanner)
{
	memset(scanner, 0, sizeof *scanner);
}

void
splat_scan_line(struct splat_scanner *scanner, const char *line)
{
	struct kmsg_line l;
	struct splat_caller *caller;
	const struct splat_pattern *pattern;
	bool marker;

	kmsg_line_split(&l, line);
	scanner->lines++;
	pattern = pattern_of(l.body);
	marker = kmsg_is_cut_here(l.body) || kmsg_is_rule(l.body);
	caller = caller_of(scanner, l.caller, pattern || marker);
	if (!caller)
		return;
	if (caller->draft && ends_after_stack(caller->draft, l.body))
		close_draft(scanner, caller, true);
	if (marker)
		take_marker(scanner, caller, &l);
	else if (!pattern)
		go_on(scanner, caller, &l);
	else if (caller->draft && joins(caller->draft, pattern))
		join(scanner, caller, pattern, &l);
	else
		begin(scanner, caller, pattern, &l);
}

void
splat_scanner_command_started(struct splat_scanner *scanner)
{
	scanner->command_started = true;
}

void
splat_scanner_finish(struct splat_scanner *scanner)
{
	for (size_t i = 0; i < SPLAT_CALLERS; i++)
		abandon(scanner, &scanner->callers[i]);
}

size_t
splat_count(const struct splat_scanner *scanner)
{
	return scanner->kept_count;
}

const struct splat *
splat_get(const struct splat_scanner *scanner, size_t index)
{
	return index < scanner->kept_count ? &scanner->kept[index] : NULL;
}

unsigned
splat_dropped(const struct splat_scanner *scanner)
{
	return scanner->dropped;
}

void
splat_scanner_clear(struct splat_scanner *scanner)
{
	for (size_t i = 0; i < SPLAT_CALLERS; i++) {
		struct splat_caller *caller = &scanner->callers[i];

		if (caller->draft) {
			free_splat(&caller->draft->splat);
			free(caller->draft);
		}
		drop_pending(caller);
	}
	for (size_t i = 0; i < scanner->kept_count; i++)
		free_splat(&scanner->kept[i]);
	splat_scanner_init(scanner);
}
