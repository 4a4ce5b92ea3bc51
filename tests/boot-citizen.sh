#!/bin/bash
# Boot tests: the guest as libvirt's tools see it; --list, --dry-run, colours.
. "${EB_SRCDIR:-.}/tests/lib.sh"
require_libvirt

name="${domain_prefix}seen"
"$EB" -s --accel=tcg --timeout=180 --name="$name" -- sh -c 'sleep 15; echo done' </dev/null >"$tmp/out" 2>&1 &
guest=$!
wait_running "$name"
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

# Plain virsh console reaches a shell of its own while the tool is attached:
# the first key pressed there starts it.
if command -v tmux >/dev/null; then
	name="${domain_prefix}shared"
	"$EB" -s --accel=tcg --timeout=180 --name="$name" -- sh -c 'sleep 45; echo survived' </dev/null >"$tmp/shared" 2>&1 &
	guest=$!
	wait_running "$name"
	sock="eb-shared-$$"
	tmux -L "$sock" -f /dev/null new-session -d -s s -x 100 -y 30 "virsh console $name"
	wait_prompt "$sock" s
	tmux -L "$sock" send-keys -t s 'echo shared-$((6*7)) $(tty) $(stty size)' Enter
	check "virsh console NAME gets a login shell on ttyS3 while the tool is attached" \
		pane_shows "$sock" s "shared-42 /dev/ttyS3 24 80"
	tmux_stop "$sock"
	wait "$guest"
	got=$?
	check "and the tool's run still ends with its status and output (got $got)" sh -c "test $got -eq 0 && grep -qx survived '$tmp/shared'"
else
	skip "tmux is not installed"
	skip "tmux is not installed"
fi

# --detach: the guest runs on; --status follows it; its output is kept.
name=$("$EB" -s --accel=tcg --name="${domain_prefix}det" --detach -- sh -c 'echo det-out; echo det-err >&2; sleep 4; exit 4' </dev/null 2>"$tmp/err")
check "--detach exits 0 at once and prints the name" test "$name" = "${domain_prefix}det"
"$EB" --list >"$tmp/list" 2>&1
check "--list shows the detached guest" grep -q "^${domain_prefix}det " "$tmp/list"
check "--status says running" sh -c "'$EB' --status='${domain_prefix}det' | grep -q 'running'"
for _ in $(seq 120); do virsh -q domstate "${domain_prefix}det" >/dev/null 2>&1 || break; sleep 0.5; done
check "a detached guest is gone after its command ends" sh -c "! virsh -q domstate '${domain_prefix}det' >/dev/null 2>&1"
"$EB" --status="${domain_prefix}det" >"$tmp/status" 2>&1
got=$?
check "--status gives the command's status (got $got)" test "$got" -eq 4
rundir=$(run_dir_of "${domain_prefix}det")
check "its stdout is kept" test "$(cat "$rundir/stdout.log")" = det-out
check "its stderr is kept" test "$(cat "$rundir/stderr.log")" = det-err
rm -rf "$rundir"
expect_status 125 "--status of an unknown guest" "$EB" --status="${domain_prefix}nothing"

# --attach to a detached shell through tmux: ^] leaves it running, exit 5 ends it.
if command -v tmux >/dev/null; then
	name="${domain_prefix}att"
	"$EB" -s --accel=tcg --name="$name" --detach </dev/null >/dev/null 2>&1
	sleep 12
	sock="eb-att-$$"
	tmux -L "$sock" -f /dev/null new-session -d -s a -x 100 -y 30 "'$EB' --attach=$name; echo rc=\$? >'$tmp/attach-rc'; sleep 60"
	sleep 2
	tmux -L "$sock" send-keys -t a Enter 'echo attached-$((6*7))' Enter
	check "--attach reaches the detached shell" pane_shows "$sock" a "attached-42"
	tmux -L "$sock" send-keys -t a C-]
	for _ in $(seq 50); do [ -s "$tmp/attach-rc" ] && break; sleep 0.2; done
	check "^] leaves --attach with 0" grep -qx "rc=0" "$tmp/attach-rc"
	check "and the guest still runs" sh -c "virsh -q domstate '$name' | grep -q running"
	rm -f "$tmp/attach-rc"
	tmux -L "$sock" respawn-pane -k -t a "'$EB' --attach=$name; echo rc=\$? >'$tmp/attach-rc'; sleep 60"
	sleep 2
	tmux -L "$sock" send-keys -t a Enter 'exit 5' Enter
	for _ in $(seq 100); do [ -s "$tmp/attach-rc" ] && break; sleep 0.3; done
	check "exit 5 in the attached shell: --attach exits 5 ($(cat "$tmp/attach-rc" 2>/dev/null))" grep -qx "rc=5" "$tmp/attach-rc"
	tmux_stop "$sock"
	virsh -q destroy "$name" >/dev/null 2>&1
	rm -rf "$(run_dir_of "$name")"
else
	for _ in 1 2 3 4; do skip "tmux is not installed"; done
