# TAP helpers shared by the shell tests.  EB is the binary under test.
: "${EB:=$(pwd)/eudyptula-boot}"
tap_n=0
tap_fail=0

ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
not_ok() { tap_n=$((tap_n + 1)); tap_fail=$((tap_fail + 1)); echo "not ok $tap_n - $*"; }
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP $*"; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
done_testing() { echo "1..$tap_n"; [ "$tap_fail" -eq 0 ]; }

# check DESCRIPTION COMMAND...: a test point from a command's success.
check() {
	desc=$1; shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
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
