/* libFuzzer harness: the .config parser and its lookups, and the IKCONFIG
   extraction from an ELF vmlinux or a bzImage held in memory.  kconfig.c
   is compiled in to reach find_ikconfig() and bzimage_ikconfig(). */
#include "config.h"

#include <stdint.h>

#include "kconfig.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Names the program looks up, with and without the prefix, and odd ones. */
static const char *const names[] = {
	"VIRTIO", "CONFIG_VIRTIO_PCI", "9P_FS", "NET_9P_VIRTIO", "DEVTMPFS",
	"OVERLAY_FS", "MODULE_DECOMPRESS", "CONFIG_RANDOMIZE_BASE", "CMDLINE",
	"CONFIG_", "", "CONFIG_CONFIG_X",
};

enum { MAX_ENTRY_LOOKUPS = 64 };

/* A lookup answers consistently for NAME. */
static void
look_up(const struct kconfig *config, const char *name)
{
	enum kconfig_value value = kconfig_get(config, name);
	const char *text = kconfig_get_string(config, name);

	if ((value == KCONFIG_UNSET) != (text == NULL))
		abort();
}

/* Look up fixed names and the names the text defines. */
static void
look_up_all(const struct kconfig *config)
{
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		look_up(config, names[i]);
	for (size_t i = 0; i < config->count && i < MAX_ENTRY_LOOKUPS; i++)
		look_up(config, config->entries[i].name);
}

static void
parse_text(const char *text, size_t len)
{
	struct kconfig *config = kconfig_parse(text, len);

	if (!config)
		return;
	look_up_all(config);
	kconfig_free(config);
}

/* Parse what an extraction gave, if anything. */
static void
parse_extracted(char *text, size_t len)
{
	if (!text)
		return;
	if (text[len] != '\0')
		abort();
	parse_text(text, len);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kernel_file file = { (unsigned char *)data, size };
	size_t len = 0;

	parse_text((const char *)data, size);
	/* What kconfig_extract_ikconfig() does with a mapped file. */
	parse_extracted(find_ikconfig(data, size, "image", &len), len);
	if (!kernel_is_elf(data, size))
		parse_extracted(bzimage_ikconfig(&file, "image", &len), len);
	return 0;
}
