/* Unit tests: reading a kernel's configuration and checking it. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "kcheck.h"
#include "kconfig.h"
#include "kernel.h"
#include "strv.h"
#include "tap.h"
#include "testfs.h"
#include "testgz.h"
#include "util.h"

static const char sample_config[] =
	"#\n"
	"# Automatically generated file; DO NOT EDIT.\n"
	"#\n"
	"CONFIG_VIRTIO=y\n"
	"CONFIG_9P_FS=m\n"
	"CONFIG_LOCALVERSION=\"-test \\\"quoted\\\" \\\\ end\"\n"
	"CONFIG_NR_CPUS=64\n"
	"# CONFIG_IKCONFIG is not set\n"
	"CONFIG_OVERRIDDEN=y\r\n"
	"CONFIG_OVERRIDDEN=m\n"
	"CONFIG_NO_NEWLINE=y";

/* Craft an ELF-looking blob with CONFIG embedded the way kernel/configs.c does. */
static unsigned char *
craft_vmlinux(const char *config, size_t *size)
{
	static const char head[] = "\x7f" "ELF\2\1\1 padding IKCFG_ST without gzip ";
	size_t gz_size, at = 0;
	cleanup_free unsigned char *gz = gzip_bytes(config, strlen(config), &gz_size);
	unsigned char *blob = calloc(1, sizeof head + gz_size + 64);

	memcpy(blob, head, sizeof head - 1);
	at = sizeof head - 1;
	memcpy(blob + at, "IKCFG_ST", 8);
	memcpy(blob + at + 8, gz, gz_size);
	memcpy(blob + at + 8 + gz_size, "IKCFG_ED", 8);
	*size = at + 16 + gz_size + 32;
	return blob;
}

/* Put a little-endian 32-bit value at P. */
static void
put_le32(unsigned char *p, uint32_t value)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(value >> (8 * i));
}

/* Craft a bzImage whose compressed payload is PAYLOAD. */
static unsigned char *
craft_bzimage(const unsigned char *payload, size_t payload_size, size_t *size)
{
	size_t setup = 4 * 512, body = (payload_size + 64 + 15) / 16 * 16;
	unsigned char *image = calloc(1, setup + body);

	image[0x1f1] = 3;
	put_le32(image + 0x1f4, (uint32_t)(body / 16));
	image[0x1fe] = 0x55;
	image[0x1ff] = 0xaa;
	memcpy(image + 0x202, "HdrS", 4);
	image[0x206] = 0x0f;
	image[0x207] = 0x02;
	image[0x20e] = 0x00;
	image[0x20f] = 0x02;
	memcpy(image + 0x400, "9.9.9-ikconfig (me@here) #1", 28);
	put_le32(image + 0x248, 64);
	put_le32(image + 0x24c, (uint32_t)payload_size);
	memcpy(image + setup + 64, payload, payload_size);
	*size = setup + body;
	return image;
}

/* Parse y, m, strings, numbers and "is not set". */
static void
test_parse(void)
{
	struct kconfig *config = kconfig_parse(sample_config, sizeof sample_config - 1);

	tap_ok(config != NULL, "parse a sample .config");
	if (!config)
		return;
	tap_ok(kconfig_get(config, "VIRTIO") == KCONFIG_BUILTIN, "=y is built in");
	tap_ok(kconfig_get(config, "CONFIG_VIRTIO") == KCONFIG_BUILTIN, "names may keep CONFIG_");
	tap_ok(kconfig_get(config, "9P_FS") == KCONFIG_MODULE, "=m is a module");
	tap_ok(kconfig_get(config, "IKCONFIG") == KCONFIG_UNSET, "'is not set' is unset");
	tap_ok(kconfig_get_string(config, "IKCONFIG") == NULL, "an unset option has no value");
	tap_ok(kconfig_get(config, "ABSENT") == KCONFIG_UNSET, "an absent option is unset");
	tap_ok(kconfig_get(config, "LOCALVERSION") == KCONFIG_OTHER, "a string is other");
	tap_streq(kconfig_get_string(config, "LOCALVERSION"), "-test \"quoted\" \\ end",
		  "a string is unquoted");
	tap_streq(kconfig_get_string(config, "NR_CPUS"), "64", "a number keeps its text");
	tap_ok(kconfig_get(config, "OVERRIDDEN") == KCONFIG_MODULE, "the last assignment wins");
	tap_ok(kconfig_get(config, "NO_NEWLINE") == KCONFIG_BUILTIN, "a last line without newline");
	kconfig_free(config);
	config = kconfig_parse("", 0);
	tap_ok(config && kconfig_get(config, "X") == KCONFIG_UNSET, "an empty text parses");
	kconfig_free(config);
}

