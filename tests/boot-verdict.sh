#!/bin/bash
# Verdicts on real guests: a test module built against the installed
# kernel's headers WARNs, oopses, hangs a task and locks up a CPU; each
# splat is named on stderr and in the reports, --fail-on turns it into exit
# 123, --allow-splat lets it go; the boot watchdog ends hung boots with 122.
. "${EB_SRCDIR:-.}/tests/lib.sh"
require_libvirt

kver=$("$EB" --dry-run 2>/dev/null | sed -n 's/^version: *//p')
headers=/lib/modules/$kver/build
if [ -z "$kver" ] || [ ! -f "$headers/Makefile" ] || ! command -v jq >/dev/null || ! command -v xmllint >/dev/null; then
	echo "1..0 # SKIP needs the headers of $kver ($headers: apt-get install linux-headers-amd64), jq and xmllint"
	exit 0
fi
srcdir=$(cd "${EB_SRCDIR:-.}" && pwd)
mod=$(guest_tmp)
trap 'rm -rf "$tmp" "$mod"' EXIT
cp "$srcdir/tests/module/eb_splat.c" "$srcdir/tests/module/Kbuild" "$mod/"
make -s -C "$headers" M="$mod" modules >"$tmp/build.log" 2>&1
check "the test module builds against the headers of $kver" test -f "$mod/eb_splat.ko" || diag "$(tail -20 "$tmp/build.log")"
warn_line=$(grep -n '^[[:space:]]*WARN(' "$mod/eb_splat.c" | head -1 | cut -d: -f1)

# junit_valid FILE: valid against the shipped schema (xmllint, quietly).
junit_valid() { xmllint --noout --schema "$srcdir/data/junit.xsd" "$1" 2>/dev/null; }

# A clean run: no splat, a passing report, a valid JUnit document.
eb --report="$tmp/clean.json" --junit="$tmp/clean.xml" --kernel-log="$tmp/clean.log" -- true 2>"$tmp/err"
check "a clean run exits 0 (exit $?)" test $? -eq 0
check "and says no splat" sh -c "! grep -q 'kernel ' '$tmp/err'"
check "its report says pass, with no splat" test "$(jq -r '[.verdict, (.splats | length)] | @tsv' "$tmp/clean.json")" = "pass	0"
check "the report names the kernel, its version, the command and the status" \
	test "$(jq -r '[.kernel.version, (.command | join(" ")), .exit_status, .boot_stage] | @tsv' "$tmp/clean.json")" = "$kver	true	0	command"
check "the report has the timings --timings shows" jq_true '.timings_ms.total > 0 and .timings_ms.guest > 0' "$tmp/clean.json"
check "--kernel-log keeps the kernel log" grep -q "Linux version $kver" "$tmp/clean.log"
check "the report says where the kernel log is" test "$(jq -r .kernel_log "$tmp/clean.json")" = "$tmp/clean.log"
check "the JUnit XML is valid against the shipped schema" junit_valid "$tmp/clean.xml"
check "it has one test case and no failure" test "$(xmllint --xpath 'count(//testcase)' "$tmp/clean.xml"),$(xmllint --xpath 'count(//failure)' "$tmp/clean.xml")" = "1,0"

# A WARN: named on stderr (with -s), the command's status kept.
eb --report="$tmp/warn.json" -- insmod "$mod/eb_splat.ko" action=warn 2>"$tmp/err"
status=$?
check "a WARN does not fail the run by default (exit $status)" test "$status" -eq 0
check "one line names it, with its file and line" grep -q "^\[⚡\] kernel warn: WARNING at .*eb_splat.c:$warn_line eb_splat_init" "$tmp/err" ||
	diag "stderr: $(cat "$tmp/err")"
check "the report has it: class, during the command, taint" \
	test "$(jq -r '.splats[0] | [.class, .when, (.taint | test("O"))] | @tsv' "$tmp/warn.json")" = "warn	command	true"
check "with its whole text, to the end of the trace" jq_true '.splats[0].text | test("cut here") and test("end trace")' "$tmp/warn.json"
check "and its stack symbolized from the module (eb_splat.c:$warn_line)" \
	jq_true --arg l "eb_splat.c:$warn_line)" '.splats[0].symbolized | contains($l)' "$tmp/warn.json"
