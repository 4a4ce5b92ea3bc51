# TAP helpers shared by the shell tests.  EB is the binary under test.
: "${EB:=$(pwd)/eudyptula-boot}"
tap_n=0
tap_fail=0

ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
not_ok() { tap_n=$((tap_n + 1)); tap_fail=$((tap_fail + 1)); echo "not ok $tap_n - $*"; }
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP $*"; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
# jq_true FILTER... FILE: the filter holds (jq -e, quietly).
jq_true() { jq -e "$@" >/dev/null; }
done_testing() { echo "1..$tap_n"; [ "$tap_fail" -eq 0 ]; }

# check DESCRIPTION COMMAND...: a test point from a command's success.
check() {
	desc=$1; shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; return 1; fi
}

# expect_status WANT DESCRIPTION COMMAND...: run and compare the exit status.
expect_status() {
	want=$1 desc=$2; shift 2
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	got=$?
	if [ "$got" -eq "$want" ]; then
		ok "$desc (exit $got)"
	else
		not_ok "$desc (exit $got, want $want)"
		diag "stdout: $(head -c 2000 "$tmp/out")" "stderr: $(head -c 2000 "$tmp/err")"
	fi
}

# A private scratch directory removed at exit.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/eb-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Boot tests: a real guest through libvirt, with the installed kernel under TCG.
# A scratch directory the guest can see (the guest's /tmp is a fresh tmpfs).
guest_tmp() {
	mkdir -p "${EB_BUILDDIR:-.}/tests/scratch"
	mktemp -d "${EB_BUILDDIR:-.}/tests/scratch/eb.XXXXXX"
}

# Skip the whole file unless libvirt answers.
require_libvirt() {
	if ! virsh -c "${EB_URI:-qemu:///system}" version >/dev/null 2>&1; then
		echo "1..0 # SKIP libvirt is not reachable at ${EB_URI:-qemu:///system}"
		exit 0
	fi
}

# run_dir_of NAME: the run directory of the run NAME, as the tool places
# it: in $XDG_RUNTIME_DIR/eudyptula-boot when XDG_RUNTIME_DIR is a directory
# of the user's, else in /tmp/eudyptula-boot-UID.
run_dir_of() {
	local base=${XDG_RUNTIME_DIR:-}
	if [ "${base#/}" != "$base" ] && [ -d "$base" ] && [ -O "$base" ] && [ -w "$base" ]; then
		echo "$base/eudyptula-boot/$1"
	else
		echo "/tmp/eudyptula-boot-$(id -u)/$1"
	fi
}

# Domains of this test file are named ebt-PID-..., so that test files
# running side by side can each check that they left nothing behind.
domain_prefix="ebt-$$-"

# eb ARGS...: the tool, silent, bounded in time, forced to TCG.
eb() {
	"$EB" -s --accel=tcg --timeout=${EB_TEST_TIMEOUT:-180} --name="$domain_prefix$BASHPID-$RANDOM" "$@"
}

# wait_running NAME: until the domain NAME runs (at most a minute).
wait_running() {
	for _ in $(seq 300); do
		virsh -q domstate "$1" 2>/dev/null | grep -q running && return 0
		sleep 0.2
	done
	return 1
}

# wait_prompt SOCKET TARGET: press Enter in the tmux pane until a shell prompt
# shows (at most 90 s; a login shell over 9P is slow under TCG and load):
# keys sent before the shell reads are lost.
wait_prompt() {
	for _ in $(seq 90); do
		tmux -L "$1" send-keys -t "$2" Enter
		sleep 1
		tmux -L "$1" capture-pane -p -t "$2" | grep -q '[#$] *$' && return 0
	done
	return 1
}

# tmux_stop SOCKET: end the tmux server, wait until it has exited (a
# new-session sent to a server still exiting fails) and remove its socket.
tmux_stop() {
	local pid path
	pid=$(tmux -L "$1" display -p '#{pid}' 2>/dev/null)
	path=$(tmux -L "$1" display -p '#{socket_path}' 2>/dev/null)
	tmux -L "$1" kill-server 2>/dev/null
	for _ in $(seq 50); do
		[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	[ -z "$path" ] || rm -f "$path"
}

# pane_shows SOCKET TARGET TEXT: until the tmux pane shows TEXT (at most 30 s).
pane_shows() {
	for _ in $(seq 60); do
		tmux -L "$1" capture-pane -p -t "$2" | grep -q -- "$3" && return 0
		sleep 0.5
	done
	diag "pane:" "$(tmux -L "$1" capture-pane -p -t "$2")"
	return 1
}

# No domain of this file (or named like $1) is left on the URI.
no_domain_left() {
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		virsh -q -c "${EB_URI:-qemu:///system}" list --all --name 2>/dev/null |
			grep -q "^${1:-$domain_prefix}" || return 0
		sleep 0.5
	done
	diag "left: $(virsh -q -c "${EB_URI:-qemu:///system}" list --all --name)"
	return 1
}
