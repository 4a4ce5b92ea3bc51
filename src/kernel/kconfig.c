#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "kconfig.h"
#include "kernel.h"
#include "util.h"
#include "xalloc.h"

#define PREFIX "CONFIG_"
#define PREFIX_LEN (sizeof PREFIX - 1)
#define NOT_SET " is not set"
#define IKCONFIG_START "IKCFG_ST"
#define IKCONFIG_END "IKCFG_ED"
#define MARKER_LEN 8

struct kconfig_entry {
	char *name; /* without the CONFIG_ prefix */
	char *text; /* the value, unquoted; NULL when not set */
	enum kconfig_value value;
};

struct kconfig {
	struct kconfig_entry *entries;
	size_t count;
	size_t capacity;
};

/* Append an entry, taking ownership of NAME and TEXT. */
static void
add_entry(struct kconfig *config, char *name, char *text, enum kconfig_value value)
{
	if (config->count == config->capacity) {
		config->capacity = config->capacity ? config->capacity * 2 : 256;
		config->entries = xreallocarray(config->entries, config->capacity, sizeof *config->entries);
	}
	config->entries[config->count++] = (struct kconfig_entry){ name, text, value };
}

/* Undo a string value's quoting and backslash escapes. */
static char *
unquote(const char *value, size_t len)
{
	char *text = xmalloc(len + 1);
	size_t out = 0;

	for (size_t i = 1; i + 1 < len; i++) {
		if (value[i] == '\\' && i + 2 < len)
			i++;
		text[out++] = value[i];
	}
	text[out] = '\0';
	return text;
}

/* Classify a value as y, m, n or other. */
static enum kconfig_value
classify(const char *text)
{
	if (strcmp(text, "y") == 0)
		return KCONFIG_BUILTIN;
	if (strcmp(text, "m") == 0)
		return KCONFIG_MODULE;
	if (strcmp(text, "n") == 0)
		return KCONFIG_UNSET;
	return KCONFIG_OTHER;
}

/* Record "CONFIG_NAME=VALUE" (LINE has the prefix stripped). */
static void
parse_assignment(struct kconfig *config, const char *line, size_t len)
{
	const char *equals = memchr(line, '=', len);
	const char *value;
	size_t value_len;
	char *text;

	if (!equals || equals == line)
		return;
	value = equals + 1;
	value_len = len - (size_t)(value - line);
	if (value_len >= 2 && value[0] == '"' && value[value_len - 1] == '"')
		text = unquote(value, value_len);
	else
		text = xstrndup(value, value_len);
	add_entry(config, xstrndup(line, (size_t)(equals - line)), text, classify(text));
}

/* Record "# CONFIG_NAME is not set" (LINE starts after the prefix). */
static void
parse_not_set(struct kconfig *config, const char *line, size_t len)
{
	size_t suffix_len = sizeof NOT_SET - 1;

	if (len > suffix_len && memcmp(line + len - suffix_len, NOT_SET, suffix_len) == 0)
		add_entry(config, xstrndup(line, len - suffix_len), NULL, KCONFIG_UNSET);
}

/* Record what one line of a .config says, if anything. */
static void
parse_line(struct kconfig *config, const char *line, size_t len)
{
	static const char comment[] = "# " PREFIX;

	while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' '))
		len--;
	if (len > PREFIX_LEN && memcmp(line, PREFIX, PREFIX_LEN) == 0)
		parse_assignment(config, line + PREFIX_LEN, len - PREFIX_LEN);
	else if (len > sizeof comment - 1 && memcmp(line, comment, sizeof comment - 1) == 0)
		parse_not_set(config, line + sizeof comment - 1, len - (sizeof comment - 1));
}

struct kconfig *
kconfig_parse(const char *text, size_t len)
{
	struct kconfig *config = xcalloc(1, sizeof *config);
	const char *end = text + len;

	for (const char *line = text; line < end;) {
		const char *newline = memchr(line, '\n', (size_t)(end - line));
		const char *line_end = newline ? newline : end;

		parse_line(config, line, (size_t)(line_end - line));
		line = line_end + 1;
	}
	return config;
}

/* The entry for NAME (with or without CONFIG_); the last one wins. */
static const struct kconfig_entry *
find_entry(const struct kconfig *config, const char *name)
{
	if (strncmp(name, PREFIX, PREFIX_LEN) == 0)
		name += PREFIX_LEN;
	for (size_t i = config->count; i > 0; i--)
		if (strcmp(config->entries[i - 1].name, name) == 0)
			return &config->entries[i - 1];
	return NULL;
}

enum kconfig_value
kconfig_get(const struct kconfig *config, const char *name)
{
	const struct kconfig_entry *entry = find_entry(config, name);

	return entry ? entry->value : KCONFIG_UNSET;
}

const char *
kconfig_get_string(const struct kconfig *config, const char *name)
{
	const struct kconfig_entry *entry = find_entry(config, name);

	return entry && entry->value != KCONFIG_UNSET ? entry->text : NULL;
}

void
kconfig_free(struct kconfig *config)
{
	if (!config)
		return;
	for (size_t i = 0; i < config->count; i++) {
		free(config->entries[i].name);
		free(config->entries[i].text);
	}
	free(config->entries);
	free(config);
}

