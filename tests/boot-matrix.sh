#!/bin/bash
# --matrix with real guests: Debian's kernel and a build-tree kernel (the
# tree tests/boot-build.sh builds, built again here by the matrix as
# --build does) x a command that passes, one that fails with a status and
# one that WARNs under fail-on x this machine's libvirtd and a second one
# (tests/remote.sh); the per-host limits, an unreachable host, the JUnit
# XML read by junitparser, SIGINT in the middle.
. "${EB_SRCDIR:-.}/tests/lib.sh"
require_libvirt
[ "$(id -u)" -eq 0 ] || { echo "1..0 # SKIP the second libvirtd needs root"; exit 0; }
source_tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)
builddir=$(cd "${EB_BUILDDIR:-.}" && pwd)
srcdir=$(cd "${EB_SRCDIR:-.}" && pwd)
tree=${EB_KERNEL_TREE:-$builddir/tests/kernel-tree/$(basename "${source_tarball:-none}" .tar.xz)}
build=${EB_KERNEL_BUILD:-$builddir/tests/kernel-build}
kver=$("$EB" --dry-run 2>/dev/null | sed -n 's/^version: *//p')
# Debian's python3-junitparser is for Debian's python3, whatever is first in PATH.
py=/usr/bin/python3
[ -x "$py" ] || py=python3
if [ ! -f "$tree/Makefile" ] || [ ! -f "$build/include/config/kernel.release" ] || [ ! -f "/lib/modules/$kver/build/Makefile" ] ||
	! "$py" -c 'import junitparser' 2>/dev/null; then
	echo "1..0 # SKIP needs the tree tests/boot-build.sh builds, the headers of $kver and python3-junitparser"
	exit 0
fi
. "$srcdir/tests/remote.sh"
mods=$(mktemp -d "$builddir/tests/matrix-mods.XXXXXX")
trap 'kill $sampler 2>/dev/null; remote_stop; rm -rf "$tmp" "$remote_dir" "$remote_conf" "$mods"' EXIT
check "a second libvirtd answers on $remote_uri" remote_start || { done_testing; exit 1; }

# The WARN module, built for each kernel, where both daemons' guests see it.
tver=$(cat "$build/include/config/kernel.release")
for v in "$kver" "$tver"; do
	mkdir -p "$mods/$v" && cp "$srcdir/tests/module/eb_splat.c" "$srcdir/tests/module/Kbuild" "$mods/$v/"
done
make -s -C "/lib/modules/$kver/build" M="$mods/$kver" modules >"$tmp/mod.log" 2>&1
make -s -C "$tree" O="$build" M="$mods/$tver" modules >>"$tmp/mod.log" 2>&1
check "the WARN module builds for both kernels" test -f "$mods/$kver/eb_splat.ko" -a -f "$mods/$tver/eb_splat.ko" ||
	diag "$(tail "$tmp/mod.log")"

prefix=${domain_prefix%-}
cat >"$tmp/m.ini" <<INI
[kernel debian]
image=$(ls /boot/vmlinuz-"$kver")

[kernel tree]
tree=$tree
output=$build

[command ok]
argv=sh;-c;echo ok \$(uname -r) \$MX_WORD \$(pwd)
timeout=300
env=MX_WORD=hello
cwd=$mods

[command status]
argv=sh;-c;echo failing >&2\\; exit 3
timeout=300

[command warn]
argv=sh;-c;insmod $mods/\$(uname -r)/eb_splat.ko action=warn
timeout=300
fail-on=warn

[host here]
uri=qemu:///system
jobs=2

[host there]
uri=$remote_uri
jobs=1

[matrix]
name=$prefix
INI

