/* Splitting a string of arguments into words, with no shell involved. */
#pragma once

/* Split TEXT the way a shell would, without any expansion: blanks
   separate, quotes group, backslash escapes.  *words is NULL-terminated. */
int words_split(const char *text, char ***words);
