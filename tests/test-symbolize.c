#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "elfsyms.h"
#include "kofind.h"
#include "srcloc.h"
#include "stackline.h"
#include "symbolize.h"
#include "sysio.h"
#include "tap.h"
#include "testfs.h"
#include "util.h"
#include "xalloc.h"

/* A module's stand-in: the line numbers matter, each function on one
   line so that any address in it has that line. */
static const char probe_source[] =
	"/* eb_probe: a function in .text, one in .init.text. */\n"
	"int eb_text_fn(int x) { return x * 3 + 1; }\n"
	"\n"
	"__attribute__((section(\".init.text\"))) int eb_init_fn(int x) { return x * 5 + 2; }\n"
	"int main(void) { return eb_text_fn(1) + eb_init_fn(2); }\n"
	"__attribute__((section(\".modinfo\"), used)) static const char eb_vermagic[] = \"vermagic=6.1.0-test SMP mod_unload \";\n";

/* Run ARGV to its end; whether it exited 0. */
static bool
run(char *const argv[])
{
	struct capture cap;
	bool ok = capture_run(argv, NULL, 0, 65536, now_ms() + 120000, &cap) == 0 && capture_succeeded(&cap);

	capture_free(&cap);
	return ok;
}

/* Whether PROGRAM runs (its --version succeeds). */
static bool
have(const char *program)
{
	return run((char *[]){ (char *)program, "--version", NULL });
}

/* Build the probe as a module, mods/sub/eb_probe.ko, and as an executable, vmlinux. */
static bool
build_probes(void)
{
	char *source = xstrdup(tmp_path("eb_probe.c"));
	char *module = xstrdup(tmp_path("mods/sub/eb_probe.ko"));
	char *vmlinux = xstrdup(tmp_path("vmlinux"));
	bool ok;

	write_file(source, probe_source, strlen(probe_source));
	make_dirs("mods/sub");
	ok = run((char *[]){ "gcc", "-g", "-O0", "-c", source, "-o", module, NULL }) &&
	     run((char *[]){ "gcc", "-g", "-O0", "-no-pie", source, "-o", vmlinux, NULL });
	free(source);
	free(module);
	free(vmlinux);
	return ok;
}

/* SOURCES with the module directory and, when given, a vmlinux and a tree. */
static struct symbol_sources
sources_with(const char *vmlinux, const char *tree)
{
	static char mods[512];
	static const char *dirs[2];

	snprintf(mods, sizeof mods, "%s", tmp_path("mods"));
	dirs[0] = mods;
	return (struct symbol_sources){ .vmlinux = vmlinux, .kernel_tree = tree, .module_dirs = dirs };
}

/* Symbolize TEXT with SOURCES and a 60 s deadline, and compare with WANT. */
static void
check_text(const struct symbol_sources *sources, const char *text, const char *want, const char *what)
{
	char *got = symbolize_text(text, sources, now_ms() + 60000);

	tap_streq(got, want, "%s", what);
	free(got);
}

/* A module's functions, in .text and in .init.text, get their lines. */
static void
test_module_lines(void)
{
	struct symbol_sources sources = sources_with(NULL, NULL);
	char *text, *want;

	text = xasprintf("[    1.000000]  eb_text_fn+0x4/0x20 [eb_probe]\n[    1.000001]  ? eb_init_fn+0x4/0x20 [eb-probe]\r\n");
	want = xasprintf("[    1.000000]  eb_text_fn+0x4/0x20 [eb_probe] (%s:2)\n"
			 "[    1.000001]  ? eb_init_fn+0x4/0x20 [eb-probe] (%s:4)\r\n",
			 tmp_path("eb_probe.c"), tmp_path("eb_probe.c"));
	check_text(&sources, text, want, "a .text and an .init.text function of a module (its name with '-' too)");
	free(text);
	free(want);
	text = xasprintf("WARNING: CPU: 0 PID: 97 at %s:2 eb_text_fn+0x4/0x20 [eb_probe]\n", tmp_path("eb_probe.c"));
	want = xasprintf("WARNING: CPU: 0 PID: 97 at %s:2 eb_text_fn+0x4/0x20 [eb_probe] (%s:2)\n",
			 tmp_path("eb_probe.c"), tmp_path("eb_probe.c"));
	check_text(&sources, text, want, "a WARNING's place");
	free(text);
	free(want);
}

