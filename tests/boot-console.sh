#!/bin/bash
# Boot tests: the interactive shell and terminal commands, driven through tmux.
. "${EB_SRCDIR:-.}/tests/lib.sh"
require_libvirt
command -v tmux >/dev/null || { echo "1..0 # SKIP tmux is not installed"; exit 0; }

sock="eb-test-$$"
t() { tmux -L "$sock" "$@"; }
trap 'tmux_stop "$sock"; rm -rf "$tmp"' EXIT

# wait_for PATTERN SECONDS: until the pane shows PATTERN.
wait_for() {
	for _ in $(seq $(( $2 * 5 ))); do
		t capture-pane -p -t eb 2>/dev/null | grep -q -- "$1" && return 0
		sleep 0.2
	done
	diag "pane:" "$(t capture-pane -p -t eb 2>/dev/null)"
	return 1
}

# wait_rc: until the pane's command has ended (at most a minute: a loaded
# machine may take its time destroying the domain).
wait_rc() {
	for _ in $(seq 300); do [ -s "$tmp/rc" ] && return 0; sleep 0.2; done
	return 1
}

start_pane() {
	tmux_stop "$sock"
	rm -f "$tmp/rc" "$tmp/stty"
	t -f /dev/null new-session -d -s eb -x 100 -y 30 "$1; echo \"rc=\$?\" >'$tmp/rc.new'; stty -a >'$tmp/stty'; mv '$tmp/rc.new' '$tmp/rc'; sleep 60"
	t set -g status off
}

# An interactive login shell on the guest console.
start_pane "PS1='guest-prompt\$ ' ENV= $EB -s --accel=tcg --timeout=240 --name=${domain_prefix}shell"
check "the interactive shell shows a prompt" wait_for '[#$] *$' 120
t send-keys -t eb 'echo marker-$((6*7))' Enter
check "commands run in the shell" wait_for 'marker-42' 30
size=$(t display -p -t eb '#{pane_height} #{pane_width}')
t send-keys -t eb 'stty size' Enter
check "stty size equals the pane ($size)" wait_for "^$size" 30
t resize-window -t eb -x 120 -y 40
size=$(t display -p -t eb '#{pane_height} #{pane_width}')
sleep 1
t send-keys -t eb 'clear; stty size' Enter
check "after a resize, stty size follows ($size)" wait_for "^$size" 30
t send-keys -t eb 'exit 3' Enter
wait_rc
check "exit 3 in the shell makes the tool exit 3 ($(cat "$tmp/rc" 2>/dev/null))" grep -qx "rc=3" "$tmp/rc"
check "the terminal is sane after exit" grep -q " icanon .* echo \| echo .* icanon " "$tmp/stty"

# A command with a terminal: stdin and stdout are the pane.
start_pane "$EB -s --accel=tcg --timeout=240 --name=${domain_prefix}tty -- sh -c 'test -t 0 && test -t 1 && stty size; exit 5'"
size=$(t display -p -t eb '#{pane_height} #{pane_width}')
check "a terminal command gets a terminal of the pane's size" wait_for "^$size" 120
wait_rc
check "and its exit status (5)" grep -qx "rc=5" "$tmp/rc"

# All of a terminal command's output arrives, up to its last line, even
# though the guest stops right after it.
if command -v script >/dev/null; then
	# script passes the end of its own input on to the terminal: give it none.
	mkfifo "$tmp/no-input"
	sleep 600 >"$tmp/no-input" 2>/dev/null &
	holder=$!
	script -qec "'$EB' -s --accel=tcg --timeout=240 --name=${domain_prefix}lines -- seq 1 20000" \
		"$tmp/typescript" <"$tmp/no-input" >/dev/null 2>&1
	kill "$holder"
	lines=$(tr -d '\r' <"$tmp/typescript" | grep -cx '[0-9][0-9]*')
	check "a terminal command's output arrives whole (20000 lines, got $lines)" test "$lines" -eq 20000
	last=$(tr -d '\r' <"$tmp/typescript" | grep -x '[0-9][0-9]*' | tail -1)
	check "and ends with its last line ($last)" test "$last" = 20000
	check "the console's end mark is not shown" sh -c "! grep -q 'eudyptula-boot-end' '$tmp/typescript'"
else
	skip "script is not installed"
	skip "script is not installed"
	skip "script is not installed"
fi

# ^] detaches and destroys the guest.
start_pane "$EB -s --accel=tcg --timeout=240 --name=${domain_prefix}detach"
check "a shell prompt before ^]" wait_for '[#$] *$' 120
t send-keys -t eb C-]
wait_rc
check "^] detaches with status 130 ($(cat "$tmp/rc" 2>/dev/null))" grep -qx "rc=130" "$tmp/rc" ||
	diag "pane:" "$(t capture-pane -p -t eb 2>/dev/null)"
check "the terminal is sane again after ^]" grep -q " icanon .* echo \| echo .* icanon " "$tmp/stty"
check "^] leaves no domain" no_domain_left "${domain_prefix}detach"

check "no domain left" no_domain_left
done_testing
