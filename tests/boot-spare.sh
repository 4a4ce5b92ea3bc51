#!/bin/bash
# Warm spares (--warm=spare): a run leaves a domain restored from its
# shape's snapshot, waiting in its init; the next run claims it.  A cache
# of this test's own; its spares are ended at the end.
. "${EB_SRCDIR:-.}/tests/lib.sh"
require_libvirt
export XDG_CACHE_HOME=$tmp/cache
mkdir -p "$XDG_CACHE_HOME"
unset EUDYPTULA_BOOT_WARM
trap '"$EB" --end-spares >/dev/null 2>&1; rm -rf "$tmp"' EXIT
"$EB" --end-spares >/dev/null 2>&1

# sp ARGS...: a run that claims and leaves spares (no --name: a spare has
# a name of its own), bounded in time.
sp() { "$EB" -s --accel=tcg --timeout=180 --warm=spare --spare-idle=120 "$@"; }
machine_of() { sed -n 's/.*; machine: //p' "$1"; }
# Spares in a state, as --list shows them.
spares() { "$EB" --list 2>/dev/null | grep -c "warm spare, ${1:-}"; }
spare_names() { "$EB" --list 2>/dev/null | awk '/warm spare, ready/ { print $1 }'; }
# wait_ready [N]: until N spares are ready and none is being prepared (60 s).
wait_ready() {
	for _ in $(seq 300); do
		[ "$(spares ready)" -ge "${1:-1}" ] && [ "$(spares 'being prepared')" -eq 0 ] && return 0
		sleep 0.2
	done
	diag "spares: $("$EB" --list)"
	return 1
}
# gone NAME: until the domain NAME is no more (30 s).
gone() {
	for _ in $(seq 150); do
		virsh -q domstate "$1" >/dev/null 2>&1 || return 0
		sleep 0.2
	done
	return 1
}

sp -- true </dev/null
check "the first run exits 0 (exit $?)" test $? -eq 0
check "and leaves a spare, ready within a minute" wait_ready
spare=$(spare_names | head -n 1)
check "--list titles it a warm spare, ready" sh -c "'$EB' --list | grep -q '^$spare *running *eudyptula-boot: .*: warm spare, ready (ends after 120 s idle)$'"
check "virsh list shows it, with that title" sh -c "virsh -q list --title | grep -q '$spare .*warm spare, ready'"
"$EB" --dry-run --accel=tcg --warm=spare -- true >"$tmp/out" 2>/dev/null
check "--dry-run says the next run claims it" grep -q '^machine: *a claimed warm spare' "$tmp/out"

dirs=$(guest_tmp)
mkdir -p "$dirs/here"
out=$(cd "$dirs/here" && printf 'from-stdin' | LC_EB_TEST=var sp --timings -- sh -c 'echo "$1 $(cat) $LC_EB_TEST ${PWD##*/}"; echo err >&2; exit 7' sh arg 2>"$tmp/err")
status=$?
check "a run on the spare gets its argv, stdin, environment and cwd ($out)" test "$out" = "arg from-stdin var here"
check "its status (exit $status)" test "$status" -eq 7
check "its stderr" grep -qx err "$tmp/err"
check "--timings says it claimed a spare ($(machine_of "$tmp/err"))" grep -q "; machine: spare (claim [0-9]* ms)$" "$tmp/err"
check "the claimed spare is gone after the run" gone "$spare"
check "and its directory" test ! -e "$(run_dir_of "$spare")"
check "the run left the next spare" wait_ready
sleep 3
check "one spare of the shape at most ($(spares))" test "$(spares)" -eq 1

# A file changed on the host after the spare was made is seen changed.
echo old >"$dirs/file"
cat "$dirs/file" >/dev/null
check "a spare is ready before the change" wait_ready
echo new >"$dirs/file"
out=$(sp --timings -- cat "$dirs/file" 2>"$tmp/err")
check "the run on the spare reads the file as it is now ($out)" test "$out" = new
check "(it ran on the spare: $(machine_of "$tmp/err"))" grep -q "; machine: spare" "$tmp/err"

# Five in a row on spares: each its own boot_id, and the host's clock.
: >"$tmp/claimed"
for i in 1 2 3 4 5; do
	wait_ready
	sp --timings -- sh -c 'cat /proc/sys/kernel/random/boot_id; date +%s' >>"$tmp/ids" 2>"$tmp/err.$i" </dev/null
	grep -q "; machine: spare" "$tmp/err.$i" && echo claimed >>"$tmp/claimed"
done
check "five runs in a row each claimed a spare ($(grep -c . "$tmp/claimed"))" test "$(grep -c . "$tmp/claimed")" -eq 5
check "boot_id differs in every one" test "$(grep -- - "$tmp/ids" | sort -u | grep -c .)" -eq 5
check "their clocks are the host's" sh -c "test \$(( \$(date +%s) - \$(grep -v -- - '$tmp/ids' | tail -n 1) )) -le 5"

# Kernel messages printed while the spare waited reach the run that claims it.
check "a spare is ready for the NMI" wait_ready
spare=$(spare_names | head -n 1)
virsh -q inject-nmi "$spare" >/dev/null 2>&1
sleep 1
sp --kernel-log="$tmp/klog" --timings -- true 2>"$tmp/err" </dev/null
check "(it ran on the spare: $(machine_of "$tmp/err"))" grep -q "; machine: spare" "$tmp/err"
check "a kernel message printed while it waited is in the run's kernel log" grep -q "NMI received" "$tmp/klog"

