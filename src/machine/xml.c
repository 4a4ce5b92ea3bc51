#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/chvalid.h>

#include "xml.h"
#include "xalloc.h"

xmlNodePtr
xml_child(xmlNodePtr parent, const char *name)
{
	for (xmlNodePtr node = parent->children; node; node = node->next)
		if (node->type == XML_ELEMENT_NODE && !node->ns && strcmp((const char *)node->name, name) == 0)
			return node;
	return NULL;
}

/* Remove the siblings after NODE called NAME. */
static void
xml_remove_later_siblings(xmlNodePtr node, const char *name)
{
	xmlNodePtr next;

	for (xmlNodePtr sibling = node->next; sibling; sibling = next) {
		next = sibling->next;
		if (sibling->type == XML_ELEMENT_NODE && !sibling->ns &&
		    strcmp((const char *)sibling->name, name) == 0) {
			xmlUnlinkNode(sibling);
			xmlFreeNode(sibling);
		}
	}
}

xmlNodePtr
xml_ensure_child(xmlNodePtr parent, const char *name)
{
	xmlNodePtr node = xml_child(parent, name);

	return node ? node : xnonnull(xmlNewChild(parent, NULL, BAD_CAST name, NULL));
}

void
xml_remove_children(xmlNodePtr parent, const char *name)
{
	xmlNodePtr node;

	while ((node = xml_child(parent, name))) {
		xmlUnlinkNode(node);
		xmlFreeNode(node);
	}
}

xmlNodePtr
xml_set_child(xmlNodePtr parent, const char *name, const char *text)
{
	xmlNodePtr old = xml_child(parent, name);
	xmlNodePtr node = xnonnull(xmlNewDocNode(parent->doc, NULL, BAD_CAST name, NULL));

	if (text)
		xmlNodeAddContent(node, BAD_CAST text);
	if (!old)
		return xmlAddChild(parent, node);
	/* Take the old node's place, so the document keeps its order. */
	xmlReplaceNode(old, node);
	xmlFreeNode(old);
	xml_remove_later_siblings(node, name);
	return node;
}

xmlNodePtr
xml_append(xmlNodePtr parent, const char *name, const char *text)
{
	xmlNodePtr node = xnonnull(xmlNewDocNode(parent->doc, NULL, BAD_CAST name, NULL));

	if (text)
		xmlNodeAddContent(node, BAD_CAST text);
	return xmlAddChild(parent, node);
}

void
xml_set_prop(xmlNodePtr node, const char *name, const char *value)
{
	xnonnull(xmlSetProp(node, BAD_CAST name, BAD_CAST value));
}

void
xml_set_propf(xmlNodePtr node, const char *name, const char *fmt, ...)
{
	char value[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(value, sizeof value, fmt, ap);
	va_end(ap);
	xml_set_prop(node, name, value);
}

/* Length of the valid XML character at P, or 0. */
static int
xml_char_len(const unsigned char *p)
{
	int len = 4;
	int c = xmlGetUTF8Char(p, &len);

	if (c < 0 || !xmlIsCharQ(c))
		return 0;
	return len;
}

bool
xml_text_is_valid(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;

	while (*p) {
		int len = xml_char_len(p);

		if (!len)
			return false;
		p += len;
	}
	return true;
}

char *
xml_text_escape_invalid(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	char *out = xmalloc(strlen(text) * 4 + 1), *q = out;

	while (*p) {
		int len = xml_char_len(p);

		if (len) {
			memcpy(q, p, (size_t)len);
			q += len;
			p += len;
		} else {
			q += sprintf(q, "\\x%02x", *p++);
		}
	}
	*q = '\0';
	return out;
}
