#!/bin/bash
# --help, the man page and the README describe the same options.
. "${EB_SRCDIR:-.}/tests/lib.sh"
src=${EB_SRCDIR:-.}

"$EB" --help >"$tmp/help"
grep -o -- '--[a-zA-Z0-9][a-zA-Z0-9-]*' "$tmp/help" | sort -u >"$tmp/help-options"
MANWIDTH=200 LC_ALL=C.UTF-8 man --no-hyphenation --no-justification -l "$src/man/eudyptula-boot.1" 2>/dev/null >"$tmp/man" ||
	sed 's/\\-/-/g' "$src/man/eudyptula-boot.1" >"$tmp/man"
grep -o -- '--[a-zA-Z0-9][a-zA-Z0-9-]*' "$tmp/man" | sort -u >"$tmp/man-options"
grep -o -- '--[a-zA-Z0-9][a-zA-Z0-9-]*' "$src/README" | sort -u >"$tmp/readme-options"

check "--help lists options" test -s "$tmp/help-options"
while read -r opt; do
	check "$opt in the man page" grep -qx -- "$opt" "$tmp/man-options"
	check "$opt in the README" grep -qx -- "$opt" "$tmp/readme-options"
done <"$tmp/help-options"
# And the other way: nothing documented that --help does not know.
while read -r opt; do
	check "man page's $opt is in --help" grep -qx -- "$opt" "$tmp/help-options"
done <"$tmp/man-options"
for short in -s -v -2 -k -r -w -o -c -1 -m -u -h -V; do
	check "$short in --help" grep -q -- "  $short, " "$tmp/help"
	check "$short in the man page" grep -q -- "$short, " "$tmp/man"
done

done_testing
