#!/bin/bash
# The bash completion: options from --help, kernels under /boot.
. "${EB_SRCDIR:-.}/tests/lib.sh"
. "${EB_SRCDIR:-.}/completion/eudyptula-boot"
compopt() { :; }

# complete WORDS...: COMPREPLY for the last word.
complete_words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(( $# - 1 ))
	COMPREPLY=()
	_eudyptula_boot
	printf '%s\n' "${COMPREPLY[@]}"
}

complete_words "$EB" --dum >"$tmp/out"
check "--dum completes to --dump-xml" grep -qx -- "--dump-xml" "$tmp/out"
complete_words "$EB" --ker >"$tmp/out"
check "--ker completes to --kernel=" grep -qx -- "--kernel=" "$tmp/out"
kernel=$(ls /boot/vmlinuz-* 2>/dev/null | head -n 1)
if [ -n "$kernel" ]; then
	complete_words "$EB" --kernel /boot/vm >"$tmp/out"
	check "--kernel completes images under /boot" grep -qx -- "$kernel" "$tmp/out"
	complete_words "$EB" --kernel=/boot/vm >"$tmp/out"
	check "--kernel= completes images under /boot" grep -qx -- "$kernel" "$tmp/out"
else
	skip "no kernel in /boot"
	skip "no kernel in /boot"
fi
complete_words "$EB" --accel=t >"$tmp/out"
check "--accel= completes its values" grep -qx tcg "$tmp/out"
if [ -n "$kernel" ]; then
	printf '[kernel k1]\nimage=%s\n[command c1]\nargv=true\n[command c2]\nargv=false\n' "$kernel" >"$tmp/m.ini"
	complete_words "$EB" --matrix="$tmp/m.ini" k1/c >"$tmp/out"
	check "after --matrix=FILE the target names complete" test "$(sort "$tmp/out" | tr '\n' ' ')" = "k1/c1/local k1/c2/local "
else
	skip "no kernel in /boot"
fi
done_testing
