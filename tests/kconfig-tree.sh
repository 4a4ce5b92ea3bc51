#!/bin/bash
# --kconfig=DIR on a real kernel tree (Debian's linux-source): merged into a
# tiny allnoconfig .config with the tree's own merge_config.sh, every option
# the tool needs survives make olddefconfig, so the fragment's list of
# dependencies is complete.
. "${EB_SRCDIR:-.}/tests/lib.sh"

source_tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)
if [ -z "$source_tarball" ] || ! command -v flex >/dev/null || ! command -v bison >/dev/null; then
	echo "1..0 # SKIP needs linux-source-*, flex and bison (apt-get install linux-source-6.1 flex bison)"
	exit 0
fi
top=$(basename "$source_tarball" .tar.xz)
# What make olddefconfig reads: the Kconfig files, the Makefiles, scripts/, include/.
tar -C "$tmp" -xf "$source_tarball" --wildcards "$top/Makefile" "$top/Kconfig" '*/Kconfig*' \
	"$top/scripts/*" "$top/arch/x86/Makefile*" "$top/arch/x86/tools/*" "$top/include/*" "$top/tools/include/*"
tree=$tmp/$top
make -s -C "$tree" allnoconfig >"$tmp/make.log" 2>&1
check "the tree takes make allnoconfig" test -s "$tree/.config"

"$EB" --kconfig="$tree" >"$tmp/out" 2>"$tmp/err"
got=$?
check "--kconfig=DIR merges the fragment (exit $got)" test "$got" -eq 0
check "with the tree's merge_config.sh" grep -q "merged configuration written to .config" "$tmp/err"
check "and says what to run next" grep -q "run make olddefconfig there" "$tmp/err"
check "stdout stays empty" test ! -s "$tmp/out"

make -s -C "$tree" olddefconfig >"$tmp/make.log" 2>&1
missing=
for option in $("$EB" --kconfig | sed -n 's/^\(CONFIG_[A-Z0-9_]*\)=y$/\1/p'); do
	grep -qx "$option=y" "$tree/.config" || missing="$missing $option"
done
check "every option of the fragment survives make olddefconfig (missing:${missing:- none})" test -z "$missing"

rm -f "$tree/.config"
expect_status 125 "--kconfig=DIR refuses a tree without .config" "$EB" --kconfig="$tree"
done_testing
