#!/bin/bash
# Boot tests: the same run as a non-root user, through qemu:///session.
. "${EB_SRCDIR:-.}/tests/lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	user=$(id -un)
	as_user() { "$@"; }
else
	user=eb-test-user
	id "$user" >/dev/null 2>&1 || useradd -m -s /bin/sh "$user" || { echo "1..0 # SKIP cannot create a test user"; exit 0; }
	as_user() { runuser -u "$user" -- env -i HOME="$(getent passwd "$user" | cut -d: -f6)" USER="$user" \
		PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 "$@"; }
fi
# Where the user's run directories go (no XDG_RUNTIME_DIR in its environment).
user_runs=/tmp/eudyptula-boot-$(id -u "$user")
# The user must reach the binary, its template and the init in the build tree.
if ! as_user test -x "$EB"; then
	echo "1..0 # SKIP $user cannot reach $EB"
	exit 0
fi

out=$(cd / && as_user "$EB" --accel=tcg --timeout=240 -- sh -c 'echo "hello from $(uname -r)"; exit 4' 2>"$tmp/err" </dev/null)
status=$?
check "a user's run exits with the command's status (got $status)" test "$status" -eq 4
check "and its output (got '$out')" test "$out" = "hello from $(ls /boot/vmlinuz-* | sort -V | tail -n 1 | sed 's|.*/vmlinuz-||')"
[ "$status" -eq 4 ] || diag "$(cat "$tmp/err")"
check "it went through qemu:///session" grep -q "on qemu:///session" "$tmp/err"
left=$(as_user virsh -q -c qemu:///session list --all --name 2>/dev/null | grep -c .)
check "no session domain left ($left)" test "${left:-0}" -eq 0

# Another user reaches none of a run's sockets: the run directory is private.
if [ "$(id -u)" -eq 0 ]; then
	name="${domain_prefix}private"
	"$EB" -s --accel=tcg --timeout=120 --name="$name" -- sleep 60 >/dev/null 2>&1 </dev/null &
	pid=$!
	wait_running "$name"
	run_dir=$(run_dir_of "$name")
	check "the run directory is 0700" test "$(stat -c %a "$run_dir")" = 700
	check "its owner reaches the gdb socket" socat -u /dev/null "UNIX-CONNECT:$run_dir/gdb.sock"
	check "another user cannot reach the gdb socket" sh -c "! runuser -u '$user' -- socat -u /dev/null 'UNIX-CONNECT:$run_dir/gdb.sock' 2>/dev/null"
	check "nor list the run directory" sh -c "! runuser -u '$user' -- ls '$run_dir' >/dev/null 2>&1"
	kill "$pid"
	wait "$pid" 2>/dev/null

	# Set-user-ID: refused before anything else.
	cp "$EB" "$tmp/eb-setuid" && chmod 4755 "$tmp/eb-setuid" && chmod 755 "$tmp"
	runuser -u "$user" -- "$tmp/eb-setuid" --dump-xml -- true >"$tmp/out" 2>"$tmp/err"
	check "a setuid copy refuses to run (exit $?)" grep -q "refusing to run setuid" "$tmp/err"
else
	skip "the privacy checks need root"
	skip "the privacy checks need root"
	skip "the privacy checks need root"
	skip "the privacy checks need root"
	skip "the setuid check needs root"
fi

# libvirtd going away under a run: a clear error, 255, no hang, nothing left.
# The test user's own session daemon is the one stopped, so no other test is hurt.
# user_run_in_background ARGS...: the tool as the test user, from /, in the
# background ($pid), its output in lost-out and lost-err; returns once its
# guest runs and is past the start (the tool resumes it once its init runs).
user_run_in_background() {
	(cd / && exec runuser -u "$user" -- env -i HOME="$(getent passwd "$user" | cut -d: -f6)" USER="$user" \
		PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
		timeout -k 5 120 "$EB" --accel=tcg "$@" >"$tmp/lost-out" 2>"$tmp/lost-err" </dev/null) &
	pid=$!
	for _ in $(seq 300); do
		as_user virsh -q -c qemu:///session list --state-running --name 2>/dev/null | grep -q . && break
		sleep 0.2
	done
	sleep 5
}
if [ "$(id -u)" -eq 0 ]; then
	user_run_in_background -- sh -c 'sleep 60; echo too-late'
	pkill -u "$user" -x libvirtd
	wait "$pid"
	got=$?
	check "libvirtd stopped mid-run: exit 255 (got $got)" test "$got" -eq 255
	check "with a one-line error naming the lost connection" grep -q "lost the connection to qemu:///session" "$tmp/lost-err"
	[ "$got" -eq 255 ] || diag "$(cat "$tmp/lost-err")"
	check "the command's output never came" sh -c "! grep -q too-late '$tmp/lost-out'"
	left=$(as_user virsh -q -c qemu:///session list --all --name 2>/dev/null | grep -c .)
	check "no session domain left once libvirtd is back ($left)" test "${left:-0}" -eq 0
	check "no run directory left" sh -c "! ls -A '$user_runs' 2>/dev/null | grep -q ."

	# libvirtd stopped while a run restores the snapshot the first run took.
	(cd / && exec runuser -u "$user" -- env -i HOME="$(getent passwd "$user" | cut -d: -f6)" USER="$user" \
		PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
		timeout -k 5 120 "$EB" --accel=tcg -- echo too-late >"$tmp/restore-out" 2>"$tmp/restore-err" </dev/null) &
	pid=$!
	for _ in $(seq 600); do grep -q "Restoring the snapshot" "$tmp/restore-err" && break; sleep 0.05; done
	pkill -u "$user" -x libvirtd
	wait "$pid"
	got=$?
	check "libvirtd stopped during a restore: the tool's status (got $got)" test "$got" -eq 255 -o "$got" -eq 125
	check "with an error naming the lost connection" grep -q "^eudyptula-boot: .*lost the connection" "$tmp/restore-err" ||
		diag "$(cat "$tmp/restore-err")"
	left=$(as_user virsh -q -c qemu:///session list --all --name 2>/dev/null | grep -c .)
	check "no session domain left once libvirtd is back ($left)" test "${left:-0}" -eq 0
	check "no run directory left" sh -c "! ls -A '$user_runs' 2>/dev/null | grep -q ."
	check "the snapshot, not at fault, stays" sh -c "ls '$(getent passwd "$user" | cut -d: -f6)/.cache/eudyptula-boot/' | grep -q '^snapshot-'"

	# libvirtd stopped and unable to come back (its runtime directory is a
	# file): the printed clean-up command names the domain, and works.
	home=$(getent passwd "$user" | cut -d: -f6)
	name="${domain_prefix}gone"
	user_run_in_background --name="$name" -- sleep 60
	mv "$home/.cache/libvirt" "$home/.cache/libvirt.away" && runuser -u "$user" -- touch "$home/.cache/libvirt"
	pkill -u "$user" -x libvirtd
	wait "$pid"
	got=$?
	rm -f "$home/.cache/libvirt"
	mv "$home/.cache/libvirt.away" "$home/.cache/libvirt"
	check "libvirtd gone for good: exit 255 (got $got)" test "$got" -eq 255
	check "the clean-up command names the domain" grep -q "virsh -c qemu:///session destroy $name\$" "$tmp/lost-err" ||
		diag "$(cat "$tmp/lost-err")"
	as_user virsh -q -c qemu:///session destroy "$name" >/dev/null 2>&1
	left=$(as_user virsh -q -c qemu:///session list --all --name 2>/dev/null | grep -c .)
	check "and it removes the domain ($left left)" test "${left:-0}" -eq 0
else
	for _ in $(seq 13); do skip "stopping libvirtd needs a second user (root)"; done
fi
# The test user's directory of run directories goes with the test, when empty.
[ "$(id -u)" -ne 0 ] || rmdir "$user_runs" 2>/dev/null
done_testing