fi

# --name: the run directory is in the tool's own directory, not /tmp/NAME;
# a clash names what holds the name.
name="${domain_prefix}probes"
mkdir "/tmp/$name" && echo theirs >"/tmp/$name/file"
out=$("$EB" -s --accel=tcg --timeout=180 --name="$name" -- echo ran 2>"$tmp/err" </dev/null)
got=$?
check "an unrelated /tmp/NAME does not stop --name=NAME (exit $got, '$out')" test "$got" -eq 0 -a "$out" = ran
[ "$got" -eq 0 ] || diag "$(cat "$tmp/err")"
check "and is left as it was" grep -qx theirs "/tmp/$name/file"
rm -rf "/tmp/$name"
name="${domain_prefix}twice"
"$EB" -s --accel=tcg --timeout=180 --name="$name" -- sh -c 'sleep 20; echo first' </dev/null >"$tmp/first" 2>&1 &
first=$!
wait_running "$name"
expect_status 125 "a second run of a running run's name" "$EB" -s --accel=tcg --timeout=180 --name="$name" -- true
check "says that a run of that name is going, in one line" sh -c "grep -q 'a run named $name is going' '$tmp/err' && test \$(wc -l <'$tmp/err') -eq 1"
mkdir -m 700 "$tmp/xdg"
XDG_RUNTIME_DIR="$tmp/xdg" "$EB" -s --accel=tcg --timeout=180 --name="$name" -- true </dev/null >/dev/null 2>"$tmp/err"
got=$?
check "a run of a domain's name from another directory of run directories: exit 125 (got $got)" test "$got" -eq 125
check "says that a domain of that name exists, in one line" sh -c "grep -q 'a domain named $name already exists on .*choose another --name' '$tmp/err' && test \$(wc -l <'$tmp/err') -eq 1"
[ "$got" -eq 125 ] || diag "$(cat "$tmp/err")"
check "and leaves no run directory there" test ! -e "$tmp/xdg/eudyptula-boot/$name"
wait "$first"
got=$?
check "the first run is untouched (exit $got)" sh -c "test $got -eq 0 && grep -qx first '$tmp/first'"

# --dry-run: says what it would do, starts nothing.
"$EB" --dry-run --name="${domain_prefix}dry" -- true >"$tmp/out" 2>"$tmp/err"
check "--dry-run exits 0" test $? -eq 0
for field in kernel version config modules initramfs boot URI domain; do
	check "--dry-run tells the $field" grep -q "^$field" "$tmp/out"
done
check "--dry-run starts no domain" sh -c "! virsh -q list --all --name | grep -q '${domain_prefix}dry'"
check "--dry-run makes no run directory" test ! -e "$(run_dir_of "${domain_prefix}dry")"
XDG_CACHE_HOME="$tmp/empty-cache" "$EB" --dry-run -- true >"$tmp/out" 2>"$tmp/err"
check "--dry-run with an empty cache: the ELF kernel is not extracted" grep -q "^boot: .*not extracted yet: a run extracts it" "$tmp/out"
check "and nothing is written to the cache" sh -c "! ls '$tmp/empty-cache/eudyptula-boot' | grep -q ."
"$EB" --dry-run --no-pvh -- true >"$tmp/out" 2>"$tmp/err"
check "--dry-run --no-pvh: the image itself boots" grep -q "^boot: *the image itself: --no-pvh" "$tmp/out"

# lacks FILE TEXT: FILE does not hold TEXT.
lacks() { ! grep -qF -- "$2" "$1"; }

# Colours only on a terminal, never with NO_COLOR; -s is silent. A bogus URI
# stops the run after the progress lines.
"$EB" --connect=bogus:///nowhere --name="${domain_prefix}c1" -- true >/dev/null 2>"$tmp/err"
check "progress lines are printed" grep -q "Found kernel" "$tmp/err"
check "no colour when stderr is not a terminal" lacks "$tmp/err" $'\033'

"$EB" -s --connect=bogus:///nowhere -- true >/dev/null 2>"$tmp/err"
check "-s prints only the error" test "$(wc -l <"$tmp/err")" -eq 1
if command -v script >/dev/null; then
	# script runs its command with $SHELL, which may be dash: no bash functions.
	progress_cmd="'$EB' --connect=bogus:///nowhere --name=${domain_prefix}c2 -- true"
	script -qec "$progress_cmd" "$tmp/typescript" >/dev/null 2>&1 </dev/null
	check "colour on a terminal" grep -qF $'\033[' "$tmp/typescript"
	NO_COLOR=1 script -qec "$progress_cmd" "$tmp/typescript3" >/dev/null 2>&1 </dev/null
	check "NO_COLOR: progress printed" grep -q 'Found kernel' "$tmp/typescript3"
	check "NO_COLOR: no colour" lacks "$tmp/typescript3" $'\033['

else
	skip "script is not installed"
	skip "script is not installed"
fi

check "no domain left" no_domain_left
done_testing
