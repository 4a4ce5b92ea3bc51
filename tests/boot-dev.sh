#!/bin/bash
# Boot tests: gdb, the monitor, serial ports, disks, --init, kernels, the seed's command lines.
. "${EB_SRCDIR:-.}/tests/lib.sh"
require_libvirt
# gdb may crash when the guest it continued goes away: no core files here.
ulimit -c 0
kernel=$(ls /boot/vmlinuz-* | sort -V | tail -n 1)
version=${kernel##*/vmlinuz-}

# start_guest NAME ARGS...: a guest running in the background; its stderr in $tmp/NAME.err.
start_guest() {
	name=$domain_prefix$1; shift
	"$EB" --accel=tcg --timeout=180 --name="$name" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null &
	guest_pid=$!
	wait_running "$name"
}
rundir() { run_dir_of "$domain_prefix$1"; }

# gdb attaches to the stub, reads $pc and detaches; the command's status still comes back.
start_guest gdb -- sh -c 'sleep 12; exit 9'
check "the gdb command is printed" grep -q "gdb -ex 'target remote $(rundir gdb)/gdb.sock'" "$tmp/${domain_prefix}gdb.err"
sleep 4
timeout 60 gdb -batch -nx -ex "target remote $(rundir gdb)/gdb.sock" -ex 'p/x $pc' -ex detach >"$tmp/gdb.out" 2>&1
check "gdb reads \$pc through the unix socket" grep -q '^\$1 = 0x' "$tmp/gdb.out"
check "gdb detaches" grep -q "Inferior 1 .* detached" "$tmp/gdb.out"
echo 'info status' | timeout 10 socat - "UNIX:$(rundir gdb)/monitor.sock" >"$tmp/monitor.out" 2>&1
check "the monitor socket answers info status" grep -q "VM status: running" "$tmp/monitor.out"
virsh qemu-monitor-command --hmp "${domain_prefix}gdb" 'info status' >"$tmp/hmp.out" 2>&1
check "virsh qemu-monitor-command --hmp answers too" grep -q "VM status: running" "$tmp/hmp.out"
check "ttyS1 is exported on a socket" test -S "$(rundir gdb)/ttyS1.sock"
wait "$guest_pid"
got=$?
check "after gdb, the command's status comes back (got $got)" test "$got" -eq 9
check "without a --gdb option, nokaslr is not added" sh -c "! grep -q nokaslr '$tmp/${domain_prefix}gdb.err'"

# --gdb=tcp:PORT with --gdb-wait: nothing runs until gdb continues.
port=$((20000 + RANDOM % 20000))
start_guest tcp --gdb=tcp:$port --gdb-wait -- true
check "--gdb-wait says nokaslr was added" grep -q "added nokaslr" "$tmp/${domain_prefix}tcp.err"
sleep 3
check "--gdb-wait keeps the guest paused" sh -c "virsh -q domstate '${domain_prefix}tcp' | grep -q paused"
timeout 60 gdb -batch -nx -ex "target remote 127.0.0.1:$port" -ex 'p/x $pc' -ex continue >"$tmp/gdbtcp.out" 2>&1 &
wait "$guest_pid"
got=$?
check "gdb over TCP continues the guest to its end (got $got)" test "$got" -eq 0
check "gdb reads \$pc over TCP" grep -q '^\$1 = 0x' "$tmp/gdbtcp.out"
grep -q "nokaslr" <(virsh -q dumpxml "${domain_prefix}tcp" 2>/dev/null) || true

# gdb names the function at the guest's $pc from the symbols given with
# --vmlinux.  Debian's vmlinux with symbols is the -dbg package (a gigabyte),
# so the symbol file is made from the guest kernel's own /proc/kallsyms: its
# text symbols placed at their addresses in a section without contents.
if command -v as >/dev/null && command -v objcopy >/dev/null; then
	eb -c nokaslr -- sh -c "grep ' [tT] ' /proc/kallsyms | grep -v ']\$'" >"$tmp/kallsyms" </dev/null 2>"$tmp/err"
	base=$(sort "$tmp/kallsyms" | head -n 1 | cut -d' ' -f1)
	sort -k1,1 "$tmp/kallsyms" | awk -v base="$base" '
		NR == 1 { print ".section .ktext,\"ax\",@nobits" }
		{ n = $3; if (seen[n]++) n = n "." seen[n]; printf ".org 0x%s - 0x%s\n\"%s\":\n", $1, base, n }' >"$tmp/syms.s"
	as -o "$tmp/syms.o" "$tmp/syms.s" && objcopy --change-section-address .ktext=0x"$base" "$tmp/syms.o" "$tmp/vmlinux"
	start_guest sym --vmlinux="$tmp/vmlinux" -- sh -c 'sleep 15; exit 7'
	check "--vmlinux: the printed gdb command loads it" grep -q "gdb -ex 'target remote $(rundir sym)/gdb.sock' $tmp/vmlinux\$" "$tmp/${domain_prefix}sym.err"
	check "--vmlinux: nokaslr was added, so the symbols match" grep -q "added nokaslr" "$tmp/${domain_prefix}sym.err"
	sleep 3
	# The vCPU may be in user space at that instant: look again then.
	for _ in 1 2 3 4 5; do
		timeout 60 gdb -batch -nx -ex "target remote $(rundir sym)/gdb.sock" -ex 'info symbol $pc' -ex detach "$tmp/vmlinux" >"$tmp/gdbsym.out" 2>&1
		grep -q ' in section .ktext' "$tmp/gdbsym.out" && break
		sleep 1
	done
	check "gdb's info symbol names the function at \$pc" grep -Eq '^[A-Za-z_][A-Za-z0-9_.]*( \+ [0-9]+)? in section .ktext' "$tmp/gdbsym.out" ||
		diag "gdb:" "$(cat "$tmp/gdbsym.out")"
	wait "$guest_pid"
	got=$?
	check "and the guest's status still comes back (got $got)" test "$got" -eq 7
else
	for _ in 1 2 3 4; do skip "binutils (as, objcopy) are not installed"; done
fi

# -2: kernel messages on the ttyS2 socket.
start_guest tty2 -2 -- sleep 8
check "-2 exports ttyS2" test -S "$(rundir tty2)/ttyS2.sock"
wait "$guest_pid"

# Disks: a raw image and a qcow2 image, read-only or not; the seed's --qemu line verbatim.
printf 'raw-disk-marker' | dd of="$tmp/raw.img" bs=1M seek=0 conv=notrunc 2>/dev/null
truncate -s 1M "$tmp/raw.img"
got=$(eb --disk="$tmp/raw.img:ro" -- sh -c 'head -c 15 /dev/vda; echo; cat /sys/block/vda/ro' </dev/null 2>"$tmp/err")
check "--disk=IMAGE:ro is /dev/vda, read-only" test "$got" = "$(printf 'raw-disk-marker\n1')"
if command -v qemu-img >/dev/null; then
	qemu-img convert -O qcow2 "$tmp/raw.img" "$tmp/someimage.qcow2"
	got=$(eb --disk="$tmp/someimage.qcow2" -- sh -c 'head -c 15 /dev/vda; cat /sys/block/vda/ro' </dev/null 2>"$tmp/err")
	check "--disk=QCOW2 is read as qcow2, writable" test "$got" = "raw-disk-marker0"
	got=$(cd "$tmp" && eb --qemu="-drive file=someimage.qcow2,media=disk,if=virtio" -- sh -c 'test -b /dev/vda && echo yes' </dev/null 2>"$tmp/err")
	check "the seed's --qemu=\"-drive file=someimage.qcow2,media=disk,if=virtio\" works" test "$got" = yes
else
	skip "qemu-img is not installed"
	skip "qemu-img is not installed"
fi

# --init: the workflow's hello.c as /init, and a program that returns 3.
cat >"$tmp/hello.c" <<'C'
#include <stdio.h>
#include <unistd.h>
#include <sys/reboot.h>
int main(void) { printf("Hello, world!\n"); fflush(stdout); reboot(0x4321fedc); return 0; }
C
printf '#include <stdio.h>\nint main(void) { printf("bye\\n"); return 3; }\n' >"$tmp/three.c"
if gcc -static -o "$tmp/hello" "$tmp/hello.c" 2>/dev/null && gcc -static -o "$tmp/three" "$tmp/three.c"; then
	got=$(eb --init="$tmp/hello" </dev/null 2>"$tmp/err")
	status=$?
	check "--init: hello.c prints on stdout (got '$got')" test "$got" = "Hello, world!"
	check "--init: power off is status 0 (got $status)" test "$status" -eq 0
	got=$(eb --init="$tmp/three" </dev/null 2>"$tmp/err")
	status=$?
	check "--init: a program returning 3 gives 3 (got $status)" test "$status" -eq 3
	check "--init: its output only (got '$got')" test "$got" = bye
else
	for _ in 1 2 3 4; do skip "no static C compiler"; done
fi
expect_status 125 "--init refuses a file that is not executable" "$EB" --init="$tmp/hello.c"

# A kernel build tree: arch/x86/boot/bzImage and .config.
tree=$(guest_tmp)
mkdir -p "$tree/arch/x86/boot"
cp "$kernel" "$tree/arch/x86/boot/bzImage"
cp "/boot/config-$version" "$tree/.config"
got=$(eb --kernel="$tree" -- uname -r </dev/null 2>"$tmp/err")
check "--kernel=DIR boots a build tree (got '$got')" test "$got" = "$version"
# The tree's own vmlinux (here: the ELF kernel extracted from its bzImage)
# boots as it is when the bzImage is not older: nothing to extract, and
# the gdb command names it. A vmlinux newer than the bzImage is not used.
elf=$("$EB" --dry-run --kernel="$tree" -- true 2>/dev/null | sed -n 's/^boot: *ELF kernel \(.*\) through its PVH entry$/\1/p')
if [ -n "$elf" ]; then
	cp "$elf" "$tree/vmlinux"
	touch -d '1 minute ago' "$tree/vmlinux"
	check "--kernel=DIR boots the tree's vmlinux through PVH" sh -c "'$EB' --dry-run --kernel='$tree' -- true | grep -qx 'boot: *ELF kernel $tree/vmlinux through its PVH entry'"
	got=$("$EB" --accel=tcg --timeout=180 --name="${domain_prefix}tree" --kernel="$tree" -- uname -r </dev/null 2>"$tmp/err")
	check "and it runs (got '$got')" test "$got" = "$version"
	check "and the gdb command loads its symbols" grep -q "gdb -ex 'target remote [^']*' $tree/vmlinux\$" "$tmp/err"
	got=$(eb --kernel="$tree/vmlinux" -- uname -r </dev/null 2>"$tmp/err")
	check "--kernel=VMLINUX boots an ELF kernel with a PVH entry (got '$got')" test "$got" = "$version"
	expect_status 125 "--no-pvh with an ELF vmlinux is refused" "$EB" --dry-run --no-pvh --kernel="$tree/vmlinux" -- true
	touch "$tree/vmlinux"
	check "a vmlinux newer than the bzImage is not booted" sh -c "! '$EB' --dry-run --kernel='$tree' -- true | grep -q 'boot: *ELF kernel $tree/vmlinux'"
else
	for _ in 1 2 3 4 5 6; do not_ok "--dry-run names the extracted ELF kernel of the tree's bzImage"; done
fi
rm -rf "$tree"

# --image: a disk image's own userspace (a minimal tree in an ext4 image).
if command -v mkfs.ext4 >/dev/null; then
	tree=$(guest_tmp)
	mkdir -p "$tree"/{bin,dev,proc,sys,tmp,run,etc,lib,lib64}
	for prog in /bin/sh /bin/cat /bin/echo /bin/uname; do
		cp -L "$prog" "$tree/bin/"
		ldd "$prog" | grep -o '/[^ ]*' | while read -r lib; do
			mkdir -p "$tree$(dirname "$lib")"
			cp -Ln "$lib" "$tree$lib"
		done
	done
	echo image-marker >"$tree/etc/marker"
	truncate -s 64M "$tmp/root.img"
	mkfs.ext4 -q -F -d "$tree" "$tmp/root.img"
	got=$(eb --image="$tmp/root.img" -- sh -c 'cat /etc/marker; uname -r' </dev/null 2>"$tmp/err")
	check "--image boots the image's userspace with this kernel" test "$got" = "$(printf 'image-marker\n%s' "$version")"
	[ -n "$got" ] || diag "$(cat "$tmp/err")"
	eb --image="$tmp/root.img" -- sh -c 'echo changed >/etc/marker' </dev/null >/dev/null 2>&1
	got=$(eb --image="$tmp/root.img" -- cat /etc/marker </dev/null 2>"$tmp/err")
	check "--image is read-only under an overlay" test "$got" = image-marker
	eb --image="$tmp/root.img" --readwrite -- sh -c 'echo changed >/etc/marker' </dev/null >/dev/null 2>&1
	got=$(eb --image="$tmp/root.img" -- cat /etc/marker </dev/null 2>"$tmp/err")
	check "--image --readwrite writes the image" test "$got" = changed
	rm -rf "$tree"
else
	for _ in 1 2 3; do skip "mkfs.ext4 is not installed"; done
fi

# The seed README's command lines, verbatim but for the command run.
expect_status 0 "eudyptula-boot --kernel IMAGE" eb --kernel "$kernel" -- true
expect_status 0 "eudyptula-boot -c nokaslr" eb -c nokaslr -- grep -q nokaslr /proc/cmdline

# --kconfig prints a fragment a kernel developer can merge.
"$EB" --kconfig >"$tmp/fragment"
check "--kconfig prints the needed options" grep -q "^CONFIG_9P_FS=y" "$tmp/fragment"
check "--kconfig includes the gdb helpers" grep -q "^CONFIG_GDB_SCRIPTS=y" "$tmp/fragment"

check "no domain left" no_domain_left
done_testing
