/* A warm spare's element in its domain's <metadata> (EB_SPARE_NS): which
   snapshot it was restored from, whose it is, and how far it is. */
#pragma once

#include "domainplan.h"

/* What a spare's element says. */
struct spare_meta {
	char *snapshot; /* the snapshot file's name */
	char *state;    /* EB_SPARE_PREPARING, EB_SPARE_READY or EB_SPARE_CLAIMED */
	char *user;
};

/* NODE as a spare's element. */
struct _xmlNode;
void sparemeta_fill(struct _xmlNode *node, const char *snapshot, const char *state, const char *user);

/* The element as text, without its namespace, for virDomainSetMetadata. */
char *sparemeta_element(const char *snapshot, const char *state, const char *user);

/* Read TEXT (as virDomainGetMetadata gives it for EB_SPARE_NS) into META;
   -1 when it is not a spare's element. */
int sparemeta_parse(const char *text, struct spare_meta *meta);

void sparemeta_clear(struct spare_meta *meta);
