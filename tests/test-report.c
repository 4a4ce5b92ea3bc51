/* Verdicts and the two reports, from a kernel log fed through the
   scanner: no VM.  The JSON is read back with json-c, the JUnit XML is
   validated against the shipped schema with libxml2. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "bisect.h"
#include "json.h"
#include "junit.h"
#include "session.h"
#include "sysio.h"
#include "tap.h"
#include "util.h"
#include "verdict.h"

/* What Debian's 6.1 kernel prints for WARN_ON(1) in a module's init. */
static const char warn_log[] =
	"[    3.100000] eb_splat: loading out-of-tree module taints kernel.\n"
	"[    3.200000] ------------[ cut here ]------------\n"
	"[    3.200100] WARNING: CPU: 0 PID: 120 at /tmp/m/eb_splat.c:40 eb_splat_init+0x15/0x1000 [eb_splat]\n"
	"[    3.200200] Modules linked in: eb_splat(O+) 9p overlay\n"
	"[    3.200300] CPU: 0 PID: 120 Comm: insmod Tainted: G           O       6.1.0-57-amd64 #1  Debian 6.1.192-3\n"
	"[    3.200400] RIP: 0010:eb_splat_init+0x15/0x1000 [eb_splat]\n"
	"[    3.200500] Call Trace:\n"
	"[    3.200600]  <TASK>\n"
	"[    3.200700]  do_one_initcall+0x41/0x200\n"
	"[    3.200800]  </TASK>\n"
	"[    3.200900] ---[ end trace 0000000000000000 ]---\n";

/* A result whose kernel log is TEXT, ended as END with the command's STATUS. */
static void
result_of(struct session_result *result, const char *text, enum session_end end, int status)
{
	session_result_init(result, 1024);
	splat_scanner_command_started(&result->log.splats);
	kernlog_append(&result->log, text, strlen(text));
	splat_scanner_finish(&result->log.splats);
	result->end = end;
	result->stage = STAGE_COMMAND;
	result->command_status = status;
	tailbuf_append(&result->out, "out \x01\xff", 6);
}

/* The verdict of RESULT under FAIL_ON and ALLOWED, for a run that exited STATUS. */
static void
weigh(const struct session_result *result, int status, unsigned fail_on, char *const *allowed, struct verdict *verdict)
{
	struct verdict_input in = { .status = status, .result = result, .fail_on = fail_on, .allowed = allowed };

	verdict_weigh(&in, verdict);
}

/* --fail-on, --allow-splat and a failing command, weighed. */
static void
test_verdicts(void)
{
	struct session_result result;
	struct verdict verdict;
	char *allowed[] = { "eb_splat_init", NULL };

	result_of(&result, warn_log, END_STATUS, 0);
	weigh(&result, 0, 0, NULL, &verdict);
	tap_ok(verdict.kind == VERDICT_PASS && verdict.status == 0, "a WARN passes without --fail-on");
	verdict_clear(&verdict);
	weigh(&result, 0, 1u << SPLAT_WARN, NULL, &verdict);
	tap_ok(verdict.kind == VERDICT_FAIL && verdict.status == EXIT_SPLAT, "--fail-on=warn fails it with %d", EXIT_SPLAT);
	tap_streq(verdict.why, "kernel warn: WARNING at /tmp/m/eb_splat.c:40 eb_splat_init+0x15/0x1000 [eb_splat]",
		  "and says which splat");
	verdict_clear(&verdict);
	weigh(&result, 0, 1u << SPLAT_OOPS, NULL, &verdict);
	tap_ok(verdict.kind == VERDICT_PASS, "--fail-on=oops lets a WARN pass");
	verdict_clear(&verdict);
	weigh(&result, 0, ~0u, allowed, &verdict);
	tap_ok(verdict.kind == VERDICT_PASS && verdict.allowed[0], "--allow-splat matching the title lets it pass");
	verdict_clear(&verdict);
	session_result_clear(&result);
	result_of(&result, warn_log, END_STATUS, 3);
	weigh(&result, 3, ~0u, NULL, &verdict);
	tap_ok(verdict.kind == VERDICT_FAIL && verdict.status == 3, "a failing command keeps its status under --fail-on=all");
	verdict_clear(&verdict);
	session_result_clear(&result);
}

