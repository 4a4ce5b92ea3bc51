#!/bin/bash
# The version comes from one place, configure.ac: the program says it, and
# debian/changelog's newest entry follows it.
. "${EB_SRCDIR:-.}/tests/lib.sh"
src=${EB_SRCDIR:-.}

program=$("$EB" --version | sed -n 's/^eudyptula-boot //p')
configured=$(sed -n 's/^AC_INIT(\[eudyptula-boot\], \[\([^]]*\)\].*/\1/p' "$src/configure.ac")
changelog=$(sed -n '1s/^eudyptula-boot (\([^)]*\)).*/\1/p' "$src/debian/changelog")
check "configure.ac names a version ($configured)" test -n "$configured"
check "the program says it ($program)" test "$program" = "$configured"
# A native package's version is the upstream one; a Debian revision may follow.
check "debian/changelog follows it ($changelog)" test "${changelog%-*}" = "$configured"
done_testing
