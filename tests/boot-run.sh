#!/bin/bash
# Boot tests: commands, exit status, arguments, streams, environment.
. "${EB_SRCDIR:-.}/tests/lib.sh"
require_libvirt

expect_status 0 "true exits 0" eb -- true
expect_status 7 "exit 7 comes back" eb -- sh -c 'exit 7'
expect_status 127 "a missing command gives 127" eb -- /nonexistent/command
check "and says so on stderr" grep -q "nonexistent/command" "$tmp/err"
noexec=$(guest_tmp)
printf 'echo should not run\n' >"$noexec/not-executable"
chmod 644 "$noexec/not-executable"
expect_status 126 "a command that cannot be executed gives 126" eb -- "$noexec/not-executable"
rm -rf "$noexec"

# The argument vector reaches execve unchanged.
args=("a b" '$HOME' '*' "line1
line2" "" "'\"" '\' "tab	tab" "ünï")
printf '[%s]\n' "${args[@]}" >"$tmp/want"
eb -- printf '[%s]\n' "${args[@]}" >"$tmp/got" 2>"$tmp/err" </dev/null
if cmp -s "$tmp/want" "$tmp/got"; then ok "awkward arguments arrive intact"; else
	not_ok "awkward arguments arrive intact"; diag "$(diff "$tmp/want" "$tmp/got")" "$(cat "$tmp/err")"; fi
# Settings of 1.2 MB (they go on the control channel): 60000 arguments.
mapfile -t many < <(seq -f 'argument-%05g' 60000)
got=$(eb -- sh -c 'echo "$# $1 ${60000}"' sh "${many[@]}" 2>"$tmp/err" </dev/null)
check "60000 arguments arrive, in order (got ${got:0:60})" test "$got" = "60000 argument-00001 argument-60000" ||
	diag "$(tail -5 "$tmp/err")"

# stdout and stderr stay separate; kernel messages stay out.
eb -- sh -c 'echo to-out; echo to-err >&2' >"$tmp/out" 2>"$tmp/err" </dev/null
check "stdout has only stdout" test "$(cat "$tmp/out")" = to-out
check "stderr has only stderr" test "$(cat "$tmp/err")" = to-err

# Binary round trip.
eb -- cat /bin/ls >"$tmp/ls" 2>"$tmp/err" </dev/null
if cmp -s /bin/ls "$tmp/ls"; then ok "binary output is byte for byte"; else
	not_ok "binary output is byte for byte"; diag "$(cmp /bin/ls "$tmp/ls")" "$(head -c 500 "$tmp/err")"; fi
head -c 300000 /dev/urandom >"$tmp/random"
eb -- sha256sum <"$tmp/random" >"$tmp/sum" 2>"$tmp/err"
check "binary stdin arrives whole" test "$(cut -d' ' -f1 "$tmp/sum")" = "$(sha256sum <"$tmp/random" | cut -d' ' -f1)"
# 64 MiB through a pipe, in the tool's largest packets, every byte in order.
head -c 67108864 /dev/urandom >"$tmp/big"
cat "$tmp/big" | eb -- sha256sum >"$tmp/sum" 2>"$tmp/err"
check "64 MiB of stdin from a pipe arrive whole" test "$(cut -d' ' -f1 "$tmp/sum")" = "$(sha256sum <"$tmp/big" | cut -d' ' -f1)"
rm -f "$tmp/big"

# stdin is forwarded, end of file included.
got=$(printf 'a\nb\n' | eb -- wc -l 2>"$tmp/err")
check "stdin with EOF: wc -l counts 2 (got '$got')" test "$got" = 2
got=$(eb -- cat </dev/null 2>"$tmp/err")
check "empty stdin gives EOF at once" test -z "$got"

# No command and no terminal: the login shell reads its commands from stdin
# and ends at its end, with its status, as with ssh HOST <script.
got=$(printf 'echo "hi from $0"\nexit 3\n' | SHELL=/bin/sh eb -- 2>"$tmp/err")
status=$?
check "no command, a script on stdin: the login shell, SHELL, runs it (got '$got')" test "$got" = "hi from -sh"
check "and its status is the run's (got $status)" test "$status" -eq 3
# Without SHELL, the shell of the user's passwd entry, as login and bash do.
pw_shell=$(getent passwd "$(id -u)" | cut -d: -f7)
got=$(unset SHELL; echo 'echo "hi from $0"' | eb -- 2>"$tmp/err")
check "without SHELL, the passwd entry's shell runs it (got '$got')" test "$got" = "hi from -$(basename "$pw_shell")"
expect_status 0 "no command, empty stdin: the login shell ends at once" eb --

# The guest runs in the host's directory with its environment.
dir=$(guest_tmp)
mkdir -p "$dir/sub dir"
got=$(cd "$dir/sub dir" && TERM=xterm-test LANG=C.UTF-8 LC_TIME=C eb -- sh -c 'pwd; echo "$TERM $LANG $LC_TIME"; echo "$HOME"' </dev/null 2>"$tmp/err")
check "cwd is the host's" test "$(sed -n 1p <<<"$got")" = "$dir/sub dir"
check "TERM, LANG, LC_* come from the host" test "$(sed -n 2p <<<"$got")" = "xterm-test C.UTF-8 C"
check "HOME comes from the host" test "$(sed -n 3p <<<"$got")" = "$HOME"
rm -rf "$dir"
got=$(EB_NOT_PASSED=host LANG=C eb --env=EB_SET='a b=c' --env=LANG=C.UTF-8 -- sh -c 'echo "${EB_NOT_PASSED:-unset}|$EB_SET|$LANG|$(env | grep -c ^LANG=)"' </dev/null 2>"$tmp/err")
check "--env sets a variable, over the host's of that name, once; others do not pass ($got)" test "$got" = "unset|a b=c|C.UTF-8|1"

# A directory the guest does not have (the guest's /proc is its own), or one
# deleted on the host: the command starts in /, and a warning says so, -s or not.
got=$(cd "/proc/$$/fdinfo" && eb -- pwd </dev/null 2>"$tmp/err")
check "a directory the guest lacks: the command runs in / (got '$got')" test "$got" = /
check "and a warning names it and where the command runs" \
	grep -qx "\[⚡\] the guest has no directory /proc/$$/fdinfo (No such file or directory): the command runs in / instead" "$tmp/err" ||
	diag "stderr: $(cat "$tmp/err")"
dir=$(realpath "$(guest_tmp)")
got=$(cd "$dir" && rmdir "$dir" && eb -- pwd </dev/null 2>"$tmp/err")
check "a directory deleted on the host: the command runs in / (got '$got')" test "$got" = /
check "and a warning names it and where the command runs" \
	grep -qx "\[⚡\] the current directory $dir was deleted: the command runs in / instead" "$tmp/err" ||
	diag "stderr: $(cat "$tmp/err")"

# A panic ends the run with 255 and the kernel's last words.
expect_status 255 "a guest panic gives 255" eb -- sh -c 'echo c > /proc/sysrq-trigger'
check "the panic is shown" grep -qi "panic\|sysrq" "$tmp/err"
check "its reason comes first, on the first line" \
	grep -q "^eudyptula-boot: the guest kernel panicked: Kernel panic - not syncing: sysrq triggered crash" <(head -n 1 "$tmp/err")
check "the run ended on the kernel's last panic line (Rebooting in 5 seconds), not at the reset" \
	grep -q "Rebooting in 5 seconds" <(tail -n 1 "$tmp/err")

# QEMU refusing its arguments: its reason alone, unescaped, on the error line.
expect_status 125 "QEMU refusing a --qemu argument gives 125" eb --qemu='-device nonexistent' -- true
check "with QEMU's reason on the one error line" test "$(cat "$tmp/err")" = \
	"eudyptula-boot: libvirt refused the domain: qemu-system-x86_64: -device nonexistent: 'nonexistent' is not a valid device model name"

# Too little memory for the kernel and its initramfs (such runs hung): refused
# before the guest starts, in one line naming the least that works, which boots.
for pvh in "" --no-pvh; do
	expect_status 125 "--mem=64M ${pvh:+with $pvh }is refused" eb $pvh --mem=64M -- true
	least=$(sed -n 's/^eudyptula-boot: --mem=64M is too small .*: give --mem=\([0-9]*\)M or more .*/\1/p' "$tmp/err")
	check "in one line naming the least memory that works (${least:-none}M)" test "$(wc -l <"$tmp/err")" -eq 1 -a -n "$least"
	expect_status 0 "--mem=${least:-0}M ${pvh:+with $pvh }boots" eb $pvh --mem="${least:-0}M" -- true
done
expect_status 125 "--mem=16M is refused too" eb --mem=16M -- true
check "and no run directory is left" sh -c "! ls -d \"\${XDG_RUNTIME_DIR:-/tmp}\"/${domain_prefix}* 2>/dev/null | grep -q ."

# --timeout destroys the guest and gives 124.
start=$(date +%s)
"$EB" -s --accel=tcg --timeout=1 --name=${domain_prefix}timeout -- sleep 60 >"$tmp/out" 2>"$tmp/err" </dev/null
got=$?
check "--timeout 1 on sleep 60 gives 124 (got $got)" test "$got" -eq 124
check "--timeout returns quickly" test $(( $(date +%s) - start )) -lt 30
check "--timeout leaves no domain" no_domain_left "${domain_prefix}timeout"

# Signals to the tool destroy the guest and give 128 + the signal.
for sig in TERM INT HUP; do
	"$EB" -s --accel=tcg --timeout=120 --name="${domain_prefix}sig$sig" -- sleep 60 >"$tmp/out" 2>"$tmp/err" </dev/null &
	pid=$!
	for _ in $(seq 150); do
		virsh -q list --name 2>/dev/null | grep -q "${domain_prefix}sig$sig" && break
		sleep 0.2
	done
	sleep 2
	kill -"$sig" "$pid"
	wait "$pid"
	got=$?
	want=$(( 128 + $(kill -l "$sig") ))
	check "SIG$sig gives $want (got $got)" test "$got" -eq "$want"
	check "SIG$sig leaves no domain" no_domain_left "${domain_prefix}sig$sig"
done

# Kernel messages reach stderr with -v, and only then.
eb -v -- true >"$tmp/out" 2>"$tmp/err" </dev/null
check "-v shows kernel messages on stderr" grep -q "Linux version" "$tmp/err"
check "from before the kernel's console starts (earlycon on the log port)" grep -q "earlycon: uart8250 at I/O port 0x3f8" "$tmp/err"
check "-v keeps them off stdout" test ! -s "$tmp/out"
eb -- true >"$tmp/out" 2>"$tmp/err" </dev/null
check "without -v, no kernel messages" sh -c "! grep -q 'Linux version' '$tmp/err'"

# --timings says where the time went, host and guest, on stderr only.
eb --timings -- true >"$tmp/out" 2>"$tmp/err" </dev/null
check "--timings reports the host's steps" grep -q "timings (ms): inspect [0-9]*, initramfs [0-9]*, connect [0-9]*, create [0-9]*, resume [0-9]*, guest [0-9]*" "$tmp/err"
check "--timings reports the guest's steps" grep -q "(kernel to init [0-9]*, init to command [0-9]*, command [0-9]*," "$tmp/err"
check "--timings ends with the total and the peak RSS" grep -q "host preparation [0-9]*, total [0-9]*; peak RSS [0-9]* KiB; machine: [a-z, ]*\( (restore [0-9]* ms)\| (save [0-9]* ms)\)\?$" "$tmp/err"
check "--timings keeps stdout clean" test ! -s "$tmp/out"

# --udev starts udevd.
expect_status 0 "--udev starts udevd" eb --udev -- sh -c 'test -d /run/udev && pgrep -x systemd-udevd >/dev/null || pgrep -x udevd >/dev/null'

# The ELF kernel boots straight through its PVH entry: the kernel's PVH code
# fills in boot protocol 2.12, and no decompressor moved it (KASLR).
# --no-pvh boots the image itself, whose header says its own version.
got=$(eb -- sh -c 'od -An -tx1 -j 518 -N 2 /sys/kernel/boot_params/data; grep -w _text /proc/kallsyms' </dev/null 2>"$tmp/err")
check "the kernel boots through its PVH entry (boot protocol 2.12)" test "$(sed -n 1p <<<"$got")" = " 0c 02"
check "at its link address" grep -q "^ffffffff81000000 T _text$" <<<"$got"
got=$(eb --no-pvh -- od -An -tx1 -j 518 -N 2 /sys/kernel/boot_params/data </dev/null 2>"$tmp/err")
check "--no-pvh boots the image through its own decompressor (got '$got')" test -n "$got" -a "$got" != " 0c 02"

# Without libvirtd, root falls back to the embedded driver (hidden socket
# in a mount namespace), with the default name, whose run directory is too
# deep for the sockets libvirt makes four levels below its root.
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
	out=$(unshare -m sh -c 'mount -t tmpfs tmpfs /run/libvirt && exec "$0" --accel=tcg --timeout=180 -- sh -c "echo embedded; exit 6"' \
		"$EB" 2>"$tmp/err" </dev/null)
	got=$?
	check "no daemon: the embedded driver runs the command (exit $got)" test "$got" -eq 6 -a "$out" = embedded
	[ "$got" -eq 6 ] || diag "$(cat "$tmp/err")"
	check "and says so" grep -q "embedded QEMU driver" "$tmp/err"
	check "and leaves no QEMU behind" sh -c "! pgrep -f '$(run_dir_of "")embe[d]-' >/dev/null"
	check "nor its state" sh -c "! ls -d '$(run_dir_of "")'embed-* 2>/dev/null | grep -q ."
else
	for _ in 1 2 3 4; do skip "the embedded driver test needs root"; done
fi

# Nothing left behind: no domain, no run directory (the embedded driver's
# state in it included).
check "no domain left" no_domain_left
check "no run directory left" sh -c "! ls -d '$(run_dir_of "")'${domain_prefix}* 2>/dev/null | grep -q ."
done_testing
