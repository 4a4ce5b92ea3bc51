#!/bin/bash
# make install puts the program, its helpers, the template, the man page and
# the completion in place; make uninstall takes every file back.
. "${EB_SRCDIR:-.}/tests/lib.sh"

root=$tmp/root
make -s -C "${EB_BUILDDIR:-.}" install DESTDIR="$root" >"$tmp/log" 2>&1
check "make install succeeds" test $? -eq 0
for file in bin/eudyptula-boot libexec/eudyptula-boot/eudyptula-init libexec/eudyptula-boot/eudyptula-virtiofsd \
	share/eudyptula-boot/domain.xml share/man/man1/eudyptula-boot.1 share/bash-completion/completions/eudyptula-boot; do
	check "installs $file" sh -c "find '$root' -path '*/$file' -type f | grep -q ."
done
installed=$(find "$root" -path '*/bin/eudyptula-boot' -type f)
check "the installed program runs (--version)" sh -c "'$installed' --version | grep -q '^eudyptula-boot '"
check "the man page renders" sh -c "man -l '$(find "$root" -name eudyptula-boot.1)' 2>/dev/null | grep -q 'EXIT STATUS'"
make -s -C "${EB_BUILDDIR:-.}" uninstall DESTDIR="$root" >"$tmp/log" 2>&1
check "make uninstall succeeds" test $? -eq 0
left=$(find "$root" -type f | sed "s|^$root||")
check "and leaves no file behind (${left:-none})" test -z "$left"
done_testing
