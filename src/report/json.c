#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "error.h"
#include "json.h"
#include "splat.h"
#include "timings.h"
#include "xalloc.h"

#define JSON_FORMAT_VERSION 1

/* A string, or null for NULL; never NULL itself (json-c allocates). */
static json_object *
string_or_null(const char *text)
{
	return text ? xnonnull(json_object_new_string(text)) : NULL;
}

/* OBJECT[KEY] = VALUE, VALUE owned by OBJECT from now on. */
static void
put(json_object *object, const char *key, json_object *value)
{
	json_object_object_add(object, key, value);
}

/* The command's argv, or null for a shell. */
static json_object *
command_array(char *const *command)
{
	json_object *array;

	if (!command)
		return NULL;
	array = xnonnull(json_object_new_array());
	for (size_t i = 0; command[i]; i++)
		json_object_array_add(array, string_or_null(command[i]));
	return array;
}

/* The spans --timings shows, in ms; those that did not happen are left out. */
static json_object *
timings_object(void)
{
	struct timing_span spans[16];
	size_t count = timings_spans(spans, 16);
	json_object *object = xnonnull(json_object_new_object());
	char key[64];

	for (size_t i = 0; i < count; i++) {
		if (spans[i].ms < 0)
			continue;
		snprintf(key, sizeof key, "%s", spans[i].name);
		for (char *c = key; *c; c++)
			if (*c == ' ')
				*c = '_';
		put(object, key, xnonnull(json_object_new_int64(spans[i].ms)));
	}
	return object;
}

/* One splat, with what the verdict made of it. */
static json_object *
splat_object(const struct report_record *record, size_t index)
{
	const struct splat *splat = splat_get(&record->result->log.splats, index);
	const char *symbolized = record->symbolized ? record->symbolized[index] : NULL;
	json_object *object = xnonnull(json_object_new_object());
	bool allowed = record->verdict->allowed[index];

	put(object, "class", string_or_null(splat_class_name(splat->class)));
	put(object, "title", string_or_null(splat->title));
	put(object, "summary", string_or_null(splat->summary));
	put(object, "when", string_or_null(splat->at_boot ? "boot" : "command"));
	put(object, "count", xnonnull(json_object_new_int64(splat->count)));
	put(object, "taint", string_or_null(splat->taint));
	put(object, "complete", xnonnull(json_object_new_boolean(splat->complete)));
	put(object, "allowed", xnonnull(json_object_new_boolean(allowed)));
	put(object, "text", string_or_null(splat->text));
	put(object, "symbolized", string_or_null(symbolized));
	return object;
}

/* Every splat of the run; empty when the guest never ran. */
static json_object *
splats_array(const struct report_record *record)
{
	json_object *array = xnonnull(json_object_new_array());

	if (record->result)
		for (size_t i = 0; i < splat_count(&record->result->log.splats); i++)
			json_object_array_add(array, splat_object(record, i));
	return array;
}

/* The verdict and the exit status, with what they mean. */
static void
put_verdict(json_object *root, const struct report_record *record)
{
	const struct verdict *verdict = record->verdict;
	const struct session_result *result = record->result;

	put(root, "verdict", string_or_null(verdict_kind_name(verdict->kind)));
	put(root, "reason", string_or_null(verdict->why));
	put(root, "exit_status", xnonnull(json_object_new_int(verdict->status)));
	put(root, "exit_meaning", string_or_null(verdict->meaning));
	put(root, "command_status", result && result->end == END_STATUS ? xnonnull(json_object_new_int(result->command_status))
									  : NULL);
	put(root, "boot_stage", string_or_null(result ? runend_stage_name(result->stage) : NULL));
	put(root, "splats", splats_array(record));
	put(root, "splats_dropped", xnonnull(json_object_new_int64(result ? splat_dropped(&result->log.splats) : 0)));
}

/* The whole document. */
static json_object *
report_object(const struct report_record *record)
{
	json_object *root = xnonnull(json_object_new_object());
	json_object *tool = xnonnull(json_object_new_object()), *kernel = xnonnull(json_object_new_object());

	put(root, "format", xnonnull(json_object_new_int(JSON_FORMAT_VERSION)));
	put(tool, "name", string_or_null(PACKAGE_NAME));
	put(tool, "version", string_or_null(PACKAGE_VERSION));
	put(root, "tool", tool);
	put(kernel, "path", string_or_null(record->kernel_path));
	put(kernel, "version", string_or_null(record->kernel_version));
	put(root, "kernel", kernel);
	put(root, "uri", string_or_null(record->uri));
	put(root, "domain", string_or_null(record->domain));
	put(root, "command", command_array(record->command));
	put(root, "started", xnonnull(json_object_new_int64(record->started)));
	put_verdict(root, record);
	put(root, "timings_ms", timings_object());
	put(root, "kernel_log", string_or_null(record->kernel_log));
	return root;
}

int
report_json_write(const struct report_record *record, const char *path)
{
	json_object *root = report_object(record);
	int rc = json_object_to_file_ext(path, root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);

	json_object_put(root);
	if (rc < 0)
		return err_set("cannot write the report %s: %s", path, json_util_get_last_err());
	return 0;
}
