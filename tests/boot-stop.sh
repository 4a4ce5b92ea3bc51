#!/bin/bash
# Boot tests: a run stopped and continued (^Z in a shell, SIGSTOP) goes on.
# libvirtd's keepalive closes a client that has not answered for about
# 30 s, which destroys an autodestroy guest: each stop here lasts 35 s.
. "${EB_SRCDIR:-.}/tests/lib.sh"
require_libvirt

# lines FILE: how many lines FILE has.
lines() { wc -l <"$1"; }

# The tool's pid stopped for 35 s, then continued: its child kept the
# connection, the command ran on, and everything arrived.
"$EB" -s --accel=tcg --timeout=300 --name="${domain_prefix}sigstop" -- \
	sh -c 'for i in $(seq 12); do echo "tick $i"; sleep 1; done; exit 7' >"$tmp/out" 2>"$tmp/err" </dev/null &
pid=$!
for _ in $(seq 600); do grep -q "tick 2" "$tmp/out" 2>/dev/null && break; sleep 0.2; done
kill -STOP "$pid"
sleep 35
kill -CONT "$pid"
wait "$pid"
got=$?
check "SIGSTOP for 35 s, then SIGCONT: the command's status comes back (got $got)" test "$got" -eq 7
check "and all its output" test "$(lines "$tmp/out")" -eq 12
check "and nothing on stderr" test ! -s "$tmp/err" || diag "$(cat "$tmp/err")"

# The run's own worker stopped that long loses the connection to the
# keepalive; the message says so, not that libvirtd went away.
"$EB" -s --accel=tcg --timeout=300 --name="${domain_prefix}workerstop" -- sleep 200 >"$tmp/out" 2>"$tmp/err" </dev/null &
pid=$!
for _ in $(seq 600); do virsh -q -c "${EB_URI:-qemu:///system}" list --name | grep -q "${domain_prefix}workerstop" && break; sleep 0.2; done
sleep 2
worker=$(pgrep -P "$pid" -x eudyptula-boot | head -n 1)
if [ -n "$worker" ]; then
	kill -STOP "$worker"
	sleep 40
	kill -CONT "$worker"
fi
wait "$pid"
got=$?
check "the worker stopped for 40 s: 255 (got $got)" test "$got" -eq 255
check "and the message says the process did not run, not that libvirtd stopped" \
	grep -q "this process did not run for [0-9]* s (stopped or starved)" "$tmp/err" || diag "$(cat "$tmp/err")"

# ^Z in an interactive shell: the job stops, the guest's vCPUs with it
# (its output stops and the domain is paused), and fg carries on.
if command -v tmux >/dev/null; then
	sock="eb-test-$$"
	trap 'tmux_stop "$sock"; rm -rf "$tmp"' EXIT
	t() { tmux -L "$sock" "$@"; }
	name="${domain_prefix}ctrlz"
	t -f /dev/null new-session -d -s eb -x 120 -y 30 "env -i PATH=$PATH HOME=$HOME TERM=xterm PS1='test-prompt\$ ' bash --norc -i"
	# In a subshell: the shell itself would go on to the next command of a stopped job's line.
	t send-keys -t eb "($(printf '%q ' "$EB" -s --accel=tcg --timeout=300 --name="$name" -- \
		sh -c 'for i in $(seq 20); do echo "tick $i"; sleep 1; done; exit 5')<'/dev/null' >'$tmp/ticks'; echo rc=\$? >'$tmp/rc')" Enter
	for _ in $(seq 600); do grep -q "tick 3" "$tmp/ticks" 2>/dev/null && break; sleep 0.2; done
	t send-keys -t eb C-z
	pane_shows "$sock" eb "Stopped" >/dev/null
	check "^Z stops the job" pane_shows "$sock" eb "Stopped"
	sleep 2
	before=$(lines "$tmp/ticks")
	state=$(virsh -c "${EB_URI:-qemu:///system}" domstate "$name" 2>&1)
	check "the stopped job's domain is paused (state: $state)" test "$state" = paused
	sleep 33
	after=$(lines "$tmp/ticks")
	check "no output while stopped ($before lines, $after after 33 s)" test "$after" -eq "$before"
	t send-keys -t eb "fg" Enter
	for _ in $(seq 600); do [ -s "$tmp/rc" ] && break; sleep 0.2; done
	check "fg carries on: the command's status comes back ($(cat "$tmp/rc" 2>/dev/null))" grep -qx "rc=5" "$tmp/rc"
	check "and all its output, in order" test "$(cat "$tmp/ticks")" = "$(seq 20 | sed 's/^/tick /')"
	tmux_stop "$sock"
else
	for _ in 1 2 3 4 5; do skip "tmux is not installed"; done
fi

check "no domain of this file is left" no_domain_left
done_testing