# The guests alive at once on each host, sampled while the matrix runs.
sample() {
	local here=0 there=0 n
	while :; do
		n=$(virsh -q -c qemu:///system list --name 2>/dev/null | grep -c "^$domain_prefix")
		[ "$n" -gt "$here" ] && here=$n && echo "$here" >"$tmp/peak-here"
		n=$(virsh -q -c "$remote_uri" list --name 2>/dev/null | grep -c "^$domain_prefix")
		[ "$n" -gt "$there" ] && there=$n && echo "$there" >"$tmp/peak-there"
		sleep 0.3
	done
}
sample &
sampler=$!
start=$(date +%s)
nice -n 5 "$EB" --matrix="$tmp/m.ini" --results="$tmp/out" >"$tmp/table" 2>"$tmp/err" </dev/null
status=$?
kill $sampler 2>/dev/null
diag "12 targets in $(($(date +%s) - start)) s"
check "a target failed: the matrix exits 1 (exit $status)" test "$status" -eq 1 || diag "$(cat "$tmp/table" "$tmp/err")"
verdict() { awk -v t="$1" '$1 == t { print $2 " " $3 }' "$tmp/table"; }
for k in debian tree; do
	for h in here there; do
		check "$k/ok/$h passed" test "$(verdict "$k/ok/$h")" = "passed 0"
		check "$k/status/$h failed with its status" test "$(verdict "$k/status/$h")" = "failed 3"
		check "$k/warn/$h failed with the WARN under fail-on" test "$(verdict "$k/warn/$h")" = "failed 123"
	done
done
check "the tree's targets ran its kernel, with the command's env= and cwd=" grep -qx "ok $tver hello $mods" "$tmp/out/tree/ok/there/stdout" ||
	diag "$(cat "$tmp/out/tree/ok/there/stdout")"
check "and Debian's its own" grep -qx "ok $kver hello $mods" "$tmp/out/debian/ok/here/stdout"
check "a target's stderr is kept" grep -qx failing "$tmp/out/tree/status/here/stderr"
check "each target has its report and kernel log" \
	test "$(ls "$tmp"/out/*/*/*/report.json | wc -l)" -eq 12 -a "$(ls "$tmp"/out/*/*/*/kernel.log | wc -l)" -eq 12
check "the WARN is in its report" jq_true '.splats[0].class == "warn"' "$tmp/out/debian/warn/there/report.json"
check "the tree was built by the matrix (build.log)" test -s "$tmp/out/tree/build.log"
check "at most 2 guests at once here (peak $(cat "$tmp/peak-here" 2>/dev/null))" test "$(cat "$tmp/peak-here" 2>/dev/null)" -ge 1 -a "$(cat "$tmp/peak-here")" -le 2
check "at most 1 there (peak $(cat "$tmp/peak-there" 2>/dev/null))" test "$(cat "$tmp/peak-there" 2>/dev/null)" -eq 1
check "the table says how many ran at once" grep -q "^host there ($remote_uri): at most 1 at once, 1 ran at once$" "$tmp/table"
check "and names the slowest" grep -q "^slowest: " "$tmp/table"
check "no domain left here" no_domain_left
check "nor there" test -z "$(virsh -q -c "$remote_uri" list --all --name)"

# The JUnit XML, read by a real consumer: a suite per kernel, a case per target.
junit=$("$py" - "$tmp/out/junit.xml" <<'PYJ'
import sys
from junitparser import JUnitXml, Failure
xml = JUnitXml.fromfile(sys.argv[1])
cases = [(s.name, c.name, c.result) for s in xml for c in s]
failures = sum(1 for _, _, r in cases if any(isinstance(x, Failure) for x in r))
print(len(list(xml)), len(cases), failures, xml.tests, xml.failures)
PYJ
)
check "junitparser reads 2 suites, 12 cases, 8 failures ($junit)" test "$junit" = "2 12 8 12 8"
check "valid against the shipped schema" sh -c "xmllint --noout --schema '$srcdir/data/junit.xsd' '$tmp/out/junit.xml' 2>/dev/null"
check "each case names its host" test "$(grep -c '<property name="host" value="there"/>' "$tmp/out/junit.xml")" -eq 6

# An unreachable host: its targets are errors, the others go on.
cat >"$tmp/u.ini" <<INI
[kernel debian]
image=$(ls /boot/vmlinuz-"$kver")
[command ok]
argv=true
[host here]
uri=qemu:///system
[host gone]
uri=qemu+tcp://127.0.0.1:1/system
[matrix]
name=$prefix
INI
"$EB" --matrix="$tmp/u.ini" >"$tmp/table" 2>"$tmp/err" </dev/null
status=$?
check "an unreachable host: the matrix exits 2 (exit $status)" test "$status" -eq 2
check "its target is an error naming why" grep -q "^debian/ok/gone  *error  *-  .*host gone unreachable: .*127.0.0.1" "$tmp/table" ||
	diag "$(cat "$tmp/table")"
check "the other host's target passed" test "$(verdict debian/ok/here)" = "passed 0"
check "without --results nothing is left" sh -c "! ls -d \"\${TMPDIR:-/tmp}\"/eudyptula-matrix-* 2>/dev/null | grep -q ."

# On a terminal: a line per target redrawn in place, with the summary line.
if command -v script >/dev/null; then
	script -qec "'$EB' --matrix='$tmp/u.ini' here" /dev/null </dev/null >"$tmp/tty" 2>&1
	check "on a terminal the status is redrawn in place (cursor up, line erased)" grep -q $'\e\[[0-9]*A' "$tmp/tty"
	check "with a line per target and the summary" sh -c "grep -aq 'debian/ok/here .*booting' '$tmp/tty' && grep -aq '1 target: 1 booting' '$tmp/tty'"
	check "then the table" grep -aq "^1 target: 1 passed" "$tmp/tty"
else
	for _ in 1 2 3; do skip "script is not installed"; done
fi

# SIGINT in the middle: the running guest destroyed, the rest cancelled, results written.
cat >"$tmp/s.ini" <<INI
[kernel debian]
image=$(ls /boot/vmlinuz-"$kver")
[command slow]
argv=sleep;300
[command later]
argv=true
[host here]
uri=qemu:///system
jobs=1
[matrix]
name=$prefix
INI
"$EB" --matrix="$tmp/s.ini" --results="$tmp/int" >"$tmp/table" 2>"$tmp/err" </dev/null &
matrix=$!
for _ in $(seq 600); do grep -q "debian/slow/here running" "$tmp/table" && break; sleep 0.2; done
kill -INT "$matrix"
wait "$matrix"
status=$?
check "SIGINT ends the matrix with 130 (exit $status)" test "$status" -eq 130 || diag "$(cat "$tmp/table" "$tmp/err")"
check "the running target is cancelled" grep -q "^debian/slow/here  *cancelled  *130 " "$tmp/table"
check "the queued one too" grep -q "^debian/later/here  *cancelled  *-  .*interrupted before it started" "$tmp/table"
check "the JUnit XML is written, both skipped" grep -q '<testsuites .*tests="2" failures="0" errors="0" skipped="2"' "$tmp/int/junit.xml"
check "its guest is gone" no_domain_left
done_testing
