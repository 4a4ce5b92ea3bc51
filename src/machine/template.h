/* Loading the libvirt domain document the run starts from. */
#pragma once

#include <libxml/tree.h>

/* Parse PATH and check that it is a libvirt domain document. */
xmlDocPtr template_load(const char *path);
