/* addr2line's answers, as the source locations added to stack lines. */
#pragma once

#include <stddef.h>

/* The longest location added to a line, and the most inlined frames it names. */
#define SRCLOC_NOTE_MAX 512
#define SRCLOC_FRAMES_MAX 16

/* Cut OUT, what `addr2line -a -f -i ADDR...` printed for COUNT
   addresses, into a note for each address: " (FILE:LINE)", or for code
   inlined into the symbol " (FILE:LINE in INNER, inlined at FILE:LINE)",
   innermost first.  The first of PREFIXES (NULL-terminated; may be
   NULL) that begins a path is taken off it, as is a leading "./".
   NOTES[i] is allocated, or NULL when addr2line did not know the
   address (or printed less than COUNT answers). */
void srcloc_notes(const char *out, size_t count, const char *const *prefixes, char **notes);