/* Extract IKCONFIG from an ELF vmlinux, or say it is absent. */
static void
test_ikconfig_elf(void)
{
	cleanup_free unsigned char *blob = NULL;
	cleanup_free char *text = NULL;
	size_t size, len = 0;
	static const char plain_elf[] = "\x7f" "ELF\2\1\1\0 nothing here";

	blob = craft_vmlinux(sample_config, &size);
	write_file(tmp_path("vmlinux"), blob, size);
	text = kconfig_extract_ikconfig(tmp_path("vmlinux"), &len);
	tap_ok(text && len == sizeof sample_config - 1 && memcmp(text, sample_config, len) == 0,
	       "IKCONFIG from an ELF vmlinux%s%s", text ? "" : ": ", text ? "" : err_get());
	write_file(tmp_path("no-ikconfig"), plain_elf, sizeof plain_elf);
	tap_ok(!kconfig_extract_ikconfig(tmp_path("no-ikconfig"), &len) &&
		       error_says("has no embedded configuration (it needs CONFIG_IKCONFIG=y)",
				  NULL),
	       "an ELF without IKCONFIG says so");
}

/* Extract IKCONFIG from inside a crafted bzImage's payload. */
static void
test_ikconfig_bzimage(void)
{
	cleanup_free unsigned char *blob = NULL;
	cleanup_free unsigned char *payload = NULL;
	cleanup_free unsigned char *image = NULL;
	cleanup_free char *text = NULL;
	cleanup_free char *source = NULL;
	struct kconfig *config;
	size_t blob_size, payload_size, image_size, len = 0;

	blob = craft_vmlinux(sample_config, &blob_size);
	payload = gzip_bytes(blob, blob_size, &payload_size);
	image = craft_bzimage(payload, payload_size, &image_size);
	mkdir(tmp_path("embedded"), 0755);
	write_file(tmp_path("embedded/vmlinuz"), image, image_size);
	text = kconfig_extract_ikconfig(tmp_path("embedded/vmlinuz"), &len);
	tap_ok(text && len == sizeof sample_config - 1 && memcmp(text, sample_config, len) == 0,
	       "IKCONFIG from a crafted bzImage%s%s", text ? "" : ": ", text ? "" : err_get());
	config = kconfig_load(tmp_path("embedded/vmlinuz"), NULL, "9.9.9-ikconfig", &source);
	tap_ok(config && kconfig_get(config, "9P_FS") == KCONFIG_MODULE,
	       "kconfig_load falls back to the embedded configuration");
	tap_ok(source && strstr(source, "embedded in"), "its source says so: %s",
	       source ? source : err_get());
	kconfig_free(config);
}

/* Load the real image's config and look inside the image for one. */
static void
test_real_image(void)
{
	const char *version = NULL;
	cleanup_free char *image = newest_boot_path(&version);
	cleanup_free char *source = NULL;
	cleanup_free char *want = NULL;
	cleanup_free char *text = NULL;
	struct kconfig *config;
	enum kconfig_value ikconfig;
	size_t len;

	if (!image || access(image, R_OK) < 0) {
		for (int i = 0; i < 3; i++)
			printf("ok %d # SKIP no readable /boot/vmlinuz-*\n", ++tap_count);
		return;
	}
	config = kconfig_load(image, NULL, version, &source);
	if (asprintf(&want, "/boot/config-%s", version) < 0)
		want = NULL;
	tap_ok(config != NULL, "load the configuration of %s", image);
	tap_streq(source, want, "it is config-VERSION beside the image");
	ikconfig = config ? kconfig_get(config, "IKCONFIG") : KCONFIG_UNSET;
	kconfig_free(config);
	text = kconfig_extract_ikconfig(image, &len);
	if (ikconfig == KCONFIG_BUILTIN) {
		tap_ok(text != NULL, "%s embeds its configuration (CONFIG_IKCONFIG=y)", image);
		return;
	}
	printf("# %s has CONFIG_IKCONFIG %s: no configuration inside the image\n", image,
	       ikconfig == KCONFIG_MODULE ? "=m (it is in configs.ko)" : "not set");
	tap_ok(!text && error_says("no embedded configuration", NULL),
	       "%s has no embedded configuration: %s", image, err_get());
}

