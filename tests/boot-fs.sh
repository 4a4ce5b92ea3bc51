#!/bin/bash
# Boot tests: the root file system (overlay, read-only, read-write, --root) and modules.
. "${EB_SRCDIR:-.}/tests/lib.sh"
require_libvirt

# Overlay: the guest creates, deletes and modifies host files; the host is untouched.
dir=$(guest_tmp)
echo keep >"$dir/delete-me"
echo original >"$dir/modify-me"
mkdir -p "$dir/sentinel-dir/inner" && echo keep >"$dir/sentinel-dir/inner/file"
eb -- sh -c "echo new >'$dir/created' && rm '$dir/delete-me' && echo more >>'$dir/modify-me' &&
	rm -rf '$dir/sentinel-dir' && ! test -e '$dir/sentinel-dir' &&
	cat '$dir/created' '$dir/modify-me' && ! test -e '$dir/delete-me'" >"$tmp/out" 2>"$tmp/err" </dev/null
check "overlay writes work in the guest" test "$(cat "$tmp/out")" = "$(printf 'new\noriginal\nmore')"
check "the host file created in the guest does not exist" test ! -e "$dir/created"
check "the host file deleted in the guest still exists" test "$(cat "$dir/delete-me")" = keep
check "the host file modified in the guest is unchanged" test "$(cat "$dir/modify-me")" = original
check "the host directory removed in the guest is whole" test "$(cat "$dir/sentinel-dir/inner/file")" = keep
expect_status 0 "/tmp, /run, /var/tmp, /var/log are fresh tmpfs" eb -- sh -c \
	'for d in /tmp /run /var/tmp /var/log; do test "$(stat -f -c %T $d)" = tmpfs || exit 1; done'
expect_status 0 "/dev/pts, /dev/shm and /dev/fd exist" eb -- sh -c 'test -d /dev/pts/ && test -d /dev/shm && test -e /dev/fd/0'

# --readonly refuses writes.
expect_status 1 "--readonly refuses writes" eb --readonly -- touch "$dir/ro"
check "with a read-only error" grep -qi "read-only" "$tmp/err"
check "and nothing is written" test ! -e "$dir/ro"

# A minimal chroot: dash, coreutils and their libraries.
root=$(guest_tmp)
mkdir -p "$root"/{bin,dev,proc,sys,tmp,run,etc,lib,lib64,usr/bin}
for prog in /bin/sh /bin/dash /bin/cat /bin/touch /bin/ls /bin/echo; do
	cp -L "$prog" "$root/bin/"
	ldd "$prog" | grep -o '/[^ ]*' | while read -r lib; do
		mkdir -p "$root$(dirname "$lib")"
		cp -Ln "$lib" "$root$lib"
	done
done
echo "chroot-marker" >"$root/etc/marker"

got=$(eb --root "$root" -- cat /etc/marker </dev/null 2>"$tmp/err")
check "--root DIR boots on that tree" test "$got" = chroot-marker
eb --root "$root" -- touch /etc/from-guest </dev/null >/dev/null 2>&1
check "--root without --readwrite keeps DIR untouched" test ! -e "$root/etc/from-guest"
expect_status 0 "--readwrite --root DIR" eb --readwrite --root "$root" -- sh -c 'echo written >/etc/from-guest'
check "--readwrite writes reach DIR" test "$(cat "$root/etc/from-guest" 2>/dev/null)" = written

# modprobe of a module that is not loaded yet.
expect_status 0 "modprobe loads a module in the guest" eb -- sh -c \
	'! grep -q "^dummy " /proc/modules && modprobe dummy && grep -q "^dummy " /proc/modules'

rm -rf "$dir" "$root"
# --virtiofs: the root over virtiofs, still under the overlay; a guest that
# mounts the share again read-write cannot write the host (the daemon's
# mounts are read-only), unless --readwrite --force asked for it.
if [ "$(id -u)" -eq 0 ]; then
	dir=$(guest_tmp)
	token="virtiofs-$RANDOM$RANDOM"
	echo "$token" >"$dir/token"
	eb --virtiofs -- sh -c "cat '$dir/token'; grep -c '^virtiofs ' /proc/modules; echo new >'$dir/created';
		mkdir -p /run/h && mount -t virtiofs eudyptula-root /run/h && mount -o remount,rw /run/h &&
		touch '/run/h$dir/escaped'" >"$tmp/out" 2>"$tmp/err" </dev/null
	check "--virtiofs: the guest reads host files" test "$(sed -n 1p "$tmp/out")" = "$token"
	check "--virtiofs: through the virtiofs driver" test "$(sed -n 2p "$tmp/out")" = 1
	check "--virtiofs: writes stay in the overlay" test ! -e "$dir/created"
	check "--virtiofs: a read-write remount of the share cannot write the host" test ! -e "$dir/escaped"
	check "with a read-only error" grep -q "Read-only file system" "$tmp/err"
	expect_status 0 "--virtiofs --readwrite --force writes the host" eb --virtiofs --readwrite --force -- sh -c "echo rw >'$dir/written'"
	check "and the file is there" test "$(cat "$dir/written" 2>/dev/null)" = rw
	rm -rf "$dir"
else
	for _ in 1 2 3 4 5 6 7; do skip "--virtiofs needs qemu:///system (root)"; done
fi

rmdir "${EB_BUILDDIR:-.}/tests/scratch" 2>/dev/null
check "no domain left" no_domain_left
done_testing
