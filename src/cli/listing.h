/* --list: the guests this tool started, as libvirt sees them. */
#pragma once

/* Print one line a guest (name, state, title) for the domains on the
   URI that carry the project's metadata. */
int listing_print(const char *requested_uri);

/* --end-spares: destroy this user's warm spares on the URI, saying how many. */
int listing_end_spares(const char *requested_uri);