/* Find the config beside the image or in a build tree, in that order. */
static void
test_load(void)
{
	cleanup_free char *beside = NULL;
	cleanup_free char *tree = NULL;
	cleanup_free char *none = NULL;
	struct kconfig *config;

	mkdir(tmp_path("install"), 0755);
	write_file(tmp_path("install/vmlinuz-1.2.3"), "not read", 8);
	write_file(tmp_path("install/config-1.2.3"), "CONFIG_BESIDE=y\n", 16);
	config = kconfig_load(tmp_path("install/vmlinuz-1.2.3"), NULL, "1.2.3", &beside);
	tap_ok(config && kconfig_get(config, "BESIDE") == KCONFIG_BUILTIN,
	       "config-VERSION beside the image");
	tap_streq(beside, tmp_path("install/config-1.2.3"), "its source is that file");
	kconfig_free(config);
	mkdir(tmp_path("tree"), 0755);
	write_file(tmp_path("tree/.config"), "CONFIG_TREE=m\n", 14);
	config = kconfig_load(tmp_path("install/vmlinuz-1.2.3"), tmp_path("tree"), "1.2.3", &tree);
	tap_ok(config && kconfig_get(config, "TREE") == KCONFIG_MODULE,
	       "a build tree's .config comes first");
	tap_streq(tree, tmp_path("tree/.config"), "its source is the .config");
	kconfig_free(config);
	write_file(tmp_path("install/vmlinuz-4.5.6"), "not a kernel", 12);
	config = kconfig_load(tmp_path("install/vmlinuz-4.5.6"), NULL, "4.5.6", &none);
	tap_ok(!config && !none && error_says("no configuration for", NULL) &&
		       error_says("config-4.5.6", NULL),
	       "no configuration anywhere: %s", err_get());
	write_file(tmp_path("install/config-7.8.9"), "just text\n", 10);
	config = kconfig_load(tmp_path("install/vmlinuz-7.8.9"), NULL, "7.8.9", &none);
	tap_ok(!config && error_says("holds no CONFIG_ options", NULL),
	       "a config file without options");
}

/* Parse a config made of the required options, with EXTRA after them. */
static struct kconfig *
config_with(const char *extra)
{
	static const char base[] =
		"CONFIG_VIRTIO=m\nCONFIG_VIRTIO_PCI=m\nCONFIG_VIRTIO_CONSOLE=m\n"
		"CONFIG_NET_9P=m\nCONFIG_NET_9P_VIRTIO=m\nCONFIG_9P_FS=m\n"
		"CONFIG_DEVTMPFS=y\nCONFIG_TMPFS=y\nCONFIG_PROC_FS=y\nCONFIG_SYSFS=y\n"
		"CONFIG_BLK_DEV_INITRD=y\nCONFIG_SERIAL_8250=y\nCONFIG_SERIAL_8250_CONSOLE=y\n"
		"CONFIG_UNIX98_PTYS=y\n";
	cleanup_free char *text = NULL;

	if (asprintf(&text, "%s%s", base, extra) < 0)
		return NULL;
	return kconfig_parse(text, strlen(text));
}

/* Join a NULL-terminated list with spaces (static storage). */
static const char *
joined(char **list)
{
	static char line[512];

	line[0] = '\0';
	for (size_t i = 0; list && list[i]; i++)
		snprintf(line + strlen(line), sizeof line - strlen(line), "%s%s", i ? " " : "",
			 list[i]);
	return line;
}

/* Run kcheck on a config made by config_with(EXTRA). */
static int
check(const char *extra, bool overlay, bool net, struct kcheck_result *result)
{
	struct kconfig *config = config_with(extra);
	struct kcheck_request request = { .overlay = overlay, .net = net };
	int ret = kcheck_run(config, &request, result);

	kconfig_free(config);
	return ret;
}

/* List the drivers that are modules, in load order. */
static void
test_check_modules(void)
{
	struct kcheck_result result;

	tap_ok(check("CONFIG_OVERLAY_FS=m\nCONFIG_VIRTIO_NET=m\nCONFIG_HW_RANDOM_VIRTIO=m\n"
		     "CONFIG_MODULE_DECOMPRESS=y\n", true, true, &result) == 0,
	       "a full config passes");
	tap_streq(joined(result.modules),
		  "virtio virtio_pci virtio_console 9pnet 9pnet_virtio 9p overlay virtio_net virtio_rng",
		  "module names in load order");
	tap_ok(result.have_overlay && result.decompress && !result.warnings,
	       "overlay, decompression, no warning");
	kcheck_result_clear(&result);
	tap_ok(check("CONFIG_OVERLAY_FS=y\nCONFIG_VIRTIO_NET=m\n", false, false, &result) == 0 &&
		       !strstr(joined(result.modules), "virtio_net") &&
		       !strstr(joined(result.modules), "overlay") && !result.decompress,
	       "no virtio_net without --net, no overlay module when built in");
	kcheck_result_clear(&result);
	{
		struct kconfig *config = config_with("CONFIG_VIRTIO_BLK=m\n");
		struct kcheck_request request = { .overlay = true };

		tap_ok(kcheck_run(config, &request, &result) == 0 && !strstr(joined(result.modules), "virtio_blk"),
		       "no virtio_blk for a run without disks");
		kcheck_result_clear(&result);
		request.disks = true;
		tap_ok(kcheck_run(config, &request, &result) == 0 && strstr(joined(result.modules), "virtio_blk"),
		       "virtio_blk for a run that may have some");
		kcheck_result_clear(&result);
		kconfig_free(config);
	}
}