/* Decompress the gzip data between IKCFG_ST and IKCFG_ED in DATA. */
static char *
find_ikconfig(const unsigned char *data, size_t size, const char *path, size_t *len)
{
	const unsigned char *end = data + size;
	const unsigned char *start = data, *stop;

	while ((start = memmem(start, (size_t)(end - start), IKCONFIG_START, MARKER_LEN))) {
		start += MARKER_LEN;
		if (end - start < 2 || start[0] != 0x1f || start[1] != 0x8b)
			continue;
		stop = memmem(start, (size_t)(end - start), IKCONFIG_END, MARKER_LEN);
		if (stop)
			return (char *)kernel_decompress(start, (size_t)(stop - start),
							 "the embedded configuration", len);
	}
	err_set("%s has no embedded configuration (it needs CONFIG_IKCONFIG=y)", path);
	return NULL;
}

/* Look for IKCONFIG inside a bzImage's compressed kernel. */
static char *
bzimage_ikconfig(const struct kernel_file *file, const char *path, size_t *len)
{
	cleanup_free unsigned char *vmlinux = NULL;
	size_t offset, length, vmlinux_size;

	if (kernel_bzimage_payload(file->data, file->size, &offset, &length) < 0) {
		err_set("%s is not a bzImage or ELF vmlinux: no embedded configuration to read",
			path);
		return NULL;
	}
	vmlinux = kernel_decompress(file->data + offset, length, path, &vmlinux_size);
	if (!vmlinux)
		return NULL;
	return find_ikconfig(vmlinux, vmlinux_size, path, len);
}

char *
kconfig_extract_ikconfig(const char *image_path, size_t *len)
{
	struct kernel_file file;
	char *text;

	if (kernel_file_map(image_path, &file) < 0)
		return NULL;
	if (kernel_is_elf(file.data, file.size))
		text = find_ikconfig(file.data, file.size, image_path, len);
	else
		text = bzimage_ikconfig(&file, image_path, len);
	kernel_file_unmap(&file);
	return text;
}

/* Parse TEXT, failing when it holds no option at all. */
static struct kconfig *
parse_nonempty(const char *text, size_t len, const char *source)
{
	struct kconfig *config = kconfig_parse(text, len);

	if (config->count == 0) {
		kconfig_free(config);
		err_set("%s holds no CONFIG_ options: not a kernel configuration", source);
		return NULL;
	}
	return config;
}

/* Load a .config-format file. */
static struct kconfig *
load_file(const char *path)
{
	struct kernel_file file;
	struct kconfig *config;

	if (kernel_file_map(path, &file) < 0)
		return NULL;
	config = parse_nonempty((const char *)file.data, file.size, path);
	kernel_file_unmap(&file);
	return config;
}

/* Load PATH as the configuration if it exists; *source names it. */
static struct kconfig *
load_if_present(const char *path, char **source, int *err)
{
	struct kconfig *config;

	*err = 0;
	if (access(path, F_OK) < 0)
		return NULL;
	config = load_file(path);
	if (!config)
		*err = -1;
	else
		*source = xstrdup(path);
	return config;
}

/* Path of config-VERSION in the image's directory. */
static char *
config_beside(const char *image_path, const char *version)
{
	const char *slash = strrchr(image_path, '/');
	int dir_len = slash ? (int)(slash - image_path) : 1;

	return xasprintf("%.*s/config-%s", dir_len, slash ? image_path : ".", version);
}

/* Load the configuration embedded in the image; *source says so. */
static struct kconfig *
load_embedded(const char *image_path, const char *beside, char **source)
{
	cleanup_free char *text = NULL;
	cleanup_free char *reason = NULL;
	struct kconfig *config;
	size_t len;

	text = kconfig_extract_ikconfig(image_path, &len);
	if (!text) {
		reason = xstrdup(err_get());
		err_set("no configuration for %s: no %s, and %s", image_path,
			beside ? beside : "config-VERSION beside it", reason);
		return NULL;
	}
	config = parse_nonempty(text, len, "the embedded configuration");
	if (config)
		*source = xasprintf("the configuration embedded in %s", image_path);
	return config;
}

struct kconfig *
kconfig_load(const char *image_path, const char *build_dir, const char *version,
	     char **source)
{
	cleanup_free char *dot_config = NULL;
	cleanup_free char *beside = NULL, *installed = NULL;
	struct kconfig *config = NULL;
	int err = 0;

	*source = NULL;
	if (build_dir) {
		dot_config = xasprintf("%s/.config", build_dir);
		config = load_if_present(dot_config, source, &err);
	}
	if (!config && !err && version) {
		beside = config_beside(image_path, version);
		config = load_if_present(beside, source, &err);
	}
	if (!config && !err)
		config = load_embedded(image_path, beside, source);
	/* A copy of an installed kernel, elsewhere: the installed one's. */
	if (!config && !err && version && !strchr(version, '/')) {
		installed = xasprintf("/boot/config-%s", version);
		config = load_if_present(installed, source, &err);
	}
	return config;
}
