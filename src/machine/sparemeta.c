#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "sparemeta.h"
#include "xalloc.h"
#include "xml.h"

/* The element's attributes. */
static void
set_attrs(xmlNodePtr node, const char *snapshot, const char *state, const char *user)
{
	xml_set_prop(node, "snapshot", snapshot);
	xml_set_prop(node, "state", state);
	xml_set_prop(node, "user", user ? user : "");
}

void
sparemeta_fill(xmlNodePtr node, const char *snapshot, const char *state, const char *user)
{
	xmlSetNs(node, xnonnull(xmlNewNs(node, BAD_CAST EB_SPARE_NS, BAD_CAST EB_SPARE_PREFIX)));
	set_attrs(node, snapshot, state, user);
}

char *
sparemeta_element(const char *snapshot, const char *state, const char *user)
{
	xmlDocPtr doc = xnonnull(xmlNewDoc(BAD_CAST "1.0"));
	xmlNodePtr node = xnonnull(xmlNewDocNode(doc, NULL, BAD_CAST "spare", NULL));
	xmlBufferPtr buf = xnonnull(xmlBufferCreate());
	char *text;

	xmlDocSetRootElement(doc, node);
	/* libvirt puts it in the namespace it is given. */
	set_attrs(node, snapshot, state, user);
	if (xmlNodeDump(buf, doc, node, 0, 0) < 0)
		die_oom();
	text = xstrdup((const char *)xmlBufferContent(buf));
	xmlBufferFree(buf);
	xmlFreeDoc(doc);
	return text;
}

/* NODE's attribute NAME, allocated; NULL when it has none. */
static char *
attr(xmlNodePtr node, const char *name)
{
	xmlChar *value = xmlGetProp(node, BAD_CAST name);
	char *copy = value ? xstrdup((const char *)value) : NULL;

	xmlFree(value);
	return copy;
}

int
sparemeta_parse(const char *text, struct spare_meta *meta)
{
	xmlDocPtr doc = xmlReadMemory(text, (int)strlen(text), NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
									       XML_PARSE_NOWARNING);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;

	memset(meta, 0, sizeof *meta);
	/* libvirt gives it without its namespace, which the caller asked for. */
	if (root && !strcmp((const char *)root->name, "spare")) {
		meta->snapshot = attr(root, "snapshot");
		meta->state = attr(root, "state");
		meta->user = attr(root, "user");
	}
	xmlFreeDoc(doc);
	if (meta->snapshot && meta->state && meta->user)
		return 0;
	sparemeta_clear(meta);
	return -1;
}

void
sparemeta_clear(struct spare_meta *meta)
{
	free(meta->snapshot);
	free(meta->state);
	free(meta->user);
	memset(meta, 0, sizeof *meta);
}
