#include "config.h"

#include <errno.h>
#include <string.h>

#include <libxml/parser.h>

#include "error.h"
#include "fdio.h"
#include "template.h"
#include "util.h"

/* Keep libxml2 from printing on stderr: the caller reports one line. */
static void
ignore_xml_error(void *ctx, const xmlError *error)
{
}

xmlDocPtr
template_load(const char *path)
{
	cleanup_fd int fd = fd_open_regular(path);
	xmlDocPtr doc;
	xmlNodePtr root;

	/* Opened without blocking, so that a named pipe is refused, not waited on. */
	if (fd < 0) {
		if (errno == EISDIR || errno == EINVAL)
			err_set("template %s is not a file: give a libvirt domain XML document", path);
		else
			err_sys("cannot read template %s", path);
		return NULL;
	}
	xmlSetStructuredErrorFunc(NULL, (xmlStructuredErrorFunc)ignore_xml_error);
	doc = xmlReadFd(fd, path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (!doc) {
		const xmlError *error = xmlGetLastError();

		err_set("template %s is not well-formed XML (line %d): give a libvirt domain XML document",
			path, error ? error->line : 0);
		return NULL;
	}
	/* Entities would reach libvirt, which runs as root: none at all. */
	if (doc->intSubset || doc->extSubset) {
		err_set("template %s has a DOCTYPE: a domain template may not declare entities or a DTD", path);
		xmlFreeDoc(doc);
		return NULL;
	}
	root = xmlDocGetRootElement(doc);
	if (!root || strcmp((const char *)root->name, "domain") != 0 || root->ns) {
		err_set("template %s is not a libvirt domain document (its root element is <%s>, not <domain>)",
			path, root ? (const char *)root->name : "nothing");
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}