/* Every way a run ends has its kind. */
static void
test_ends(void)
{
	static const struct {
		enum session_end end;
		int status;
		enum verdict_kind kind;
	} ends[] = {
		{ END_TIMEOUT, EXIT_TIMEOUT, VERDICT_FAIL }, { END_BOOT_TIMEOUT, EXIT_BOOT_HUNG, VERDICT_FAIL },
		{ END_GUEST_DIED, EXIT_GUEST_DIED, VERDICT_FAIL }, { END_SIGNAL, 143, VERDICT_ERROR },
		{ END_DETACH, 130, VERDICT_ERROR }, { END_CONN_LOST, EXIT_GUEST_DIED, VERDICT_ERROR },
	};
	struct session_result result;
	struct verdict verdict;

	for (size_t i = 0; i < ARRAY_SIZE(ends); i++) {
		result_of(&result, "", ends[i].end, 0);
		if (ends[i].end == END_BOOT_TIMEOUT)
			result.stage = STAGE_KERNEL;
		weigh(&result, ends[i].status, ~0u, NULL, &verdict);
		tap_ok(verdict.kind == ends[i].kind && verdict.status == ends[i].status, "end %d: %s, status %d (%s)",
		       ends[i].end, verdict_kind_name(verdict.kind), verdict.status, verdict.meaning);
		verdict_clear(&verdict);
		session_result_clear(&result);
	}
}

/* A record of RESULT and VERDICT, as outcome.c makes it. */
static struct report_record
record_of(const struct session_result *result, const struct verdict *verdict, char **symbolized)
{
	static char *const command[] = { "insmod", "eb splat.ko", NULL };

	return (struct report_record){
		.kernel_path = "/boot/vmlinuz-6.1.0-57-amd64", .kernel_version = "6.1.0-57-amd64",
		.uri = "qemu:///system", .domain = "ebt-1", .command = command, .verdict = verdict,
		.result = result, .symbolized = symbolized, .kernel_log = NULL,
		.out = result->out.data, .out_len = result->out.len, .started = 1764633600, .total_ms = 4321,
	};
}

/* The JSON, read back field by field. */
static void
test_json(const char *dir)
{
	struct session_result result;
	struct verdict verdict;
	char *symbolized[] = { "symbolized text", NULL };
	struct report_record record;
	char path[4096];
	json_object *root, *splat;

	result_of(&result, warn_log, END_STATUS, 0);
	weigh(&result, 0, 1u << SPLAT_WARN, NULL, &verdict);
	record = record_of(&result, &verdict, symbolized);
	snprintf(path, sizeof path, "%s/report.json", dir);
	tap_ok(report_json_write(&record, path) == 0, "the JSON report is written");
	root = json_object_from_file(path);
	tap_ok(root != NULL, "and parses");
	tap_streq(json_object_get_string(json_object_object_get(root, "verdict")), "fail", "verdict");
	tap_ok(json_object_get_int(json_object_object_get(root, "exit_status")) == EXIT_SPLAT, "exit_status");
	tap_ok(json_object_get_int(json_object_object_get(root, "command_status")) == 0, "command_status");
	tap_streq(json_object_get_string(json_object_array_get_idx(json_object_object_get(root, "command"), 1)),
		  "eb splat.ko", "the command's argv, words kept whole");
	splat = json_object_array_get_idx(json_object_object_get(root, "splats"), 0);
	tap_streq(json_object_get_string(json_object_object_get(splat, "class")), "warn", "the splat's class");
	tap_streq(json_object_get_string(json_object_object_get(splat, "when")), "command", "when it came");
	tap_streq(json_object_get_string(json_object_object_get(splat, "taint")), "GO", "its taint");
	tap_streq(json_object_get_string(json_object_object_get(splat, "symbolized")), "symbolized text",
		  "its symbolized text");
	tap_ok(json_object_is_type(json_object_object_get(root, "kernel_log"), json_type_null),
	       "no kernel log copy: null");
	json_object_put(root);
	unlink(path);
	verdict_clear(&verdict);
	session_result_clear(&result);
}

