#!/bin/bash
# Boot tests: faults the tool must survive and clean up after.
. "${EB_SRCDIR:-.}/tests/lib.sh"
require_libvirt

# A private cache for this file, so that damaging it harms no other test.
export XDG_CACHE_HOME="$tmp/cache"
cache="$XDG_CACHE_HOME/eudyptula-boot"

# A truncated cached initramfs is noticed and rebuilt.
expect_status 0 "a first run fills the cache" eb -- true
base=$(ls "$cache"/initramfs-*.cpio 2>/dev/null | head -n 1)
truncate -s 100000 "$base"
expect_status 0 "a run with a truncated cached initramfs succeeds" eb -- true
check "and the cached initramfs is whole again" sh -c "tail -c 1024 '$base' | grep -aq 'TRAILER!!!'"

# A cache others may write is not used: what it holds becomes the guest's init.
chmod 777 "$cache"
rm -f "$cache"/*
# Not silent: the warning is the point.
"$EB" --accel=tcg --timeout=180 --name="${domain_prefix}open" -- sh -c 'echo ran' >"$tmp/out" 2>"$tmp/err" </dev/null
check "a cache writable by others: the run still works" grep -qx ran "$tmp/out"
check "and says why the cache is not used" grep -q "not private to you" "$tmp/err"
check "and puts nothing there" sh -c "! ls '$cache' | grep -q ."
chmod 755 "$cache"

# A read-only cache: the initramfs is built for the run only.
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
	out=$(unshare -m sh -c 'mount --bind -o ro "$1" "$1" && exec "$2" --accel=tcg --timeout=180 -- sh -c "echo ran"' \
		sh "$cache" "$EB" 2>"$tmp/err" </dev/null)
	check "a read-only cache: the run still works ($out)" test "$out" = ran
	check "and says the initramfs is built for this run only" grep -q "building it for this run only" "$tmp/err"
	# A full cache: writing the archive fails with ENOSPC, the run goes on, no partial file stays.
	out=$(unshare -m sh -c 'mount -t tmpfs -o size=256k,mode=0700 tmpfs "$1" && "$2" --accel=tcg --timeout=180 -- sh -c "echo ran" &&
		ls -A "$1"' sh "$cache" "$EB" 2>"$tmp/err" </dev/null)
	check "a full cache: the run still works, no partial file stays ($out)" test "$out" = ran
	check "and says the initramfs is built for this run only" grep -q "No space left on device.*building it for this run only" "$tmp/err"
else
	for _ in 1 2 3 4; do skip "the read-only and full cache tests need root"; done
fi

# kill -9 of the tool: the child doing the run (jobctl.h) closes the
# streams, destroys the domain and removes the run directory.
name="${domain_prefix}kill9"
"$EB" -s --accel=tcg --timeout=180 --name="$name" -- sleep 60 >/dev/null 2>&1 </dev/null &
pid=$!
wait_running "$name"
worker=$(pgrep -P "$pid" -x eudyptula-boot | head -n 1)
kill -9 "$pid"
wait "$pid" 2>/dev/null
check "kill -9 of the tool: the domain goes away" no_domain_left "$name"
for _ in $(seq 100); do [ -n "$worker" ] && kill -0 "$worker" 2>/dev/null || break; sleep 0.2; done
check "its worker ends, and removes the run directory" test ! -e "$(run_dir_of "$name")"

# kill -9 of the tool and its worker: libvirt's autodestroy removes the
# domain, and the next run the run directory. This run and the next have
# an XDG_RUNTIME_DIR of their own, where the next also finds a directory
# of the user's that merely looks like a killed run's (private, a dead PID
# in owner.pid, no control.log): the tool did not make it. (Other programs
# on the machine do not look there.)
xdg="$tmp/xdg"
mkdir -m 700 "$xdg"
name="${domain_prefix}kill9both"
killed_dir=$(XDG_RUNTIME_DIR="$xdg" run_dir_of "$name")
XDG_RUNTIME_DIR="$xdg" "$EB" -s --accel=tcg --timeout=180 --name="$name" -- sleep 60 >/dev/null 2>&1 </dev/null &
pid=$!
wait_running "$name"
worker=$(pgrep -P "$pid" -x eudyptula-boot | head -n 1)
kill -9 "$pid" $worker
wait "$pid" 2>/dev/null
for _ in $(seq 100); do [ -n "$worker" ] && kill -0 "$worker" 2>/dev/null || break; sleep 0.2; done
check "kill -9 of the tool and its worker: the domain goes away" no_domain_left "$name"
check "its run directory is left behind" test -d "$killed_dir"
victim="$xdg/${domain_prefix}victim"
mkdir -m 700 "$victim" && sh -c 'echo $$' >"$victim/owner.pid" && echo important >"$victim/data.txt"
XDG_RUNTIME_DIR="$xdg" expect_status 0 "the next run" eb -- true
check "removes it" test ! -e "$killed_dir"
check "and leaves the user's look-alike directory alone" grep -qx important "$victim/data.txt"
rm -rf "$victim"

# A command that leaves its stdin unread for longer than libvirtd's
# keepalive (30 s) while the host has plenty: the tool keeps only a few
# packets queued in libvirtd, which goes on reading it, and the run goes on.
got=$(yes 0123456789abcdef | eb -- sh -c 'sleep 40; head -c 1000000 | wc -c' 2>"$tmp/err")
status=$?
check "stdin left unread for 40 s: the run goes on (status $status, $got bytes read then)" test "$status" -eq 0 -a "$got" = 1000000 ||
	diag "$(head -c 1000 "$tmp/err")"

# A command that closes its stdout early still gets its stderr and status through.
eb -- sh -c 'echo early; exec >&-; sleep 1; echo late >&2; exit 4' >"$tmp/out" 2>"$tmp/err" </dev/null
got=$?
check "stdout closed early: the status comes back ($got)" test "$got" -eq 4
check "with what was written before" grep -qx early "$tmp/out"
check "and the stderr after" grep -qx late "$tmp/err"

# The guest's /tmp fills up: the command sees ENOSPC and its status comes back.
eb -m 256M -- sh -c 'cat /dev/zero >/tmp/fill; echo "status $?"; exit 3' >"$tmp/out" 2>"$tmp/err" </dev/null
got=$?
check "a full /tmp: the command's status comes back ($got)" test "$got" -eq 3
check "and the command saw ENOSPC" grep -q "No space left on device" "$tmp/err"

# The guest runs out of memory: the OOM killer's SIGKILL is the status, 137.
eb -m 256M -- python3 -c 'chunks = []
while True:
    chunks.append(bytearray(1 << 24))' >"$tmp/out" 2>"$tmp/err" </dev/null
got=$?
check "out of memory in the guest: status 137 (got $got)" test "$got" -eq 137

# SIGTERM while the guest boots: no domain, no run directory, 143.
name="${domain_prefix}early"
"$EB" -s --accel=tcg --timeout=180 --name="$name" -- sleep 60 >/dev/null 2>&1 </dev/null &
pid=$!
wait_running "$name"
kill -TERM "$pid"
wait "$pid"
got=$?
check "SIGTERM while booting gives 143 (got $got)" test "$got" -eq 143
check "and leaves no domain" no_domain_left "$name"
check "and no run directory" test ! -e "$(run_dir_of "$name")"

# A signal while the run prepares (its run directory exists, the initramfs
# is being built into an empty cache): the status says which, nothing stays.
for sig in INT TERM HUP; do
	name="${domain_prefix}prep-$sig"
	cache=$(mktemp -d "$tmp/cache.XXXXXX")
	XDG_CACHE_HOME="$cache" "$EB" -s --accel=tcg --name="$name" -- true </dev/null >/dev/null 2>"$tmp/err" &
	pid=$!
	for _ in $(seq 2000); do
		[ -e "$(run_dir_of "$name")" ] && break
		sleep 0.005
	done
	kill -"$sig" "$pid"
	wait "$pid"
	got=$?
	want=$((128 + $(kill -l "$sig")))
	check "SIG$sig while preparing gives $want (got $got)" test "$got" -eq "$want"
	check "and leaves no run directory, no domain" sh -c "test ! -e '$(run_dir_of "$name")' && ! virsh -q list --all --name | grep -qx '$name'"
	check "and no partial cache file" sh -c "! find '$cache' -type f -name '*.??????' | grep -q ."
done

# A signal while the ELF kernel is being extracted into the cache: the
# extraction stops, its temporary file goes.
name="${domain_prefix}extract"
cache=$(mktemp -d "$tmp/cache.XXXXXX")
XDG_CACHE_HOME="$cache" "$EB" -s --accel=tcg --name="$name" -- true </dev/null >/dev/null 2>"$tmp/err" &
pid=$!
for _ in $(seq 2000); do
	find "$cache" -name 'vmlinux-*.??????' 2>/dev/null | grep -q . && break
	sleep 0.005
done
kill -INT "$pid"
wait "$pid"
got=$?
check "SIGINT while extracting the kernel gives 130 (got $got)" test "$got" -eq 130
check "and leaves no partial kernel, no run directory" sh -c "! find '$cache' -type f -name 'vmlinux-*' | grep -q . && test ! -e '$(run_dir_of "$name")'"

check "no domain left" no_domain_left
done_testing
