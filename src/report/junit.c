#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libxml/tree.h>

#include "error.h"
#include "junit.h"
#include "junitxml.h"
#include "xml.h"
#include "splat.h"
#include "util.h"
#include "xalloc.h"

/* The splats that fail the run, one after the other, as the failure's text. */
static char *
failing_text(const struct report_record *record, size_t *len)
{
	const struct splat_scanner *splats = &record->result->log.splats;
	char *text = xstrdup("");

	*len = 0;
	for (size_t i = 0; i < splat_count(splats); i++) {
		const struct splat *splat = splat_get(splats, i);
		const char *body = record->symbolized && record->symbolized[i] ? record->symbolized[i] : splat->text;

		if (record->verdict->allowed[i])
			continue;
		text = xrealloc(text, *len + strlen(body) + 2);
		memcpy(text + *len, body, strlen(body) + 1);
		*len += strlen(body);
	}
	return text;
}

/* What kind of failure the verdict is, for the failure element's type. */
static const char *
failure_type(const struct report_record *record)
{
	const struct session_result *result = record->result;

	if (!result || result->end == END_RUNNING)
		return "tool";
	switch (result->end) {
	case END_STATUS:
		return record->verdict->status == EXIT_SPLAT ? "splat" : "status";
	case END_TIMEOUT:
		return "timeout";
	case END_BOOT_TIMEOUT:
		return "boot-timeout";
	case END_GUEST_DIED:
		return kernlog_panic_reason(&result->log) ? "panic" : "guest-died";
	default:
		return "interrupted";
	}
}

/* The <failure> or <error> of a run that did not pass, with the splats. */
static void
add_failure(xmlNodePtr testcase, const struct report_record *record)
{
	const struct verdict *verdict = record->verdict;
	cleanup_free char *text = NULL;
	size_t len = 0;
	xmlNodePtr failure;

	if (verdict->kind == VERDICT_PASS)
		return;
	text = record->result ? failing_text(record, &len) : xstrdup("");
	failure = junitxml_text(testcase, verdict->kind == VERDICT_ERROR ? "error" : "failure", text, len);
	junitxml_attr(failure, "message", verdict->why);
	junitxml_attr(failure, "type", failure_type(record));
}

/* The one test case: the command on the kernel. */
static void
add_testcase(xmlNodePtr suite, const struct report_record *record)
{
	xmlNodePtr testcase = xnonnull(xmlNewChild(suite, NULL, BAD_CAST "testcase", NULL));
	cleanup_free char *name = report_command_line(record->command);
	cleanup_free char *classname = xasprintf("eudyptula-boot.%s", record->kernel_version ? record->kernel_version : "kernel");

	for (char *c = classname + strlen("eudyptula-boot."); *c; c++)
		if (*c == '.')
			*c = '_';
	junitxml_attr(testcase, "name", name);
	junitxml_attr(testcase, "classname", classname);
	xml_set_propf(testcase, "time", "%.3f", record->total_ms >= 0 ? record->total_ms / 1000.0 : 0.0);
	add_failure(testcase, record);
	junitxml_text(testcase, "system-out", record->out, record->out_len);
	junitxml_text(testcase, "system-err", record->err, record->err_len);
}

/* NODE's name, test count, failures, errors and time: the suite's and the root's. */
static void
set_counts(xmlNodePtr node, const struct report_record *record)
{
	const struct verdict *verdict = record->verdict;

	junitxml_attr(node, "name", "eudyptula-boot");
	junitxml_attr(node, "tests", "1");
	junitxml_attr(node, "failures", verdict->kind == VERDICT_FAIL ? "1" : "0");
	junitxml_attr(node, "errors", verdict->kind == VERDICT_ERROR ? "1" : "0");
	xml_set_propf(node, "time", "%.3f", record->total_ms >= 0 ? record->total_ms / 1000.0 : 0.0);
}

/* The suite of one test case, with the run's facts as properties. */
static void
add_suite(xmlNodePtr root, const struct report_record *record)
{
	xmlNodePtr suite = xnonnull(xmlNewChild(root, NULL, BAD_CAST "testsuite", NULL));
	xmlNodePtr properties = xnonnull(xmlNewChild(suite, NULL, BAD_CAST "properties", NULL));
	const struct verdict *verdict = record->verdict;
	char stamp[32], status[16];
	time_t started = (time_t)record->started;
	struct tm tm;

	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", gmtime_r(&started, &tm));
	set_counts(suite, record);
	junitxml_attr(suite, "skipped", "0");
	junitxml_attr(suite, "timestamp", stamp);
	junitxml_property(properties, "kernel", record->kernel_path);
	junitxml_property(properties, "kernel_version", record->kernel_version);
	junitxml_property(properties, "kernel_log", record->kernel_log);
	junitxml_property(properties, "uri", record->uri);
	junitxml_property(properties, "domain", record->domain);
	junitxml_property(properties, "verdict", verdict_kind_name(verdict->kind));
	snprintf(status, sizeof status, "%d", verdict->status);
	junitxml_property(properties, "exit_status", status);
	add_testcase(suite, record);
}

int
report_junit_write(const struct report_record *record, const char *path)
{
	xmlDocPtr doc = xnonnull(xmlNewDoc(BAD_CAST "1.0"));
	xmlNodePtr root = xnonnull(xmlNewNode(NULL, BAD_CAST "testsuites"));
	int rc;

	xmlDocSetRootElement(doc, root);
	set_counts(root, record);
	add_suite(root, record);
	rc = xmlSaveFormatFileEnc(path, doc, "UTF-8", 1);
	xmlFreeDoc(doc);
	if (rc < 0)
		return err_set("cannot write the JUnit XML %s", path);
	return 0;
}