/* Name every missing option; warn when only the overlay is missing. */
static void
test_check_missing(void)
{
	struct kcheck_result result;
	int ret;

	tap_ok(check("CONFIG_9P_FS=n\n# CONFIG_VIRTIO_CONSOLE is not set\n", true, false,
		     &result) < 0,
	       "a config without 9P_FS and VIRTIO_CONSOLE fails");
	tap_streq(err_get(),
		  "kernel config lacks CONFIG_VIRTIO_CONSOLE, CONFIG_9P_FS: enable them (=y or =m) "
		  "and rebuild",
		  "the message names both");
	tap_ok(!result.modules && !result.warnings, "a failed check leaves nothing behind");
	tap_ok(check("CONFIG_9P_FS=n\nCONFIG_SERIAL_8250=m\n", true, false, &result) < 0 &&
		       error_says("CONFIG_9P_FS (=y or =m), CONFIG_SERIAL_8250 (=y): enable them",
				  NULL),
	       "built-in-only options are marked: %s", err_get());
	tap_ok(check("CONFIG_DEVTMPFS=n\n", true, false, &result) < 0 &&
		       error_says("lacks CONFIG_DEVTMPFS: enable it (=y) and rebuild", NULL),
	       "a single missing option: %s", err_get());
	tap_ok(check("", true, true, &result) < 0 && error_says("CONFIG_VIRTIO_NET", NULL),
	       "--net needs CONFIG_VIRTIO_NET");
	ret = check("", true, false, &result);
	tap_ok(ret == 0 && !result.have_overlay && result.warnings &&
		       strstr(result.warnings[0], "CONFIG_OVERLAY_FS") &&
		       strstr(result.warnings[0], "read-only"),
	       "no overlay is a warning: %s", result.warnings ? result.warnings[0] : "(none)");
	kcheck_result_clear(&result);
	tap_ok(check("", false, false, &result) == 0 && !result.warnings,
	       "no warning when no overlay is wanted");
	kcheck_result_clear(&result);
}

/* Say whether RESULT lists MODULE exactly when CONFIG has OPTION=m. */
static bool
module_listed_iff(const struct kconfig *config, const struct kcheck_result *result,
		  const char *option, const char *module)
{
	return strv_contains(result->modules, module) ==
	       (kconfig_get(config, option) == KCONFIG_MODULE);
}

/* Check the real distribution config. */
static void
test_check_real_config(void)
{
	const char *version = NULL;
	cleanup_free char *image = newest_boot_path(&version);
	cleanup_free char *source = NULL;
	struct kcheck_request request = { .overlay = true, .net = true };
	struct kcheck_result result;
	struct kconfig *config;
	bool ok = true;
	int ret;

	config = image ? kconfig_load(image, NULL, version, &source) : NULL;
	if (!config) {
		for (int i = 0; i < 2; i++)
			printf("ok %d # SKIP no /boot/config-* for the newest image\n", ++tap_count);
		return;
	}
	ret = kcheck_run(config, &request, &result);
	tap_ok(ret == 0, "%s passes the check%s%s", source, ret ? ": " : "", ret ? err_get() : "");
	printf("# modules: %s\n", joined(result.modules));
	ok &= module_listed_iff(config, &result, "VIRTIO", "virtio");
	ok &= module_listed_iff(config, &result, "VIRTIO_PCI", "virtio_pci");
	ok &= module_listed_iff(config, &result, "NET_9P", "9pnet");
	ok &= module_listed_iff(config, &result, "NET_9P_VIRTIO", "9pnet_virtio");
	ok &= module_listed_iff(config, &result, "9P_FS", "9p");
	ok &= module_listed_iff(config, &result, "OVERLAY_FS", "overlay");
	ok &= module_listed_iff(config, &result, "VIRTIO_NET", "virtio_net");
	tap_ok(ok, "the modules listed are those =m in %s", source);
	kcheck_result_clear(&result);
	kconfig_free(config);
}

/* Run the tests in a scratch directory removed at the end. */
int
main(void)
{
	tmp_dir_create("eb-test-kconfig");
	test_parse();
	test_ikconfig_elf();
	test_ikconfig_bzimage();
	test_real_image();
	test_load();
	test_check_modules();
	test_check_missing();
	test_check_real_config();
	tmp_dir_remove();
	return tap_done();
}