/* Lines that cannot be resolved stay as they are; none at all gives NULL. */
static void
test_unresolved(void)
{
	struct symbol_sources sources = sources_with(NULL, NULL);
	static const char unknown[] = " nosuch_fn+0x4/0x20 [eb_probe]\n eb_text_fn+0x4/0x20 [eb_gone]\n"
				      " eb_text_fn+0x4/0x20\nCall Trace:\n";
	char *text = xasprintf("%s RIP: 0010:eb_text_fn+0x4/0x20 [eb_probe]\n", unknown);
	char *want = xasprintf("%s RIP: 0010:eb_text_fn+0x4/0x20 [eb_probe] (%s:2)\n", unknown, tmp_path("eb_probe.c"));
	char *got;

	check_text(&sources, text, want,
		   "an unknown symbol, a missing module, a kernel frame without a vmlinux are left as they were");
	free(text);
	free(want);
	got = symbolize_text(unknown, &sources, now_ms() + 60000);
	tap_ok(got == NULL, "NULL when nothing resolves");
	free(got);
	sources.module_dirs = NULL;
	got = symbolize_text(" eb_text_fn+0x4/0x20 [eb_probe]\n", &sources, now_ms() + 60000);
	tap_ok(got == NULL, "NULL without module directories");
	free(got);
}

/* The vmlinux case: a frame without a module, paths relative to the tree. */
static void
test_vmlinux(void)
{
	cleanup_free char *vmlinux = xstrdup(tmp_path("vmlinux"));
	struct symbol_sources sources = sources_with(vmlinux, NULL);
	char *want = xasprintf("RIP: 0010:eb_init_fn+0x4/0x20 (%s:4)\n eb_text_fn+0x4/0x20 (%s:2)\n",
			       tmp_path("eb_probe.c"), tmp_path("eb_probe.c"));

	check_text(&sources, "RIP: 0010:eb_init_fn+0x4/0x20\n eb_text_fn+0x4/0x20\n", want, "an executable's functions");
	free(want);
	/* A tree without decode_stacktrace.sh: addr2line, paths relative to it. */
	sources.kernel_tree = tmp_dir;
	check_text(&sources, " eb_text_fn+0x4/0x20\n eb_text_fn+0x4/0x20 [eb_probe]\n",
		   " eb_text_fn+0x4/0x20 (eb_probe.c:2)\n eb_text_fn+0x4/0x20 [eb_probe] (eb_probe.c:2)\n",
		   "paths under the tree are relative to it");
}

/* Write the stand-in decode_stacktrace.sh of the tree TREE. */
static void
write_script(const char *tree, const char *body)
{
	char *dir = xasprintf("%s/scripts", tree), *path = xasprintf("%s/decode_stacktrace.sh", dir);

	make_dirs(dir + strlen(tmp_dir) + 1);
	write_file(path, body, strlen(body));
	chmod(path, 0755);
	free(dir);
	free(path);
}

/* With a tree's decode_stacktrace.sh, its output is the result; a
   failing one leaves the work to addr2line. */
static void
test_script(void)
{
	cleanup_free char *vmlinux = xstrdup(tmp_path("vmlinux"));
	cleanup_free char *tree = xstrdup(tmp_path("tree"));
	struct symbol_sources sources = sources_with(vmlinux, tree);
	char *want, *got;

	write_script(tree, "#!/bin/sh\nprintf '%s|' \"$@\"\necho\nwhile IFS= read -r line; do echo \"$line decoded\"; done\n");
	want = xasprintf("%s|%s|%s|\n eb_text_fn+0x4/0x20 decoded\n", vmlinux, tree, sources.module_dirs[0]);
	check_text(&sources, " eb_text_fn+0x4/0x20\n", want, "decode_stacktrace.sh's arguments and output");
	free(want);
	write_script(tree, "#!/bin/sh\ncat\n");
	got = symbolize_text(" eb_text_fn+0x4/0x20\n", &sources, now_ms() + 60000);
	tap_ok(got == NULL, "NULL when decode_stacktrace.sh changes nothing");
	free(got);
	write_script(tree, "#!/bin/sh\necho broken\nexit 1\n");
	want = xasprintf(" eb_text_fn+0x4/0x20 (%s:2)\n", tmp_path("eb_probe.c"));
	check_text(&sources, " eb_text_fn+0x4/0x20\n", want, "a failing decode_stacktrace.sh: addr2line instead");
	free(want);
}

