/* Small helpers over libxml2 trees. */
#pragma once

#include <stdbool.h>

#include <libxml/tree.h>

/* The first child element of PARENT called NAME (no namespace), or NULL. */
xmlNodePtr xml_child(xmlNodePtr parent, const char *name);

/* The child element NAME of PARENT, created at the end if missing. */
xmlNodePtr xml_ensure_child(xmlNodePtr parent, const char *name);

/* Replace the children of PARENT called NAME by one new element with TEXT. */
xmlNodePtr xml_set_child(xmlNodePtr parent, const char *name, const char *text);

/* Remove every child element of PARENT called NAME. */
void xml_remove_children(xmlNodePtr parent, const char *name);

/* Append a new child element NAME with optional TEXT. */
xmlNodePtr xml_append(xmlNodePtr parent, const char *name, const char *text);

/* Set an attribute (libxml2's allocation checked). */
void xml_set_prop(xmlNodePtr node, const char *name, const char *value);

/* Set an attribute from a formatted value. */
void xml_set_propf(xmlNodePtr node, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* True when TEXT is valid UTF-8 holding only characters XML 1.0 allows. */
bool xml_text_is_valid(const char *text);

/* A copy of TEXT where bytes XML cannot hold are written as \xNN. */
char *xml_text_escape_invalid(const char *text);
