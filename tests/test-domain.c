#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "domain.h"
#include "error.h"
#include "paths.h"
#include "sparemeta.h"
#include "tap.h"
#include "template.h"
#include "xml.h"

/* A plan with every pointer set to something. */
static struct domain_plan
sample_plan(char *const *command)
{
	static char *const qemu_args[] = { "-no-hpet", NULL };

	return (struct domain_plan){
		.name = "eudyptula-test", .accel = ACCEL_TCG, .mem_mib = 1536, .cpus = 2,
		.kernel_path = "/boot/vmlinuz-6.1.0-56-amd64", .kernel_version = "6.1.0-56-amd64",
		.initrd_path = "/tmp/run/initrd.img", .cmdline = "console=ttyS0 panic=-1",
		.root_dir = "/", .command = command, .extra_gettys = 1, .net = true,
		.qemu_args = qemu_args, .run_dir = "/tmp/run", .host_user = "root",
		.qemu_uid = 0, .qemu_gid = 0,
	};
}

static void
test_names(void)
{
	char *a = domain_make_name("6.1.0-56+amd64~rc1");
	char *b = domain_make_name("6.1.0-56+amd64~rc1");

	tap_ok(a && strncmp(a, "eudyptula-6-1-0-56-amd64-rc1-", 29) == 0, "name keeps safe characters: %s", a ? a : "(null)");
	tap_ok(a && b && strcmp(a, b) != 0, "two names differ");
	free(a);
	free(b);
}

static void
test_titles(void)
{
	char *const command[] = { "make", "-C", "tools/testing/selftests", "run_tests", NULL };
	char *const awkward[] = { "printf", "a\nb", "\x01", NULL };
	char *title = domain_make_title("6.1.0-56-amd64", command);

	tap_streq(title, "eudyptula-boot: 6.1.0-56-amd64: make -C tools/testing/selftests run_tests", "title");
	free(title);
	title = domain_make_title("6.1.0", NULL);
	tap_streq(title, "eudyptula-boot: 6.1.0: interactive shell", "interactive title");
	free(title);
	title = domain_make_title("6.1.0", awkward);
	tap_streq(title, "eudyptula-boot: 6.1.0: printf a b \\x01", "one line, control bytes escaped");
	free(title);
}

static void
test_render(void)
{
	char *const command[] = { "sh", "-c", "echo '<&>'", NULL };
	struct domain_plan plan = sample_plan(command);
	char *path = paths_template();
	xmlDocPtr doc = path ? template_load(path) : NULL;
	char *xml = NULL;

	tap_ok(doc != NULL, "default template loads: %s", doc ? path : err_get());
	if (!doc) {
		free(path);
		return;
	}
	tap_ok(domain_render(doc, &plan) == 0, "renders");
	xml = domain_to_string(doc);
	tap_ok(xml && strstr(xml, "<name>eudyptula-test</name>"), "name set");
	tap_ok(xml && strstr(xml, "<memory unit=\"MiB\">1536</memory>"), "memory set");
	tap_ok(xml && strstr(xml, "echo '&lt;&amp;&gt;'"), "command escaped in metadata");
	tap_ok(xml && strstr(xml, "<label>+0:+0</label>"), "QEMU runs as the user");
	tap_ok(xml && strstr(xml, "value=\"-no-hpet\""), "--qemu argument");
	tap_ok(xml && strstr(xml, "<kernel>/boot/vmlinuz-6.1.0-56-amd64</kernel>"), "QEMU loads the image");
	free(xml);
	xmlFreeDoc(doc);

	plan.boot_path = "/cache/vmlinux-6.1.0-56-amd64-0123";
	doc = template_load(path);
	tap_ok(domain_render(doc, &plan) == 0, "renders with an extracted kernel");
	xml = domain_to_string(doc);
	tap_ok(xml && strstr(xml, "<kernel>/cache/vmlinux-6.1.0-56-amd64-0123</kernel>"), "QEMU loads the extracted kernel");
	tap_ok(xml && strstr(xml, "kernel path=\"/boot/vmlinuz-6.1.0-56-amd64\""), "the metadata names the image");
	free(xml);
	xmlFreeDoc(doc);
	plan.boot_path = NULL;

	plan.root_dir = "/bad\x01path";
	doc = template_load(path);
	tap_ok(domain_render(doc, &plan) < 0 && strstr(err_get(), "root directory"), "control characters refused: %s",
	       err_get());
	xmlFreeDoc(doc);
	free(path);
}

static void
test_xml_text(void)
{
	char *escaped = xml_text_escape_invalid("ok \xc3\xa9 \x01 \xff");

	tap_ok(xml_text_is_valid("caf\xc3\xa9 <&>"), "UTF-8 with markup is valid text");
	tap_ok(!xml_text_is_valid("a\x01"), "control byte is not");
	tap_ok(!xml_text_is_valid("\xff"), "invalid UTF-8 is not");
	tap_streq(escaped, "ok \xc3\xa9 \\x01 \\xff", "invalid bytes escaped");
	free(escaped);
}

/* A spare's domain: its title and element; the element's text as libvirt
   gets and gives it back. */
static void
test_spare(void)
{
	char *const command[] = { "true", NULL };
	struct domain_plan plan = sample_plan(command);
	char *path = paths_template();
	xmlDocPtr doc = path ? template_load(path) : NULL;
	char *xml = NULL, *element = sparemeta_element("snapshot-0123", EB_SPARE_READY, "a\"b<c");
	struct spare_meta meta;

	plan.spare_of = "snapshot-0123";
	plan.spare_idle = 60;
	plan.incoming = true;
	tap_ok(doc && domain_render(doc, &plan) == 0 && (xml = domain_to_string(doc)), "a spare renders");
	tap_ok(xml && strstr(xml, "<title>eudyptula-boot: 6.1.0-56-amd64: warm spare, being prepared</title>"),
	       "its title says what it is");
	tap_ok(xml && strstr(xml, "<eudyptula-spare:spare xmlns:eudyptula-spare=\"" EB_SPARE_NS
				  "\" snapshot=\"snapshot-0123\" state=\"preparing\" user=\"root\"/>"),
	       "its element beside the run's");
	tap_ok(sparemeta_parse(element, &meta) == 0 && !strcmp(meta.snapshot, "snapshot-0123") &&
		       !strcmp(meta.state, EB_SPARE_READY) && !strcmp(meta.user, "a\"b<c"),
	       "its element reads back, quotes and markup escaped: %s", element);
	sparemeta_clear(&meta);
	tap_ok(sparemeta_parse("<run/>", &meta) < 0 && sparemeta_parse("<spare state='x'/>", &meta) < 0 &&
		       sparemeta_parse("not xml", &meta) < 0,
	       "another element, one without its attributes, or no XML, is not a spare's");
	free(element);
	free(xml);
	xmlFreeDoc(doc);
	free(path);
}

int
main(void)
{
	test_names();
	test_titles();
	test_render();
	test_spare();
	test_xml_text();
	xmlCleanupParser();
	return tap_done();
}
