#!/bin/bash
# The command line: refusals are one line on stderr with exit 125.
. "${EB_SRCDIR:-.}/tests/lib.sh"

# refuse DESCRIPTION PATTERN ARGS...: exit 125, one stderr line matching PATTERN,
# nothing on stdout; a refusal that hangs ends after a minute (timeout's 124).
refuse() {
	desc=$1 pattern=$2; shift 2
	expect_status 125 "refuses $desc" timeout 60 "$EB" --dump-xml "$@"
	lines=$(wc -l <"$tmp/err")
	if [ "$lines" -eq 1 ] && grep -q -- "$pattern" "$tmp/err" && [ ! -s "$tmp/out" ]; then
		ok "$desc: one clear line"
	else
		not_ok "$desc: one clear line"
		diag "stderr ($lines lines): $(cat "$tmp/err")"
	fi
}

refuse "an unknown long option" "unknown option '--bogus'" --bogus
refuse "an unknown short option" "unknown option '-x'" -x
refuse "a missing argument" "needs an argument" --mem
refuse "a missing short argument" "needs an argument" -k
refuse "--readwrite with --readonly" "contradict" -w -o
refuse "an --env that is not NAME=VALUE" "--env: '1X=y' is not NAME=VALUE" --env=1X=y
refuse "--readwrite on / without --force" "add --force" --readwrite
refuse "--virtiofs on a session URI" "needs qemu:///system" --connect=qemu:///session --virtiofs
refuse "--virtiofs with --init" "drop it with --image and --init" --virtiofs --init=/bin/true
refuse "memory 0" "too small" -m 0
refuse "memory -1" "invalid memory size '-1'" -m -1
refuse "memory 12Q" "invalid memory size '12Q'" --mem=12Q
refuse "memory 99999999G" "too large" --mem 99999999G
refuse "cpus 0" "not a number between 1" --cpus 0
refuse "cpus beyond 4 per host CPU" "4 per host CPU" --cpus 100000
refuse "an unknown accelerator" "use auto, kvm or tcg" --accel=xen
refuse "a name with a slash" "invalid --name" --name=a/b
refuse "the name ." "invalid --name '\.': '.' and '..' are directories" --name=.
refuse "the name .." "invalid --name '\.\.': '.' and '..' are directories" --name=..
refuse "--status of .." "invalid --name '\.\.'" --status=..
long_runtime="$tmp/$(printf 'r%.0s' $(seq 40))"
mkdir -m 700 "$long_runtime"
XDG_RUNTIME_DIR=$long_runtime refuse "a name too long for its run directory's sockets" "too long for the sockets in it.*shorter --name" \
	--name="$(printf 'n%.0s' $(seq 64))"
