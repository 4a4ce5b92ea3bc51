#!/bin/bash
# Valgrind's memcheck over a build without sanitizers (they cannot run
# together): every unit test, the command line's quick paths, and three
# whole boots. An invalid read or write, a use of uninitialised memory or
# a definite leak fails; "possibly lost" blocks (a thread of libvirt's
# still running at exit) do not.
#   tests/valgrind.sh     from the top directory
# The build is a fresh copy of the working tree (tracked and new files, as
# they are now) in a temporary directory, removed at the end: the tree
# itself may be configured with sanitizers, and automake builds nowhere else
# from a source directory configured in place.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib.sh"

finish() {
	echo "1..$tap_n"
	echo "$((tap_n - tap_fail)) passed, $tap_fail failed"
	[ "$tap_fail" -eq 0 ]
	exit
}

if ! command -v valgrind >/dev/null; then
	not_ok "valgrind is installed"
	finish
fi

# The copy: the files git knows or would add, when the tree is a git
# checkout; else the whole tree, cleaned.
copy_tree() {
	mkdir "$tmp/src" || return 1
	if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		(cd "$top" && git ls-files -z --cached --others --exclude-standard |
			while IFS= read -r -d '' f; do
				if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi
			done | tar --null -T - -cf -) | tar -C "$tmp/src" -xf -
	else
		tar -C "$top" --exclude=./.git -cf - . | tar -C "$tmp/src" -xf - &&
			if [ -f "$tmp/src/Makefile" ]; then make -C "$tmp/src" distclean >/dev/null; fi
	fi
}

# Without sanitizers, with line numbers; the unit tests are built, not run.
build() {
	copy_tree &&
		cd "$tmp/src" &&
		./autogen.sh &&
		./configure --disable-sanitizers CFLAGS="-g -O1" &&
		make -j"$(nproc)" &&
		make -j"$(nproc)" check TESTS=
}
start=$(date +%s)
if (build) >"$tmp/build.log" 2>&1; then
	ok "a build without sanitizers ($(($(date +%s) - start)) s)"
else
	not_ok "a build without sanitizers"
	diag "$(tail -n 40 "$tmp/build.log")"
	finish
fi
EB=$tmp/src/eudyptula-boot

supp=()
if [ -f "$top/tests/valgrind.supp" ]; then supp=(--suppressions="$top/tests/valgrind.supp"); fi
vg_n=0

# vg WANT DESCRIPTION COMMAND...: run COMMAND under memcheck (children it
# forks included, each with its own log) and check its status and the logs.
# Output in $tmp/out and $tmp/err.
vg() {
	local want=$1 desc=$2 got logs errors summary
	shift 2
	vg_n=$((vg_n + 1))
	timeout --foreground -k 10 900 valgrind --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite --track-fds=no --num-callers=30 "${supp[@]}" \
		--log-file="$tmp/vg.$vg_n.%p" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	got=$?
	logs=("$tmp"/vg."$vg_n".*)
	errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "${logs[@]}" | awk '{ n += $1 } END { print n + 0 }')
	summary=$(sed -n 's/^==[0-9]*== *\(definitely lost\|possibly lost\): \([0-9,]*\) bytes.*/\1 \2/p' "${logs[@]}" |
		awk '{ gsub(",", "", $3); n[$1] += $3 } END { printf "definitely lost %d, possibly lost %d bytes", n["definitely"], n["possibly"] }')
	if [ "$got" -eq "$want" ] && [ "$errors" -eq 0 ] && grep -q 'ERROR SUMMARY' "${logs[@]}"; then
		ok "$desc: exit $got, no error ($summary)"
		return 0
	fi
	not_ok "$desc: exit $got (want $want), $errors errors ($summary)"
	diag "stdout: $(head -c 1000 "$tmp/out")" "stderr: $(head -c 1000 "$tmp/err")"
	for log in "${logs[@]}"; do
		grep -q 'ERROR SUMMARY: [1-9]' "$log" && diag "$(sed -n '/^==[0-9]*== [A-Z].*\(Invalid\|uninitialised\|definitely lost\|Mismatched\|overlap\|free()\)/,/^==[0-9]*== $/p' "$log" | head -n 150)"
	done
	return 1
}

# (a) The unit tests.
cd "$tmp/src"
for t in tests/test-*; do
	case $t in *.c | *.o | *.log | *.trs) continue ;; esac
	[ -x "$t" ] || continue
	if vg 0 "$t" "$t"; then :; else diag "$(grep '^not ok' "$tmp/out" | head -n 20)"; fi
done

# (b) The command line's quick paths. Domains of this script get their own
# cache, so that the copy's init, built differently, adds nothing to the
# user's.
export XDG_CACHE_HOME=$tmp/cache
vg 0 "--help" "$EB" --help && check "--help prints the usage" grep -q '^Usage: eudyptula-boot' "$tmp/out"
vg 0 "--version" "$EB" --version && check "--version prints the version" grep -q '^eudyptula-boot [0-9]' "$tmp/out"
vg 0 "--dry-run -- true" "$EB" --accel=tcg --dry-run -- true && check "--dry-run names the domain" grep -q '^domain: ' "$tmp/out"
vg 125 "an unknown option" "$EB" --no-such-option -- true && check "an unknown option is named" grep -q "no-such-option" "$tmp/err"

# (c) Whole boots, in the top directory (the guest's /tmp is its own): the
# first builds the initramfs, the second finds it cached, the third is
# ended by --timeout.
cd "$top"
if vg 3 "a boot: sh -c 'echo hi; exit 3'" "$EB" --accel=tcg -s -- sh -c 'echo hi; exit 3'; then
	check "its output is hi" test "$(cat "$tmp/out")" = hi
	test "$(cat "$tmp/out")" = hi || diag "stdout: $(head -c 500 "$tmp/out")"
fi
if vg 0 "a boot with the initramfs cached" "$EB" --accel=tcg -s -- cat /proc/cmdline; then
	check "its output is the kernel line" grep -q 'console=' "$tmp/out"
	grep -q 'console=' "$tmp/out" || diag "stdout: $(head -c 500 "$tmp/out")"
fi
vg 124 "a boot ended by --timeout" "$EB" --accel=tcg -s --timeout=3 -- sleep 60
finish
