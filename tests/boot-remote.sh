#!/bin/bash
# Runs on another libvirt host: a second libvirtd (tests/remote.sh) that
# sees none of this machine's caches, temporary files or scratch files,
# reached over qemu+tcp on loopback.
. "${EB_SRCDIR:-.}/tests/lib.sh"
require_libvirt
command -v unshare >/dev/null && command -v nsenter >/dev/null || { echo "1..0 # SKIP unshare and nsenter are needed"; exit 0; }
[ "$(id -u)" -eq 0 ] || { echo "1..0 # SKIP the second libvirtd needs root"; exit 0; }
. "${EB_SRCDIR:-.}/tests/remote.sh"
sock="eb-remote-$$"
trap 'tmux_stop "$sock" 2>/dev/null; remote_stop; rm -rf "$tmp" "$remote_dir" "$remote_conf"' EXIT
check "a second libvirtd answers on $remote_uri" remote_start || { done_testing; exit 1; }

# A kernel that daemon cannot see: a copy in the scratch directory, which
# is a tmpfs in its namespace.
kernel=$(ls /boot/vmlinuz-* | sort -V | tail -n 1)
cp "$kernel" "$remote_dir/vmlinuz-${kernel##*/vmlinuz-}"
kernel=$remote_dir/${kernel##*/}
check "(it cannot see the kernel's copy)" sh -c "! nsenter -t $remote_pid -m test -e '$kernel'"
er() { "$EB" -s --accel=tcg --timeout=180 --connect="$remote_uri" --kernel="$kernel" "$@"; }
volumes() { virsh -q -c "$remote_uri" vol-list eudyptula-boot 2>/dev/null | awk '{ print $1 }'; }

out=$(printf 'from-stdin' | er --timings -- sh -c 'echo "$1 $(cat)"; echo to-stderr >&2; exit 7' sh arg 2>"$tmp/err")
status=$?
check "a run there gets its argv and stdin ($out)" test "$out" = "arg from-stdin"
check "its status (exit $status)" test "$status" -eq 7
check "its stderr" grep -qx to-stderr "$tmp/err"
check "--timings names the upload and the host" grep -q "; upload to 127.0.0.1: [1-9][0-9]* bytes in [0-9]* ms$" "$tmp/err"
check "the kernel and the initramfs are volumes of the pool there" test "$(volumes | grep -c '^eudyptula-\(kernel\|initrd\)-[0-9a-f]\{16\}$')" -eq 2
check "the domain is gone from that host" test -z "$(virsh -q -c "$remote_uri" list --all --name)"
er -- true 2>"$tmp/err" </dev/null
check "a repeat run says it uploads nothing" grep -q "Nothing to upload to 127.0.0.1" <("$EB" --accel=tcg --timeout=180 --connect="$remote_uri" --kernel="$kernel" --timings -- true 2>&1 </dev/null)
touch /tmp/marker-of-the-client-$$
out=$(er -- sh -c "uname -r; test -e /tmp/marker-of-the-client-$$ && echo sees-client" </dev/null 2>/dev/null)
rm -f /tmp/marker-of-the-client-$$
check "its root is that host's: the kernel runs, the client's /tmp is not there" test "$out" = "${kernel##*/vmlinuz-}"

# A host that lacks the kernel's modules gets them as a read-only image.
version=${kernel##*/vmlinuz-}
nsenter -t "$remote_pid" -m mount -t tmpfs none "/lib/modules/$version"
check "(that host lacks the modules now)" sh -c "! nsenter -t $remote_pid -m test -e /lib/modules/$version/modules.dep"
out=$(er --timings -- sh -c 'modprobe dummy && grep -c "^dummy " /proc/modules' </dev/null 2>"$tmp/err")
check "modprobe of a module only in the uploaded image works ($out)" test "$out" = 1 || diag "$(tail -5 "$tmp/err")"
check "the image is a volume of the pool there" sh -c "virsh -q -c '$remote_uri' vol-list eudyptula-boot | grep -q '^ *eudyptula-modules-[0-9a-f]\{16\} '"
"$EB" --accel=tcg --timeout=180 --connect="$remote_uri" --kernel="$kernel" -- true </dev/null >/dev/null 2>"$tmp/err"
check "a repeat run uploads nothing" grep -q "Nothing to upload to 127.0.0.1" "$tmp/err"
nsenter -t "$remote_pid" -m umount "/lib/modules/$version"
"$EB" --accel=tcg --timeout=180 --connect="$remote_uri" --kernel="$kernel" -- true </dev/null >/dev/null 2>"$tmp/err"
check "with the modules back there, the run sends no image" sh -c "grep -q 'Nothing to upload' '$tmp/err'"

# What names this machine's files is refused, with why.
mkdir -p "$remote_dir/share"
expect_status 125 "--share is refused" er --share="$remote_dir/share" -- true
check "naming the option and why" grep -q "^.*--share names a directory of this machine, which 127.0.0.1 cannot see" "$tmp/err"
expect_status 125 "--disk is refused" er --disk="$kernel" -- true
check "and it leaves no domain there" test -z "$(virsh -q -c "$remote_uri" list --all --name)"

# --detach there, then --status from here: the files come back.
name=$("$EB" -s --accel=tcg --connect="$remote_uri" --kernel="$kernel" --detach -- \
	sh -c 'echo detached-out; echo detached-err >&2; exit 6' 2>"$tmp/err" </dev/null)
check "--detach there prints the guest's name ($name)" test -n "$name" || diag "$(cat "$tmp/err")"
for _ in $(seq 300); do
	"$EB" --connect="$remote_uri" --status="$name" 2>/dev/null | grep -q " running$" || break
	sleep 0.2
done
"$EB" -s --connect="$remote_uri" --status="$name" >"$tmp/status" 2>&1
status=$?
check "--status against that host gives its status (exit $status)" test "$status" -eq 6 || diag "$(cat "$tmp/status")"
check "its stdout came here" grep -qx detached-out "$(run_dir_of "$name")/stdout.log"
check "its stderr too" grep -qx detached-err "$(run_dir_of "$name")/stderr.log"
check "and its files there are gone" sh -c "! virsh -q -c '$remote_uri' vol-list eudyptula-boot | grep -q '$name-'"
rm -rf "$(run_dir_of "$name")"

# The hints name that host's way in.
er -- true 2>/dev/null </dev/null
"$EB" --accel=tcg --timeout=180 --connect="$remote_uri" --kernel="$kernel" -- true >/dev/null 2>"$tmp/err" </dev/null
check "the monitor hint goes through virsh -c URI" grep -q "monitor: virsh -c $remote_uri qemu-monitor-command" "$tmp/err"
check "the gdb hint names the socket on that host" grep -q "gdb: the stub is on 127.0.0.1 at /tmp/" "$tmp/err"

# --list there shows a run going on.
er -- sleep 20 </dev/null >/dev/null 2>&1 &
runner=$!
for _ in $(seq 300); do "$EB" --list --connect="$remote_uri" 2>/dev/null | grep -q 'running .*: sleep 20$' && break; sleep 0.2; done
"$EB" --list --connect="$remote_uri" >"$tmp/list" 2>&1
check "--list against that host shows the run" grep -q 'running *eudyptula-boot: .*: sleep 20$' "$tmp/list" || diag "$(cat "$tmp/list")"
wait "$runner"
check "(it ended 0: $?)" test $? -eq 0

# qemu+tls: the same daemon through TLS, certificates checked both ways.
if virsh -c "$remote_tls_uri" version >/dev/null 2>&1; then
	out=$("$EB" -s --accel=tcg --timeout=180 --connect="$remote_tls_uri" --kernel="$kernel" -- sh -c 'echo over-tls; exit 5' </dev/null 2>"$tmp/err")
	status=$?
	check "a run over qemu+tls gets its output and status (exit $status)" test "$status" -eq 5 -a "$out" = over-tls || diag "$(cat "$tmp/err")"
	"$EB" --accel=tcg --timeout=180 --connect="$remote_tls_uri" --kernel="$kernel" -- true </dev/null >/dev/null 2>"$tmp/err"
	check "it shares the pool's volumes: nothing to upload" grep -q "Nothing to upload to 127.0.0.1" "$tmp/err"
else
	skip "no TLS: openssl is needed for the certificates"; skip "no TLS"
fi

# --timeout, a panic, a verdict and its report, as for a local run.
expect_status 124 "--timeout ends a run there" er --timeout=20 -- sleep 300
expect_status 255 "a panic there gives 255" er -- sh -c 'echo c > /proc/sysrq-trigger'
check "naming the panic" grep -q "^eudyptula-boot: the guest kernel panicked: Kernel panic - not syncing: sysrq triggered crash" "$tmp/err"
er --report="$tmp/remote.json" -- sh -c 'exit 3' </dev/null 2>/dev/null
check "its report names the host's URI and the verdict" \
	jq_true --arg u "$remote_uri" '.uri == $u and .verdict == "fail" and .command_status == 3' "$tmp/remote.json"

# --pool names another pool there; one that is not there is refused.
virsh -q -c "$remote_uri" pool-define-as ebtest dir --target /var/lib/libvirt/ebtest >/dev/null 2>&1 &&
	virsh -q -c "$remote_uri" pool-build ebtest >/dev/null 2>&1 && virsh -q -c "$remote_uri" pool-start ebtest >/dev/null 2>&1
expect_status 0 "--pool=ebtest: a run through a pool of the user's" er --pool=ebtest -- true
check "its kernel and initramfs went to that pool" \
	test "$(virsh -q -c "$remote_uri" vol-list ebtest 2>/dev/null | grep -c '^ *eudyptula-\(kernel\|initrd\)-[0-9a-f]\{16\} ')" -eq 2
expect_status 125 "--pool naming no pool there is refused" er --pool=nosuch -- true
check "saying so" grep -q "no storage pool nosuch there: .*(name another with --pool)" "$tmp/err"

# The interactive console, through tmux, with its size.
if command -v tmux >/dev/null; then
	tmux -L "$sock" -f /dev/null new-session -d -s eb -x 90 -y 25 \
		"$EB -s --accel=tcg --timeout=240 --connect=$remote_uri --kernel=$kernel 2>'$tmp/pane-err'; echo rc=\$? >'$tmp/rc'; sleep 60"
	check "an interactive shell there shows a prompt" wait_prompt "$sock" eb || diag "stderr: $(cat "$tmp/pane-err")"
	tmux -L "$sock" send-keys -t eb 'clear; stty size' Enter
	check "of the pane's size" pane_shows "$sock" eb '^25 90'
	tmux -L "$sock" resize-window -t eb -x 100 -y 30
	sleep 1
	tmux -L "$sock" send-keys -t eb 'clear; stty size' Enter
	check "after a resize, the new size" pane_shows "$sock" eb '^30 100'
	tmux -L "$sock" send-keys -t eb 'exit 4' Enter
	for _ in $(seq 150); do [ -s "$tmp/rc" ] && break; sleep 0.2; done
	check "its exit status comes back ($(cat "$tmp/rc" 2>/dev/null))" grep -qx rc=4 "$tmp/rc"
	tmux_stop "$sock"
else
	for _ in 1 2 3 4; do skip "tmux is not installed"; done
fi

# SIGINT during an upload: no volume of that name is left, none a later run would trust.
big=$remote_dir/vmlinuz-big
cp "$kernel" "$big"
head -c 400M /dev/zero >>"$big"
"$EB" --accel=tcg --connect="$remote_uri" --kernel="$big" --no-pvh -- true </dev/null >/dev/null 2>"$tmp/err" &
runner=$!
for _ in $(seq 300); do grep -q "Uploading" "$tmp/err" && break; sleep 0.05; done
kill -INT "$runner"
wait "$runner"
status=$?
check "SIGINT during the upload ends the run (exit $status)" test "$status" -eq 130
virsh -q -c "$remote_uri" pool-refresh eudyptula-boot >/dev/null 2>&1
check "and leaves no whole-named volume of the cut file" test "$(volumes | grep -c '^eudyptula-kernel-[0-9a-f]*$')" -eq 1
check "and no part either" test "$(volumes | grep -c '\.part$')" -eq 0

# The daemon there killed mid-run: a clear error, and nothing left here.
er -- sleep 60 </dev/null >/dev/null 2>"$tmp/err" &
runner=$!
for _ in $(seq 300); do "$EB" --list --connect="$remote_uri" 2>/dev/null | grep -q 'running .*: sleep 60$' && break; sleep 0.2; done
sleep 2
name=$("$EB" --list --connect="$remote_uri" 2>/dev/null | awk '/: sleep 60$/ { print $1 }')
qemus=$(remote_qemus)
kill -9 "$remote_pid"
wait "$runner"
status=$?
kill -9 $qemus 2>/dev/null
check "the run ends with the tool's status 125 or 255 (exit $status)" test "$status" -eq 125 -o "$status" -eq 255
check "saying the connection was lost" grep -qi "lost the connection\|libvirtd" "$tmp/err" || diag "$(cat "$tmp/err")"
check "and leaves no run directory here" test ! -e "$(run_dir_of "${name:-none}")"
remote_stop

# qemu+ssh: Debian's sshd on a loopback port with a key of the test's own,
# in front of this machine's system daemon (virt-ssh-helper on the far side).
if [ -x /usr/sbin/sshd ] && command -v virt-ssh-helper >/dev/null; then
	ssh_port=$((remote_port + 400))
	ssh-keygen -q -t ed25519 -N '' -f "$remote_conf/key" && ssh-keygen -q -t ed25519 -N '' -f "$remote_conf/hostkey"
	printf '%s\n' "Port $ssh_port" "ListenAddress 127.0.0.1" "HostKey $remote_conf/hostkey" \
		"AuthorizedKeysFile $remote_conf/key.pub" "PermitRootLogin prohibit-password" "PasswordAuthentication no" \
		"UsePAM no" "StrictModes no" "PidFile $remote_conf/sshd.pid" >"$remote_conf/sshd_config"
	mkdir -p /run/sshd
	pool_before=$(virsh -q pool-list --all --name | grep -cx eudyptula-boot)
	/usr/sbin/sshd -f "$remote_conf/sshd_config" -E "$remote_conf/sshd.log"
	ssh_uri="qemu+ssh://root@127.0.0.1:$ssh_port/system?keyfile=$remote_conf/key&no_verify=1"
	out=$("$EB" --accel=tcg --timeout=180 --connect="$ssh_uri" -- sh -c 'uname -r; exit 3' </dev/null 2>"$tmp/err")
	status=$?
	check "over qemu+ssh: the command's output and status ($out, exit $status)" \
		test "$out $status" = "${kernel##*/vmlinuz-} 3" || diag "$(tail -5 "$tmp/err")"
	check "the gdb hint goes through ssh, on its port" \
		grep -q "gdb: gdb -ex 'target remote | ssh -p $ssh_port root@127.0.0.1 socat - UNIX-CONNECT:/tmp/.*-gdb.sock'" "$tmp/err"
	kill "$(cat "$remote_conf/sshd.pid" 2>/dev/null)" 2>/dev/null
	# The pool a first run defined on this machine's daemon goes with the test.
	if [ "$pool_before" -eq 0 ]; then
		virsh -q pool-destroy eudyptula-boot >/dev/null 2>&1
		virsh -q pool-delete eudyptula-boot >/dev/null 2>&1 || rm -rf /var/lib/libvirt/eudyptula-boot
		virsh -q pool-undefine eudyptula-boot >/dev/null 2>&1
	fi
else
	skip "no sshd (openssh-server) or virt-ssh-helper"
	skip "no sshd (openssh-server) or virt-ssh-helper"
fi
done_testing

