#!/bin/bash
# Boot tests: the guest as libvirt's tools see it; --list, --dry-run, colours.
. "${EB_SRCDIR:-.}/tests/lib.sh"
require_libvirt

name="${domain_prefix}seen"
"$EB" -s --accel=tcg --timeout=180 --name="$name" -- sh -c 'sleep 15; echo done' </dev/null >"$tmp/out" 2>&1 &
guest=$!
for _ in $(seq 300); do virsh -q domstate "$name" 2>/dev/null | grep -q running && break; sleep 0.2; done
check "virsh list shows the running guest" sh -c "virsh -q list --name | grep -qx '$name'"
virsh dumpxml "$name" >"$tmp/dump.xml" 2>&1
check "dumpxml has the title" grep -q "<title>eudyptula-boot: .*: sh -c sleep 15; echo done</title>" "$tmp/dump.xml"
check "dumpxml has the metadata" grep -q "urn:x-eudyptula-boot:run:1" "$tmp/dump.xml"
check "the metadata records the kernel" grep -q "<eudyptula:kernel path=\"/boot/vmlinuz-" "$tmp/dump.xml"
virsh desc "$name" --title >"$tmp/title" 2>&1
check "virsh desc --title shows the title" grep -q "^eudyptula-boot: " "$tmp/title"
"$EB" --list >"$tmp/list" 2>"$tmp/err"
check "--list shows it with its state and title" grep -q "^$name *running *eudyptula-boot: " "$tmp/list"
wait "$guest"
check "the guest's command still ends well" grep -qx done "$tmp/out"
"$EB" --list >"$tmp/list" 2>"$tmp/err"
check "--list no longer shows it" sh -c "! grep -q '^$name ' '$tmp/list'"

# --dry-run: says what it would do, starts nothing.
"$EB" --dry-run --name="${domain_prefix}dry" -- true >"$tmp/out" 2>"$tmp/err"
check "--dry-run exits 0" test $? -eq 0
for field in kernel version config modules initramfs URI domain; do
	check "--dry-run tells the $field" grep -q "^$field" "$tmp/out"
done
check "--dry-run starts no domain" sh -c "! virsh -q list --all --name | grep -q '${domain_prefix}dry'"
check "--dry-run makes no run directory" test ! -e "${XDG_RUNTIME_DIR:-/tmp}/${domain_prefix}dry"

# lacks FILE TEXT: FILE does not hold TEXT.
lacks() { ! grep -qF -- "$2" "$1"; }

# Colours only on a terminal, never with NO_COLOR; -s is silent. A bogus URI
# stops the run after the progress lines.
progress() { "$EB" --connect=bogus:///nowhere --name="${domain_prefix}c$1" -- true; }
progress 1 >/dev/null 2>"$tmp/err"
check "progress lines are printed" grep -q "Found kernel" "$tmp/err"
check "no colour when stderr is not a terminal" lacks "$tmp/err" $'\033'

"$EB" -s --connect=bogus:///nowhere -- true >/dev/null 2>"$tmp/err"
check "-s prints only the error" test "$(wc -l <"$tmp/err")" -eq 1
if command -v script >/dev/null; then
	export -f progress
	export EB domain_prefix
	script -qec "bash -c 'progress 2'" "$tmp/typescript" >/dev/null 2>&1 </dev/null
	check "colour on a terminal" grep -qF $'\033[' "$tmp/typescript"
	NO_COLOR=1 script -qec "bash -c 'progress 3'" "$tmp/typescript3" >/dev/null 2>&1 </dev/null
	check "NO_COLOR: progress printed" grep -q 'Found kernel' "$tmp/typescript3"
	check "NO_COLOR: no colour" lacks "$tmp/typescript3" $'\033['

else
	skip "script is not installed"
	skip "script is not installed"
fi

check "no domain left" no_domain_left
done_testing
