/* JUnit XML's pieces, for one run's document and a matrix's: text and
   attributes made valid XML whatever the guest printed. */
#pragma once

#include <stddef.h>

#include <libxml/tree.h>

/* A child element NAME of PARENT holding LEN bytes of TEXT (NULL: empty),
   invalid UTF-8 and control characters but tab and newline as '?'. */
xmlNodePtr junitxml_text(xmlNodePtr parent, const char *name, const char *text, size_t len);

/* NODE's attribute NAME: TEXT, cleaned the same way. */
void junitxml_attr(xmlNodePtr node, const char *name, const char *text);

/* <property name= value=/> under PROPERTIES, when VALUE is known. */
void junitxml_property(xmlNodePtr properties, const char *name, const char *value);