/* Whether the process PID is gone (or a zombie) within a second. */
static bool
gone(pid_t pid)
{
	for (int i = 0; i < 100; i++) {
		char path[64], state = '?';
		FILE *f;

		snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
		f = fopen(path, "r");
		if (!f)
			return true;
		if (fscanf(f, "%*d (%*[^)]) %c", &state) == 1 && state == 'Z') {
			fclose(f);
			return true;
		}
		fclose(f);
		sleep_ms(10);
	}
	return false;
}

/* The deadline: a past one returns at once, a hanging helper and what it started are killed. */
static void
test_deadline(void)
{
	cleanup_free char *vmlinux = xstrdup(tmp_path("vmlinux"));
	cleanup_free char *tree = xstrdup(tmp_path("tree"));
	cleanup_free char *pids = xstrdup(tmp_path("pids"));
	cleanup_free char *body = NULL;
	struct symbol_sources sources = sources_with(vmlinux, tree);
	long long start = now_ms();
	char *got = symbolize_text(" eb_text_fn+0x4/0x20\n", &sources, start - 1);
	int child = 0, grandchild = 0;
	FILE *f;

	tap_ok(got == NULL && now_ms() - start < 100, "a deadline already past: NULL at once");
	body = xasprintf("#!/bin/sh\nsleep 30 &\necho $$ $! >%s\nwait\n", pids);
	write_script(tree, body);
	start = now_ms();
	got = symbolize_text(" eb_text_fn+0x4/0x20\n", &sources, start + 500);
	tap_ok(got == NULL && now_ms() - start < 1500, "a hanging decode_stacktrace.sh: NULL at the deadline (%lld ms)",
	       now_ms() - start);
	f = fopen(pids, "r");
	tap_ok(f && fscanf(f, "%d %d", &child, &grandchild) == 2 && gone(child) && gone(grandchild),
	       "the script and what it started are killed");
	if (f)
		fclose(f);
}