# Two runs at once and one spare: one claims it, the other restores the snapshot.
check "one spare is ready for two runs" wait_ready
sp --timings -- echo one >"$tmp/one" 2>"$tmp/err1" </dev/null &
a=$!
sp --timings -- echo two >"$tmp/two" 2>"$tmp/err2" </dev/null &
b=$!
wait "$a"; sa=$?
wait "$b"; sb=$?
check "both runs succeed ($sa $sb)" test "$sa$sb" = 00
check "each with its own output" sh -c "grep -qx one '$tmp/one' && grep -qx two '$tmp/two'"
claimed=$(cat "$tmp/err1" "$tmp/err2" | grep -c "; machine: spare")
check "exactly one of them claimed the spare ($claimed)" test "$claimed" -eq 1

# A claimed spare has no autodestroy: killed, its run's end still ends it.
check "a spare is ready to be killed on" wait_ready
setsid "$EB" -s --accel=tcg --warm=spare --spare-idle=120 -- sleep 120 </dev/null >/dev/null 2>&1 &
killer=$!
for _ in $(seq 150); do "$EB" --list | grep -q ': sleep 120$' && break; sleep 0.2; done
claimed=$("$EB" --list | awk '/: sleep 120$/ { print $1 }')
check "the run took the spare ($claimed)" test -n "$claimed"
kill -9 -- "-$killer"
wait "$killer" 2>/dev/null
check "killed with -9, its guest stops by itself" gone "${claimed:-none}"

# --spares=2 keeps two; --spare-idle ends an unclaimed one in the guest.
sp --spares=2 -- true </dev/null
check "--spares=2 leaves a second spare" wait_ready 2
sleep 3
check "and no third ($(spares))" test "$(spares)" -eq 2
"$EB" --end-spares >"$tmp/out"
check "--end-spares ends them ($(cat "$tmp/out"))" grep -qx "ended 2 warm spares on qemu:///system" "$tmp/out"
check "--list shows none" test "$(spares)" -eq 0
# One still being prepared when --end-spares runs (run directories of their
# own, to see its directory go): it gives up instead of coming up after.
prep_runtime=$tmp/runtime
mkdir -m 700 "$prep_runtime"
preparer_done() {
	for _ in $(seq 300); do
		ls -d "$prep_runtime"/eudyptula-boot/eudyptula-* >/dev/null 2>&1 || return 0
		sleep 0.2
	done
	return 1
}
for round in 1 2; do
	XDG_RUNTIME_DIR=$prep_runtime sp -- true </dev/null
	XDG_RUNTIME_DIR=$prep_runtime "$EB" --end-spares >/dev/null
	check "--end-spares right after a run that leaves a spare: it gives up ($round)" preparer_done
	check "and none comes up ($(spares))" test "$(spares)" -eq 0
done
mkdir -m 700 "$tmp/fresh-runtime"
XDG_RUNTIME_DIR=$tmp/fresh-runtime "$EB" --end-spares >"$tmp/out" 2>"$tmp/err"
check "--end-spares before any run made a run directory: none ended (exit $?)" grep -qx "ended 0 warm spares on qemu:///system" "$tmp/out" ||
	diag "$(cat "$tmp/err")"
check "and it makes none" test ! -e "$tmp/fresh-runtime/eudyptula-boot"
sp --spare-idle=5 -- true </dev/null
check "a spare with --spare-idle=5 gets ready" wait_ready
spare=$(spare_names | head -n 1)
check "and ends itself once idle for 5 s" gone "$spare"

# Twelve at once on two cores: every one right, and one spare left at most.
sp -- true </dev/null
check "a spare is ready for twelve runs" wait_ready
pids=()
for i in $(seq 12); do
	sp -- sh -c 'echo "run $1"; exit $1' sh "$i" >"$tmp/par.$i" 2>"$tmp/parerr.$i" </dev/null &
	pids+=($!)
done
bad=0
for i in $(seq 12); do
	wait "${pids[$((i - 1))]}"
	st=$?
	[ "$st" -eq "$i" ] && grep -qx "run $i" "$tmp/par.$i" || { bad=$((bad + 1)); diag "run $i: status $st, $(cat "$tmp/par.$i") $(tail -2 "$tmp/parerr.$i")"; }
done
check "twelve warm runs at once: each its own output and status ($bad wrong)" test "$bad" -eq 0
wait_ready
sleep 3
check "one spare of the shape is left ($(spares))" test "$(spares)" -eq 1

# Bad input, and runs that leave no spare.
expect_status 125 "--spares=0 is refused" "$EB" --spares=0 -- true
expect_status 125 "--spares=17 is refused" "$EB" --spares=17 -- true
expect_status 125 "--spare-idle=0 is refused" "$EB" --spare-idle=0 -- true
expect_status 125 "--warm=spares is refused" "$EB" --warm=spares -- true
"$EB" --warm=spares -- true 2>"$tmp/err"
check "naming the choices" grep -q "use off, snapshot or spare" "$tmp/err"
"$EB" --dry-run --warm=spare --name=mine -- true >"$tmp/out" 2>/dev/null
check "--name: no spare, and why" grep -q "^spare: *none (--name: a spare has a name of its own)" "$tmp/out"
"$EB" --dry-run --warm=spare --gdb=tcp:4567 -- true >"$tmp/out" 2>/dev/null
check "--gdb=tcp:PORT: no spare, and why" grep -q "^spare: *none (--gdb=PORT: a spare would hold the same port)" "$tmp/out"

"$EB" --end-spares >/dev/null
check "nothing is left: no spare" test "$(spares)" -eq 0
rm -rf "$dirs"
done_testing
