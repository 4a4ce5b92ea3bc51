/* The libvirt domain document of one run, rendered with libxml2. */
#pragma once

#include <libxml/tree.h>

#include "domainplan.h"

/* Set the nodes the program owns in DOC, a domain template. */
int domain_render(xmlDocPtr doc, const struct domain_plan *plan);

/* The document as an allocated string. */
char *domain_to_string(xmlDocPtr doc);