/* Whether the document at PATH is valid against the shipped JUnit schema. */
static bool
junit_valid(const char *path)
{
	xmlSchemaParserCtxtPtr parser = xmlSchemaNewParserCtxt(EB_ABS_SRCDIR "/data/junit.xsd");
	xmlSchemaPtr schema = xmlSchemaParse(parser);
	xmlSchemaValidCtxtPtr valid = xmlSchemaNewValidCtxt(schema);
	xmlDocPtr doc = xmlReadFile(path, NULL, 0);
	bool ok = doc && xmlSchemaValidateDoc(valid, doc) == 0;

	xmlFreeDoc(doc);
	xmlSchemaFreeValidCtxt(valid);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(parser);
	return ok;
}

/* The JUnit XML: valid, with the failure and the output made valid characters. */
static void
test_junit(const char *dir)
{
	struct session_result result;
	struct verdict verdict;
	struct report_record record;
	char path[4096];
	char *text;

	result_of(&result, warn_log, END_STATUS, 0);
	weigh(&result, 0, 1u << SPLAT_WARN, NULL, &verdict);
	record = record_of(&result, &verdict, NULL);
	snprintf(path, sizeof path, "%s/report.xml", dir);
	tap_ok(report_junit_write(&record, path) == 0, "the JUnit XML is written");
	tap_ok(junit_valid(path), "and is valid against data/junit.xsd");
	text = file_read(path, NULL);
	tap_ok(text && strstr(text, "<failure message=\"kernel warn: WARNING at") && strstr(text, "type=\"splat\""),
	       "with a failure of type splat");
	tap_ok(text && strstr(text, "<system-out>out ?" "?</system-out>"), "control bytes and bad UTF-8 become '?'");
	tap_ok(text && strstr(text, "name=\"insmod 'eb splat.ko'\""), "the test case is named by the command line");
	free(text);
	unlink(path);
	verdict_clear(&verdict);
	session_result_clear(&result);
}

/* --bisect's table, row by row. */
static void
test_bisect(void)
{
	static const struct {
		enum session_end end;
		int command, status;
		unsigned skip;
		int want;
		const char *what;
	} rows[] = {
		{ END_STATUS, 0, 0, 0, 0, "success: good" },
		{ END_STATUS, 3, 3, 0, 3, "exit 3: as is" },
		{ END_STATUS, 0, EXIT_SPLAT, 0, 1, "a --fail-on splat: bad" },
		{ END_STATUS, 0, EXIT_SPLAT, 1u << BISECT_SPLAT, EXIT_TOOL, "--bisect-splat=skip: skip" },
		{ END_STATUS, 137, 137, 0, 1, "the command killed by a signal: bad" },
		{ END_GUEST_DIED, 0, EXIT_GUEST_DIED, 0, 1, "a panic: bad" },
		{ END_GUEST_DIED, 0, EXIT_GUEST_DIED, 1u << BISECT_PANIC, EXIT_TOOL, "--bisect-panic=skip: skip" },
		{ END_TIMEOUT, 0, EXIT_TIMEOUT, 0, 1, "--timeout: bad" },
		{ END_TIMEOUT, 0, EXIT_TIMEOUT, 1u << BISECT_TIMEOUT, EXIT_TOOL, "--bisect-timeout=skip: skip" },
		{ END_BOOT_TIMEOUT, 0, EXIT_BOOT_HUNG, 0, 1, "the boot watchdog: bad" },
		{ END_CONN_LOST, 0, EXIT_GUEST_DIED, 0, EXIT_TOOL, "libvirtd went away: skip" },
		{ END_SIGNAL, 0, 130, 0, 130, "the tool interrupted: the bisection stops" },
	};
	struct session_result result;

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		result_of(&result, "", rows[i].end, rows[i].command);
		tap_ok(bisect_status(rows[i].status, &result, rows[i].skip) == rows[i].want, "--bisect: %s (%d)",
		       rows[i].what, rows[i].want);
		session_result_clear(&result);
	}
	tap_ok(bisect_status(EXIT_TOOL, NULL, 0) == EXIT_TOOL, "--bisect: a failed build or tool: skip (125)");
}

int
main(void)
{
	char dir[] = "/tmp/eb-test-report.XXXXXX";

	if (!mkdtemp(dir))
		return 1;
	test_verdicts();
	test_ends();
	test_bisect();
	test_json(dir);
	test_junit(dir);
	rmdir(dir);
	xmlCleanupParser();
	return tap_done();
}
