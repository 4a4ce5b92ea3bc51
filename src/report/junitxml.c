#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "junitxml.h"
#include "util.h"
#include "xalloc.h"

/* LEN bytes of TEXT as XML character data may hold them: valid UTF-8, no
   control characters but tab and newline ('?' for the others). */
static char *
xml_text(const char *text, size_t len)
{
	char *out = xmalloc(len + 1);
	size_t n = 0;

	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)text[i];
		size_t seq = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		bool valid = seq > 0 && i + seq <= len && (seq == 1 || c >= 0xc2);

		for (size_t k = 1; valid && k < seq; k++)
			valid = ((unsigned char)text[i + k] & 0xc0) == 0x80;
		if (valid && seq == 1 && c < 0x20 && c != '\t' && c != '\n')
			valid = false;
		if (!valid) {
			out[n++] = '?';
			i++;
			continue;
		}
		memcpy(out + n, text + i, seq);
		n += seq;
		i += seq;
	}
	out[n] = '\0';
	return out;
}

/* A child element NAME of PARENT holding LEN bytes of TEXT. */
xmlNodePtr
junitxml_text(xmlNodePtr parent, const char *name, const char *text, size_t len)
{
	cleanup_free char *clean = xml_text(text ? text : "", text ? len : 0);

	return xnonnull(xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST clean));
}

/* NODE's attribute NAME: TEXT, cleaned. */
void
junitxml_attr(xmlNodePtr node, const char *name, const char *text)
{
	cleanup_free char *clean = xml_text(text, strlen(text));

	xnonnull(xmlSetProp(node, BAD_CAST name, BAD_CAST clean));
}

/* <property name= value=/> under PROPERTIES, when VALUE is known. */
void
junitxml_property(xmlNodePtr properties, const char *name, const char *value)
{
	xmlNodePtr property;

	if (!value)
		return;
	property = xnonnull(xmlNewChild(properties, NULL, BAD_CAST "property", NULL));
	junitxml_attr(property, "name", name);
	junitxml_attr(property, "value", value);
}