eb -v -- insmod "$mod/eb_splat.ko" action=warn 2>"$tmp/err" >/dev/null
check "-v shows its whole text, symbolized" grep -q "^  | .*RIP: 0010:eb_splat_init+.* (.*eb_splat.c:$warn_line)" "$tmp/err"

expect_status 123 "--fail-on=warn turns the WARN into exit 123" eb --fail-on=warn -- insmod "$mod/eb_splat.ko" action=warn
check "and says why on one line" grep -q "the kernel splatted: kernel warn: WARNING at" "$tmp/err"
expect_status 123 "EUDYPTULA_BOOT_FAIL_ON=warn does the same" env EUDYPTULA_BOOT_FAIL_ON=warn "$EB" -s --accel=tcg \
	--timeout=180 --name="$domain_prefix$$-env" -- insmod "$mod/eb_splat.ko" action=warn
expect_status 0 "--allow-splat matching its title lets it go" eb --fail-on=all --allow-splat='eb_splat' -- insmod "$mod/eb_splat.ko" action=warn
expect_status 3 "a command's own failure is never hidden by --fail-on" eb --fail-on=all -- sh -c "insmod $mod/eb_splat.ko action=warn; exit 3"
expect_status 125 "an unknown class is refused" "$EB" --fail-on=warn,nonsense -- true
check "naming it" grep -q "no splat class 'nonsense'" "$tmp/err"
expect_status 125 "a bad --allow-splat expression is refused" "$EB" --allow-splat='(' -- true

