#include "config.h"

#include <string.h>

#include "error.h"
#include "options.h"
#include "strv.h"
#include "tap.h"
#include "words.h"

#define ARGV(...) ((char *[]){ "eudyptula-boot", __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ "eudyptula-boot", __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(s, ...) options_parse(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), (s))

/* Parsing must fail with a message containing WANT. */
static void
expect_refusal(int rc, struct settings *s, const char *want, const char *desc)
{
	tap_ok(rc < 0 && strstr(err_get(), want) != NULL, "refuses %s: %s", desc, err_get());
	options_clear(s);
}

/* The seed's short and long options land in the settings. */
static void
test_seed_options(void)
{
	struct settings s;

	tap_ok(PARSE(&s, "-s", "-v", "-2", "-k", "/boot/x", "-r", "/srv", "-o", "-c", "a=1", "-c", "b",
		     "-1", "-m", "2G", "-u", "--shell", "--net", "--extra-gettys=2") == 0, "short options parse");
	tap_ok(s.silent && s.verbose && s.ttys2 && s.readonly && s.pid1 && s.user && s.shell && s.net,
	       "flags set");
	tap_streq(s.kernel, "/boot/x", "-k");
	tap_streq(s.root, "/srv", "-r");
	tap_streq(s.cmdline, "a=1 b", "-c joins repeats");
	tap_ok(s.mem_mib == 2048, "-m 2G");
	tap_ok(s.extra_gettys == 2, "--extra-gettys");
	tap_ok(s.command == NULL, "no command: interactive");
	options_clear(&s);

	tap_ok(PARSE(&s, "--kernel=/k", "--root=/", "--readwrite", "--force", "--cmdline=x", "--pid1",
		     "--mem=1.5G", "--user", "--silent", "--verbose", "--ttyS2") == 0, "long options parse");
	tap_ok(s.readwrite && s.force && s.mem_mib == 1536, "long forms set");
	options_clear(&s);
}

/* New options and the command after --. */
static void
test_new_options(void)
{
	struct settings s;

	tap_ok(PARSE(&s, "--connect=test:///default", "--name=n-1", "--accel=tcg", "--cpus=2", "--timeout=9",
		     "--template=/t.xml", "--dump-xml", "--udev", "--qemu=-drive 'file=a b.qcow2',if=virtio",
		     "--", "printf", "%s\n", "", "a b") == 0, "new options parse");
	tap_streq(s.connect_uri, "test:///default", "--connect");
	tap_streq(s.name, "n-1", "--name");
	tap_ok(s.accel == ACCEL_TCG && s.cpus == 2 && s.timeout == 9 && s.dump_xml && s.udev, "values set");
	tap_ok(strv_length(s.qemu_args) == 2, "--qemu split into two words");
	tap_streq(s.qemu_args[1], "file=a b.qcow2,if=virtio", "--qemu quotes group");
	tap_ok(strv_length(s.command) == 4, "command has four words");
	tap_streq(s.command[2], "", "empty argument kept");
	tap_streq(s.command[1], "%s\n", "newline kept");
	options_clear(&s);

	tap_ok(PARSE(&s, "-m", "512", "uname", "-a") == 0, "command without --");
	tap_ok(strv_length(s.command) == 2 && strcmp(s.command[1], "-a") == 0, "options after the command belong to it");
	options_clear(&s);
}

/* Every refusal the issue lists. */
static void
test_refusals(void)
{
	struct settings s;

	expect_refusal(PARSE(&s, "--bogus"), &s, "unknown option '--bogus'", "unknown long option");
	expect_refusal(PARSE(&s, "-x"), &s, "unknown option '-x'", "unknown short option");
	expect_refusal(PARSE(&s, "--mem"), &s, "needs an argument", "missing argument");
	expect_refusal(PARSE(&s, "-w", "-o"), &s, "contradict", "-w with -o");
	expect_refusal(PARSE(&s, "-w"), &s, "--force", "-w on / without --force");
	expect_refusal(PARSE(&s, "-m", "0"), &s, "too small", "memory 0");
	expect_refusal(PARSE(&s, "-m", "-1"), &s, "invalid memory size", "memory -1");
	expect_refusal(PARSE(&s, "-m", "12Q"), &s, "invalid memory size", "memory 12Q");
	expect_refusal(PARSE(&s, "-m", "99999999G"), &s, "too large", "memory 99999999G");
	expect_refusal(PARSE(&s, "--cpus=0"), &s, "between 1", "cpus 0");
	expect_refusal(PARSE(&s, "--accel=hvf"), &s, "auto, kvm or tcg", "unknown accel");
	expect_refusal(PARSE(&s, "--name=a b"), &s, "invalid --name", "name with a space");
	expect_refusal(PARSE(&s, "--qemu=-a 'b"), &s, "unterminated", "unterminated quote");
	expect_refusal(PARSE(&s, "--qemu=\"\\"), &s, "unterminated", "a backslash ending a double-quoted word");
	tap_ok(PARSE(&s, "-w", "-r", "/tmp") == 0, "-w on another root needs no --force");
	options_clear(&s);
}

/* Word splitting for --qemu. */
static void
test_words(void)
{
	char **words = NULL;

	tap_ok(words_split("  -drive file=someimage.qcow2,media=disk,if=virtio  ", &words) == 0 &&
		       strv_length(words) == 2, "the seed's --qemu line is two words");
	strv_free(words);
	tap_ok(words_split("a\\ b \"c \\\"d\\\"\" 'e\\f'", &words) == 0 && strv_length(words) == 3, "escapes and quotes");
	tap_streq(words[0], "a b", "backslash escapes a blank");
	tap_streq(words[1], "c \"d\"", "double quotes with escapes");
	tap_streq(words[2], "e\\f", "single quotes are literal");
	strv_free(words);
	tap_ok(words_split("", &words) == 0 && strv_length(words) == 0, "empty string: no words");
	strv_free(words);
}

int
main(void)
{
	test_seed_options();
	test_new_options();
	test_refusals();
	test_words();
	return tap_done();
}
