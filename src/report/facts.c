#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "error.h"
#include "facts.h"
#include "strv.h"
#include "xalloc.h"

/* The facts' strings, by name, for both directions. */
#define FACT_FIELDS(f) { "kernel_path", &(f)->kernel_path }, { "kernel_version", &(f)->kernel_version }, \
	{ "build_dir", &(f)->build_dir }, { "modules_dir", &(f)->modules_dir }, { "vmlinux", &(f)->vmlinux }, \
	{ "uri", &(f)->uri }, { "domain", &(f)->domain }

struct fact_field {
	const char *name;
	const char **value;
};

int
facts_write(const struct run_facts *facts, const char *path)
{
	struct run_facts copy = *facts;
	const struct fact_field fields[] = { FACT_FIELDS(&copy) };
	json_object *root = xnonnull(json_object_new_object()), *command = NULL;
	int rc;

	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		json_object_object_add(root, fields[i].name,
				       *fields[i].value ? xnonnull(json_object_new_string(*fields[i].value)) : NULL);
	if (facts->command) {
		command = xnonnull(json_object_new_array());
		for (size_t i = 0; facts->command[i]; i++)
			json_object_array_add(command, xnonnull(json_object_new_string(facts->command[i])));
	}
	json_object_object_add(root, "command", command);
	rc = json_object_to_file_ext(path, root, JSON_C_TO_STRING_PLAIN);
	json_object_put(root);
	return rc < 0 ? err_set("cannot write %s: %s", path, json_util_get_last_err()) : 0;
}

/* KEPT's copy of the string VALUE (NULL stays NULL). */
static const char *
keep(struct kept_facts *kept, json_object *value)
{
	if (!json_object_is_type(value, json_type_string))
		return NULL;
	strv_append(&kept->strings, json_object_get_string(value));
	return kept->strings[strv_length(kept->strings) - 1];
}

int
facts_read(const char *path, struct kept_facts *kept)
{
	json_object *root = json_object_from_file(path), *command;
	const struct fact_field fields[] = { FACT_FIELDS(&kept->facts) };
	size_t words;

	memset(kept, 0, sizeof *kept);
	if (!root)
		return err_set("cannot read %s: %s", path, json_util_get_last_err());
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		*fields[i].value = keep(kept, json_object_object_get(root, fields[i].name));
	command = json_object_object_get(root, "command");
	words = json_object_is_type(command, json_type_array) ? json_object_array_length(command) : 0;
	if (words) {
		char **argv = xcalloc(words + 1, sizeof *argv);

		for (size_t i = 0; i < words; i++)
			argv[i] = xstrdup(json_object_get_string(json_object_array_get_idx(command, i)));
		kept->facts.command = argv;
	}
	json_object_put(root);
	return 0;
}

void
facts_clear(struct kept_facts *kept)
{
	strv_free(kept->strings);
	strv_free((char **)kept->facts.command);
	memset(kept, 0, sizeof *kept);
}