# JUnit of a failing run: a failure element a real consumer reads.
eb --fail-on=warn --junit="$tmp/warn.xml" -- insmod "$mod/eb_splat.ko" action=warn 2>/dev/null
check "the failing run's JUnit XML is valid" junit_valid "$tmp/warn.xml"
check "with a failure of type splat" test "$(xmllint --xpath 'string(//failure/@type)' "$tmp/warn.xml")" = splat
# Debian's python3-junitparser is for Debian's python3, whatever is first in PATH.
py=/usr/bin/python3
[ -x "$py" ] || py=python3
if "$py" -c 'import junitparser' 2>/dev/null; then
	got=$("$py" -c 'import sys, junitparser
x = junitparser.JUnitXml.fromfile(sys.argv[1])
c = [c for s in x for c in s][0]
print(len(c.result), c.result[0].type, "eb_splat" in c.result[0].text)' "$tmp/warn.xml")
	check "python3-junitparser reads one failure, its type and text (got $got)" test "$got" = "1 splat True"
else
	skip "python3-junitparser is not installed"
fi

# An Oops in insmod: insmod dies, the run goes on.
got=$(eb --report="$tmp/oops.json" -- sh -c "insmod $mod/eb_splat.ko action=oops; echo went on" 2>"$tmp/err")
check "an Oops kills insmod only: the command goes on (got '$got')" test "$got" = "went on"
check "the Oops is named" grep -q "^\[⚡\] kernel oops: " "$tmp/err" || diag "stderr: $(cat "$tmp/err")"
check "and reported as oops" test "$(jq -r '[.splats[].class] | index("oops") != null' "$tmp/oops.json")" = true
expect_status 123 "--fail-on=oops fails it" eb --fail-on=oops -- sh -c "insmod $mod/eb_splat.ko action=oops; true"

# A task in D state past a low hung_task_timeout_secs.
eb --report="$tmp/hung.json" --fail-on=hung -- sh -c \
	"sysctl -qw kernel.hung_task_timeout_secs=2 && insmod $mod/eb_splat.ko action=hung && sleep 10" 2>"$tmp/err"
check "a hung task fails --fail-on=hung (exit $?)" test $? -eq 123
check "and is named, its repeats counted" grep -q "^\[⚡\] kernel hung: INFO: task eb_splat_hung:[0-9]* blocked (.* times)" "$tmp/err" || diag "stderr: $(cat "$tmp/err")"

# A CPU spinning past a low watchdog_thresh.
eb --report="$tmp/soft.json" -- sh -c "sysctl -qw kernel.watchdog_thresh=1 && insmod $mod/eb_splat.ko action=softlockup" 2>"$tmp/err"
check "a soft lockup is named" grep -q "^\[⚡\] kernel softlockup: watchdog: BUG: soft lockup - CPU#0 \[insmod:[0-9]*\]" "$tmp/err" ||
	diag "stderr: $(cat "$tmp/err")"
check "and reported as softlockup" test "$(jq -r '.splats[0].class' "$tmp/soft.json")" = softlockup

# The boot watchdog: a root that never comes, vCPUs that never run.
start=$(date +%s)
eb --boot-timeout=30 -c "rdinit=/nonexistent root=/dev/vdz rootwait" -- true 2>"$tmp/err"
status=$? took=$(($(date +%s) - start))
check "a root device that never comes ends with 122 (exit $status)" test "$status" -eq 122
check "within the boot timeout (${took} s)" test "$took" -lt 90
check "naming the stage: the kernel printed, no init" grep -q "the kernel printed but never started the guest init" "$tmp/err" ||
	diag "stderr: $(cat "$tmp/err")"
check "with its last kernel lines" grep -q "^  | " "$tmp/err"
eb --gdb-wait --boot-timeout=15 --report="$tmp/stopped.json" -- true 2>"$tmp/err"
check "vCPUs that never run end with 122 (exit $?)" test $? -eq 122
check "naming the stage: no kernel output at all" grep -q "the kernel printed nothing" "$tmp/err" || diag "stderr: $(cat "$tmp/err")"
check "the report says fail, at stage none" test "$(jq -r '[.verdict, .boot_stage, .exit_status] | @tsv' "$tmp/stopped.json")" = "fail	none	122"

# --bisect's table, row by row.
expect_status 0 "--bisect: a command that succeeds is good" eb --bisect -- true
expect_status 3 "--bisect: exit 3 stays 3 (bad)" eb --bisect -- sh -c 'exit 3'
expect_status 1 "--bisect: a --fail-on splat is bad (1)" eb --bisect --fail-on=warn -- insmod "$mod/eb_splat.ko" action=warn
expect_status 125 "--bisect-splat=skip makes it a skip" eb --bisect-splat=skip --fail-on=warn -- insmod "$mod/eb_splat.ko" action=warn
expect_status 1 "--bisect: a panic is bad (1)" eb --bisect -- sh -c 'echo c > /proc/sysrq-trigger'
expect_status 1 "--bisect: a command killed by a signal is bad (1)" eb --bisect -- sh -c 'kill -9 $$'
expect_status 1 "--bisect: --timeout is bad (1)" eb --bisect --timeout=15 -- sleep 120
expect_status 125 "--bisect-timeout=skip makes it a skip" eb --bisect-timeout=skip --timeout=15 -- sleep 120
expect_status 1 "--bisect: the boot watchdog is bad (1)" eb --bisect --gdb-wait --boot-timeout=15 -- true
expect_status 125 "--bisect-boot=skip makes it a skip" eb --bisect-boot=skip --gdb-wait --boot-timeout=15 -- true
expect_status 125 "--bisect: a bad option is a skip (125)" "$EB" --bisect --cpus=0 -- true
expect_status 125 "--bisect-panic=maybe is refused" "$EB" --bisect-panic=maybe -- true

# A detached run: --status names its splats, weighs them, writes its report.
name="$domain_prefix$$-detached"
"$EB" -s --accel=tcg --detach --name="$name" -- insmod "$mod/eb_splat.ko" action=warn >/dev/null 2>"$tmp/err"
for _ in $(seq 120); do
	"$EB" --status="$name" 2>/dev/null | grep -q "exited" && break
	sleep 1
done
expect_status 123 "--status of an ended detached run weighs its splats (--fail-on=warn)" "$EB" --status="$name" --fail-on=warn
check "and names the WARN" grep -q "^\[⚡\] kernel warn: WARNING at" "$tmp/err"
run_dir=$(run_dir_of "$name")
check "its report is in its run directory" test "$(jq -r '[.verdict, .splats[0].class, .command[0]] | @tsv' "$run_dir/report.json")" = "fail	warn	insmod"
expect_status 125 "--detach refuses --report (it comes with --status)" "$EB" --detach --report="$tmp/x.json" -- true
rm -rf "$run_dir"

check "no domain left" no_domain_left
done_testing
