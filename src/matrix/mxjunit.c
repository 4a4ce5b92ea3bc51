#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>

#include "error.h"
#include "fdio.h"
#include "junitxml.h"
#include "xml.h"
#include "mxjunit.h"
#include "util.h"
#include "xalloc.h"

/* What a testcase keeps of a run's stdout or stderr. */
#define MX_OUTPUT_MAX (64 * 1024)

struct mx_counts {
	unsigned tests, failures, errors, skipped;
	double seconds;
};

/* TARGET's file NAME as the element NAME of TESTCASE, its last MX_OUTPUT_MAX bytes. */
static void
add_output(xmlNodePtr testcase, const char *element, const struct mx_target *target, const char *name)
{
	cleanup_free char *path = xasprintf("%s/%s", target->dir, name), *text = NULL;
	cleanup_fd int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	off_t size;

	if (fd < 0)
		return;
	size = lseek(fd, 0, SEEK_END);
	lseek(fd, size > MX_OUTPUT_MAX ? size - MX_OUTPUT_MAX : 0, SEEK_SET);
	text = fd_read_all(fd, MX_OUTPUT_MAX, &len);
	if (text && len)
		junitxml_text(testcase, element, text, len);
}

static void
add_testcase(xmlNodePtr suite, const struct mx_run *run, const struct mx_target *target)
{
	const struct mx_host_state *host = &run->hosts[target->host];
	xmlNodePtr testcase = xnonnull(xmlNewChild(suite, NULL, BAD_CAST "testcase", NULL));
	xmlNodePtr properties = xnonnull(xmlNewChild(testcase, NULL, BAD_CAST "properties", NULL));
	xmlNodePtr problem = NULL;
	char status[16];

	junitxml_attr(testcase, "name", target->name);
	junitxml_attr(testcase, "classname", run->spec->kernels[target->kernel].name);
	xml_set_propf(testcase, "time", "%.3f", mxtarget_seconds(target, target->started));
	junitxml_property(properties, "host", run->spec->hosts[target->host].name);
	junitxml_property(properties, "uri", host->uri);
	junitxml_property(properties, "command", run->spec->commands[target->command].name);
	snprintf(status, sizeof status, "%d", target->exit_status);
	junitxml_property(properties, "exit_status", target->exit_status >= 0 ? status : NULL);
	if (target->state == MX_FAILED || target->state == MX_ERROR || target->state == MX_CANCELLED || !mxtarget_done(target->state))
		problem = xnonnull(xmlNewChild(testcase, NULL,
					       BAD_CAST (target->state == MX_FAILED ? "failure" : target->state == MX_ERROR ? "error" : "skipped"),
					       NULL));
	if (problem)
		junitxml_attr(problem, "message", target->reason ? target->reason : mxtarget_state_name(target->state));
	add_output(testcase, "system-out", target, "stdout");
	add_output(testcase, "system-err", target, "stderr");
}

static void
count(struct mx_counts *counts, const struct mx_target *target)
{
	counts->tests++;
	counts->failures += target->state == MX_FAILED;
	counts->errors += target->state == MX_ERROR;
	counts->skipped += target->state == MX_CANCELLED || !mxtarget_done(target->state);
	counts->seconds += mxtarget_seconds(target, target->started);
}

static void
set_counts(xmlNodePtr node, const char *name, const struct mx_counts *counts)
{
	junitxml_attr(node, "name", name);
	xml_set_propf(node, "tests", "%u", counts->tests);
	xml_set_propf(node, "failures", "%u", counts->failures);
	xml_set_propf(node, "errors", "%u", counts->errors);
	xml_set_propf(node, "skipped", "%u", counts->skipped);
	xml_set_propf(node, "time", "%.3f", counts->seconds);
}

/* The suite of kernel INDEX, with its targets; its counts added to TOTAL. */
static void
add_suite(xmlNodePtr root, const struct mx_run *run, size_t index, struct mx_counts *total)
{
	const struct mx_kernel *kernel = &run->spec->kernels[index];
	xmlNodePtr suite = xnonnull(xmlNewChild(root, NULL, BAD_CAST "testsuite", NULL));
	xmlNodePtr properties = xnonnull(xmlNewChild(suite, NULL, BAD_CAST "properties", NULL));
	struct mx_counts counts = { 0 };

	junitxml_property(properties, "kernel", kernel->image ? kernel->image : kernel->tree);
	junitxml_property(properties, "build_log", run->kernels[index].log_path);
	for (size_t i = 0; i < run->targets->count; i++)
		if (run->targets->items[i].kernel == index) {
			add_testcase(suite, run, &run->targets->items[i]);
			count(&counts, &run->targets->items[i]);
		}
	set_counts(suite, kernel->name, &counts);
	total->tests += counts.tests;
	total->failures += counts.failures;
	total->errors += counts.errors;
	total->skipped += counts.skipped;
	total->seconds += counts.seconds;
	if (!counts.tests)
		xmlUnlinkNode(suite), xmlFreeNode(suite);
}

int
mxjunit_write(const struct mx_run *run, const char *path)
{
	xmlDocPtr doc = xnonnull(xmlNewDoc(BAD_CAST "1.0"));
	xmlNodePtr root = xnonnull(xmlNewNode(NULL, BAD_CAST "testsuites"));
	struct mx_counts total = { 0 };
	int rc;

	xmlDocSetRootElement(doc, root);
	for (size_t k = 0; k < run->spec->kernel_count; k++)
		add_suite(root, run, k, &total);
	set_counts(root, "eudyptula-boot matrix", &total);
	rc = xmlSaveFormatFileEnc(path, doc, "UTF-8", 1);
	xmlFreeDoc(doc);
	if (rc < 0)
		return err_set("cannot write the JUnit XML %s", path);
	return 0;
}
