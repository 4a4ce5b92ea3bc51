#!/bin/bash
# Warm runs: the first run of a machine shape saves it at the snapshot
# point (its init waiting for its settings), the next ones restore it.
# A cache of this test's own, so that the first run is the first.
. "${EB_SRCDIR:-.}/tests/lib.sh"
require_libvirt
export XDG_CACHE_HOME=$tmp/cache
mkdir -p "$XDG_CACHE_HOME"
unset EUDYPTULA_BOOT_WARM
kernel=$(ls /boot/vmlinuz-* | sort -V | tail -n 1)
version=${kernel##*/vmlinuz-}
# machine_of FILE: what --timings said of the machine.
machine_of() { sed -n 's/.*; machine: //p' "$1"; }
snapshots() { ls "$XDG_CACHE_HOME/eudyptula-boot" 2>/dev/null | grep -c '^snapshot-[0-9a-f]*$'; }

eb --timings -- true </dev/null 2>"$tmp/err"
check "the first run exits 0 (exit $?)" test $? -eq 0
check "and takes the snapshot ($(machine_of "$tmp/err"))" grep -q "machine: cold, snapshot taken (save [0-9]* ms)$" "$tmp/err"
check "one snapshot is in the cache" test "$(snapshots)" -eq 1
"$EB" --dry-run --accel=tcg -- true >"$tmp/out" 2>/dev/null
check "--dry-run says the next run restores it" grep -q "^machine: *restored from the snapshot $XDG_CACHE_HOME/eudyptula-boot/snapshot-" "$tmp/out"

# 20 warm runs, each with its own argv, stdin, environment and directory.
dirs=$(guest_tmp)
bad=0 restored=0
for i in $(seq 20); do
	mkdir -p "$dirs/d$i"
	line=$(cd "$dirs/d$i" && printf 'in-%s' "$i" | LC_EB_TEST="var-$i" eb --timings -- sh -c \
		'echo "$1 $(cat) $LC_EB_TEST ${PWD##*/} $(cat /proc/sys/kernel/random/boot_id) $(head -c 16 /dev/urandom | od -An -tx1 | tr -d " \n")"' \
		sh "arg-$i" 2>"$tmp/err.$i")
	set -- $line
	[ "$1 $2 $3 $4" = "arg-$i in-$i var-$i d$i" ] || { bad=$((bad + 1)); diag "run $i: '$line' $(tail -3 "$tmp/err.$i")"; }
	echo "$5" >>"$tmp/boot_ids"
	echo "$6" >>"$tmp/random"
	grep -q "machine: snapshot (restore [0-9]* ms)$" "$tmp/err.$i" && restored=$((restored + 1))
done
rm -rf "$dirs"
check "20 warm runs: argv, stdin, environment and cwd are each run's own ($bad wrong)" test "$bad" -eq 0
check "all 20 restored the snapshot ($restored)" test "$restored" -eq 20
check "boot_id differs in every run" test "$(sort -u "$tmp/boot_ids" | grep -c .)" -eq 20
check "16 bytes of /dev/urandom differ in every run" test "$(sort -u "$tmp/random" | grep -c .)" -eq 20
eb --kernel-log="$tmp/klog" -- true </dev/null 2>/dev/null
check "a restored kernel with vmgenid reseeds for its new generation ID" grep -q "crng reseeded due to virtual machine fork" "$tmp/klog"

# The guest's clock is the host's, not the snapshot's: the host sends a
# line on stdin at H1, the guest answers with its time G, the host reads
# it at H2; G - (H1 + H2) / 2 is the clock's error, to within (H2 - H1) / 2.
# The least of three.
clock_error() {
	local ready guest h1 h2
	coproc EBR { eb -- sh -c 'echo ready; read -r x; date +%s.%N; sleep 1' 2>/dev/null; }
	read -r -u "${EBR[0]}" ready
	h1=$(date +%s.%N)
	echo go >&"${EBR[1]}"
	read -r -u "${EBR[0]}" guest
	h2=$(date +%s.%N)
	wait "$EBR_PID" 2>/dev/null
	echo "d = ${guest:-0} - ($h1 + $h2) / 2; if (d < 0) d = -d; d" | bc -l
}
best=9
for _ in 1 2 3; do
	d=$(clock_error)
	best=$(echo "if (${d:-9} < $best) ${d:-9} else $best" | bc -l)
done
check "the guest's clock is within 50 ms of the host's ($best s)" test "$(echo "$best < 0.05" | bc)" -eq 1

# Two at once, one snapshot: both right.
eb -- sh -c 'echo one' </dev/null >"$tmp/one" 2>&1 &
eb -- sh -c 'echo two' </dev/null >"$tmp/two" 2>&1
wait
check "two warm runs at once are both right" test "$(cat "$tmp/one") $(cat "$tmp/two")" = "one two"

# A damaged snapshot, then a truncated one: noticed, the run boots cold and takes it again.
snap=$(ls -d "$XDG_CACHE_HOME"/eudyptula-boot/snapshot-* | grep '/snapshot-[0-9a-f]*$' | head -1)
printf 'damage' | dd of="$snap" bs=1 seek=$(( $(stat -c %s "$snap") / 2 )) conv=notrunc 2>/dev/null
# Not -s: the note is a warning.
ebw() { "$EB" --accel=tcg --timeout=180 --name="$domain_prefix$BASHPID-$RANDOM" "$@"; }
got=$(ebw --timings -- echo still-right </dev/null 2>"$tmp/err")
check "a damaged snapshot: the run is right (got '$got')" test "$got" = still-right
check "it says the snapshot was damaged and boots cold" grep -q "damaged.*booting cold" "$tmp/err" || diag "$(cat "$tmp/err")"
check "and takes a new one" grep -q "machine: cold, snapshot taken" "$tmp/err"
truncate -s 1000000 "$snap"
got=$(ebw -- echo still-right </dev/null 2>"$tmp/err")
check "a truncated snapshot: the run is right (got '$got')" test "$got" = still-right
check "it says so" grep -q "truncated: booting cold, and taking a new one" "$tmp/err" || diag "$(cat "$tmp/err")"

# A kernel file that changes is another machine.
mkdir "$tmp/k"
cp "$kernel" "/boot/config-$version" "$tmp/k/"
eb -k "$tmp/k/vmlinuz-$version" -- true </dev/null 2>/dev/null
"$EB" --dry-run --accel=tcg -k "$tmp/k/vmlinuz-$version" -- true >"$tmp/out" 2>/dev/null
check "a copy of the kernel has a snapshot of its own" grep -q "^machine: *restored from" "$tmp/out"
touch "$tmp/k/vmlinuz-$version"
"$EB" --dry-run --accel=tcg -k "$tmp/k/vmlinuz-$version" -- true >"$tmp/out" 2>/dev/null
check "once the kernel file changes, its snapshot is not used" grep -q "^machine: *cold, taking the snapshot" "$tmp/out"

# --warm=off, EUDYPTULA_BOOT_WARM=off: cold, nothing taken.
before=$(ls "$XDG_CACHE_HOME/eudyptula-boot" | wc -l)
eb --warm=off --mem=700M --timings -- true </dev/null 2>"$tmp/err"
check "--warm=off boots cold ($(machine_of "$tmp/err"))" test "$(machine_of "$tmp/err")" = cold
EUDYPTULA_BOOT_WARM=off eb --mem=700M --timings -- true </dev/null 2>"$tmp/err"
check "so does EUDYPTULA_BOOT_WARM=off ($(machine_of "$tmp/err"))" test "$(machine_of "$tmp/err")" = cold
check "and neither takes a snapshot" test "$(ls "$XDG_CACHE_HOME/eudyptula-boot" | wc -l)" -eq "$before"
expect_status 125 "EUDYPTULA_BOOT_WARM=sometimes is refused" env EUDYPTULA_BOOT_WARM=sometimes "$EB" -- true
check "naming it" grep -q "invalid EUDYPTULA_BOOT_WARM 'sometimes': use off, snapshot or spare" "$tmp/err"

# The cache keeps four snapshots: the least recently used go first.
for mem in 520 540 560 580 600; do eb --mem=${mem}M -- true </dev/null 2>/dev/null; done
check "the cache keeps 4 snapshots ($(snapshots))" test "$(snapshots)" -eq 4

# A cache too small for a snapshot: the run goes on, cold, and says so.
if mkdir "$tmp/small" && mount -t tmpfs -o size=100M tmpfs "$tmp/small" 2>/dev/null; then
	# Room for the ELF kernel and the initramfs, not for the snapshot.
	got=$(XDG_CACHE_HOME=$tmp/small ebw --timings -- echo fine </dev/null 2>"$tmp/err")
	check "a full cache: the run is right (got '$got')" test "$got" = fine
	check "it says no snapshot was taken" grep -q "no snapshot taken: .*No space left" "$tmp/err" || diag "$(cat "$tmp/err")"
	check "and leaves no partial snapshot" test -z "$(ls "$tmp/small/eudyptula-boot" | grep snapshot)"
	umount "$tmp/small"
else
	for _ in 1 2 3; do skip "no tmpfs to fill (not root)"; done
fi

# Signals while restoring and kill -9: nothing left.  (A background job
# of a script ignores SIGINT: SIGTERM.)
# The tool itself, not a subshell running the eb function, gets the signal.
ebx() { exec "$EB" -s --accel=tcg --timeout=180 --name="$domain_prefix$BASHPID-$RANDOM" "$@"; }
for delay in 0.3 0.6 0.9; do
	(ebx -- sleep 30 </dev/null >/dev/null 2>&1) &
	pid=$!
	sleep "$delay"
	kill -TERM "$pid"
	wait "$pid"
	status=$?
	check "SIGTERM after ${delay} s of a warm run gives 143 (got $status)" test "$status" -eq 143
done
(ebx -- sleep 30 </dev/null >/dev/null 2>&1) &
pid=$!
sleep 1
kill -9 "$pid"
wait "$pid" 2>/dev/null
check "kill -9 of a warm run: its domain goes" no_domain_left
check "no domain left" no_domain_left
done_testing