/* The parts: frames found in lines, addr2line's answers, ELF symbols, module files. */
static void
test_parts(void)
{
	struct stack_frame frame;
	char *notes[3];
	struct elf_syms *elf;
	struct elf_symbol sym;
	char *found;

	tap_ok(stack_frame_parse("RIP: 0010:__warn+0x81/0x130", 27, &frame) && strcmp(frame.name, "__warn") == 0 &&
		       frame.offset == 0x81 && frame.size == 0x130 && !frame.module[0] && frame.end == 27 &&
		       !frame.return_address,
	       "a RIP line");
	tap_ok(stack_frame_parse(" ? f.cold+0x1/0x2 [m-x 0123abcd]\r", 33, &frame) && strcmp(frame.name, "f.cold") == 0 &&
		       strcmp(frame.module, "m-x") == 0 && frame.end == 32 && frame.return_address,
	       "an unreliable entry with a module's build id");
	tap_ok(!stack_frame_parse("Code: 48 89 e5 +0x12 00", 23, &frame) && !stack_frame_parse(" f+0x1/", 7, &frame),
	       "no frame in other lines");
	srcloc_notes("0x10\ninner\n/t/a.h:3 (discriminator 2)\nouter\n/t/b.c:9\n0x20\n??\n??:0\n0x30\nf\n./k/c.c:5\n", 3,
		     (const char *const[]){ "/t", NULL }, notes);
	tap_streq(notes[0], " (a.h:3 in inner, inlined at b.c:9)", "an inlined frame, the prefix taken off");
	tap_ok(notes[1] == NULL, "an address addr2line does not know");
	tap_streq(notes[2], " (k/c.c:5)", "a leading ./ taken off");
	for (int i = 0; i < 3; i++)
		free(notes[i]);
	elf = elf_syms_open(tmp_path("mods/sub/eb_probe.ko"));
	tap_ok(elf && elf_syms_relocatable(elf) && elf_syms_find(elf, "eb_init_fn", 0, &sym) == 0 &&
		       strcmp(sym.section, ".init.text") == 0,
	       "a module's function and its section");
	tap_ok(elf && elf_syms_find(elf, "nosuch_fn", 0, &sym) < 0 && error_says("has no function nosuch_fn", NULL),
	       "a missing symbol is an error");
	elf_syms_close(elf);
	tap_ok(!elf_syms_open(tmp_path("eb_probe.c")) && error_says("not an ELF file", NULL), "a file that is no ELF");
	found = kofind((const char *const[]){ tmp_path("nowhere"), tmp_path("mods"), NULL }, "eb-probe", NULL);
	tap_streq(found, tmp_path("mods/sub/eb_probe.ko"), "a module found below a directory");
	free(found);
	found = kofind((const char *const[]){ tmp_path("mods"), NULL }, "eb-probe", "6.1.0-test");
	tap_streq(found, tmp_path("mods/sub/eb_probe.ko"), "a module built for the kernel (its vermagic)");
	free(found);
	found = kofind((const char *const[]){ tmp_path("mods"), NULL }, "eb-probe", "6.1.0");
	tap_ok(found == NULL, "a module built for another kernel is passed over");
	free(found);
}

/* The WARN that tests/module/eb_splat.ko printed on a guest: its RIP
   line gets the line the WARNING names (once the module is built). */
static void
test_real_warn(void)
{
	const char *srcdir = getenv("EB_SRCDIR") ? getenv("EB_SRCDIR") : ".";
	cleanup_free char *log = xasprintf("%s/tests/data/splat-warn.log", srcdir);
	cleanup_free char *ko = xasprintf("%s/tests/module/eb_splat.ko", srcdir);
	cleanup_free char *mods = xasprintf("%s/tests/module", srcdir);
	cleanup_free char *text = file_read(log, NULL);
	cleanup_free char *got = NULL, *want = NULL;
	const char *dirs[] = { mods, NULL }, *at;
	struct symbol_sources sources = { .module_dirs = dirs };
	const char *rip, *end;
	int line = 0;

	if (!text) {
		printf("ok %d # SKIP no %s\n", ++tap_count, log);
		return;
	}
	if (access(ko, R_OK) < 0) {
		printf("ok %d # SKIP no %s: make -C tests/module builds it\n", ++tap_count, ko);
		return;
	}
	at = strstr(text, "eb_splat.c:");
	if (at)
		line = atoi(at + strlen("eb_splat.c:"));
	want = xasprintf("eb_splat.c:%d)", line);
	got = symbolize_text(text, &sources, now_ms() + 60000);
	rip = got ? strstr(got, "RIP: 0010:eb_splat_init+") : NULL;
	end = rip ? strchr(rip, '\n') : NULL;
	tap_ok(line > 0 && end && (size_t)(end - rip) > strlen(want) &&
		       memcmp(end - strlen(want), want, strlen(want)) == 0,
	       "the real WARN's RIP line gets the WARNING's eb_splat.c:%d", line);
	if (end)
		printf("#   %.*s\n", (int)(end - rip), rip);
}

int
main(void)
{
	if (!have("gcc") || !have("addr2line")) {
		printf("1..0 # SKIP gcc or addr2line is not installed\n");
		return 0;
	}
	tmp_dir_create("eb-symbolize");
	if (!build_probes()) {
		printf("Bail out! cannot compile the probes with gcc\n");
		tmp_dir_remove();
		return 1;
	}
	test_parts();
	test_module_lines();
	test_unresolved();
	test_vmlinux();
	test_script();
	test_deadline();
	test_real_warn();
	tmp_dir_remove();
	return tap_done();
}