refuse "timeout 0" "not a number between 1" --timeout=0
refuse "extra gettys beyond 7 (hvc1..hvc7)" "not a number between 0 and 7" --extra-gettys=8
refuse "an unterminated quote in --qemu" "unterminated" "--qemu=-drive 'file=x"
refuse "a template that is not XML" "not well-formed XML" --template=/etc/hostname
printf '<network><name>x</name></network>\n' >"$tmp/network.xml"
refuse "a template that is not a domain" "not a libvirt domain document" --template="$tmp/network.xml"
refuse "a template that does not exist" "cannot read template" --template="$tmp/nothing.xml"
cat >"$tmp/xxe.xml" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE domain [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<domain type="qemu"><description>&secret;</description></domain>
XML
refuse "a template declaring an external entity" "may not declare entities" --template="$tmp/xxe.xml"
check "and nothing of the entity's file is printed" sh -c "! grep -q 'root:' '$tmp/out' '$tmp/err'"
printf '<!DOCTYPE domain [ <!ENTITY e "x"> ]>\n<domain type="qemu"/>\n' >"$tmp/entity.xml"
refuse "a template declaring an internal entity" "may not declare entities" --template="$tmp/entity.xml"
mkdir -p "$tmp/loop" && ln -sf loop-b "$tmp/loop/loop-a" && ln -sf loop-a "$tmp/loop/loop-b"
refuse "a kernel that is a symlink loop" "loop-a" --kernel="$tmp/loop/loop-a"
refuse "a template that is a symlink loop" "loop-a" --template="$tmp/loop/loop-a"
refuse "a kernel path with a newline" "new.x0aline does not exist" --kernel="$tmp/new
line"
refuse "a kernel command line too long" "more than the" -c "$(head -c 3000 /dev/zero | tr '\0' x)"
refuse "a kernel that does not exist" "$tmp/none" --kernel="$tmp/none"
: >"$tmp/empty"
refuse "an empty kernel file" "$tmp/empty" --kernel="$tmp/empty"
refuse "/bin/ls as a kernel" "/bin/ls" --kernel=/bin/ls
refuse "a directory that is not a build tree" "$tmp" --kernel="$tmp"

# Named pipes are refused, not opened: open() would wait for a writer forever.
mkfifo "$tmp/fifo"
refuse "a kernel that is a named pipe" "$tmp/fifo is a named pipe (FIFO)" --kernel="$tmp/fifo"
refuse "a template that is a named pipe" "template $tmp/fifo is not a file" --template="$tmp/fifo"
refuse "a disk that is a named pipe" "$tmp/fifo is not an image file" --disk="$tmp/fifo"
kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
if [ -n "$kernel" ]; then
	version=${kernel#/boot/vmlinuz-}
	mkdir -p "$tmp/k/lib/modules/$version" "$tmp/tree/arch/x86/boot"
	cp "$kernel" "$tmp/k/" && cp "$kernel" "$tmp/tree/arch/x86/boot/bzImage"
	mkfifo "$tmp/k/config-$version" "$tmp/tree/vmlinux"
	cp "/boot/config-$version" "$tmp/tree/.config" 2>/dev/null || echo CONFIG_PVH=y >"$tmp/tree/.config"
	expect_status 0 "a configuration that is a named pipe is passed over (--dump-xml)" \
		timeout 60 "$EB" --dump-xml -k "$tmp/k/vmlinuz-$version"
	expect_status 0 "a build tree whose vmlinux is a named pipe boots its image (--dump-xml)" \
		timeout 60 "$EB" --dump-xml -k "$tmp/tree"
	rm "$tmp/k/config-$version" && cp "$tmp/tree/.config" "$tmp/k/config-$version"
	mkfifo "$tmp/k/lib/modules/$version/modules.dep.bin"
	expect_status 125 "refuses a modules index that is a named pipe (--dry-run)" \
		timeout 60 "$EB" --dry-run -k "$tmp/k/vmlinuz-$version"
	check "and names it" grep -q "modules.dep.bin is a named pipe (FIFO)" "$tmp/err"
else
	for _ in 1 2 3 4 5; do skip "no kernel in /boot"; done
fi

expect_status 0 "--help" "$EB" --help
check "--help lists --dump-xml" grep -q -- "--dump-xml" "$tmp/out"
expect_status 0 "-h" "$EB" -h
expect_status 0 "--version" "$EB" --version
check "--version prints the version" grep -q "^eudyptula-boot [0-9]" "$tmp/out"

# The seed's options are accepted, short and long.
for opts in "-s" "--silent" "-v" "--verbose" "-2" "--ttyS2" "-o" "--readonly" "-1" "--pid1" \
	"-m 512M" "--mem=2G" "-m 1.5G" "-m 2048" "-u" "--user" "--shell" "--net" "--force" \
	"--extra-gettys=2" "-c nokaslr" "--cmdline=nokaslr" "-r /" "--root=/" "-w --force" \
	"--readwrite --force" "--qemu=-no-hpet" "--connect=qemu:///system" "--name=test-1" \
	"--accel=tcg" "--cpus=2" "--timeout=5" "--udev"; do
	# shellcheck disable=SC2086
	expect_status 0 "accepts $opts" "$EB" --dump-xml $opts -- true
done

# --shell without a terminal: the shell after the command would wait for
# input that never comes; refused before anything starts.
expect_status 125 "--shell with stdin not a terminal" "$EB" -s --accel=tcg --shell -- true
check "names --shell and the terminal, on one line" test "$(wc -l <"$tmp/err")" -eq 1 -a -n "$(grep -- "--shell.*stdin is not a terminal" "$tmp/err")"

# -k takes an image file; the newest /boot image serves as a real one.
kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
if [ -n "$kernel" ]; then
	expect_status 0 "-k IMAGE" "$EB" --dump-xml -k "$kernel"
	expect_status 0 "--kernel=IMAGE" "$EB" --dump-xml --kernel="$kernel"
else
	skip "no kernel in /boot"
	skip "no kernel in /boot"
fi

done_testing
