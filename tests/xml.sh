#!/bin/bash
# The domain XML: valid for libvirt in every combination, escaping intact.
. "${EB_SRCDIR:-.}/tests/lib.sh"

validate() {
	desc=$1; shift
	if ! "$EB" --dump-xml "$@" >"$tmp/domain.xml" 2>"$tmp/err"; then
		not_ok "$desc: --dump-xml failed"
		diag "$(cat "$tmp/err")"
		return
	fi
	if [ -z "$VIRT_XML_VALIDATE" ]; then
		skip "$desc: virt-xml-validate is not installed"
	elif "$VIRT_XML_VALIDATE" "$tmp/domain.xml" domain >"$tmp/validate" 2>&1; then
		ok "$desc: validates"
	else
		not_ok "$desc: validates"
		diag "$(cat "$tmp/validate")"
	fi
}

# The original script's --qemu line names an image in the current directory.
qemu-img create -q -f qcow2 "$tmp/someimage.qcow2" 1M 2>/dev/null || printf 'QFI\373' >"$tmp/someimage.qcow2"
cd "$tmp" || exit 1

validate "defaults"
validate "a command" -- uname -a
validate "every option" -s -v -2 -o -1 -m 1.5G -u --shell --net --extra-gettys=3 \
	-c nokaslr -c "loglevel=7" --qemu="-drive file=someimage.qcow2,media=disk,if=virtio" \
	--name=every-option --accel=tcg --cpus=2 --timeout=30 --udev -- sh -c 'exit 3'
validate "readwrite" -w --force -- true
validate "virtiofs" --connect=qemu:///system --virtiofs -- true
validate "kvm" --accel=kvm -- true
validate "system URI" --connect=qemu:///system -- true
validate "session URI" --connect=qemu:///session -- true
validate "the seed's --qemu line" --qemu="-drive file=someimage.qcow2,media=disk,if=virtio"

# Awkward characters in the command, the root path and -c come out escaped and intact.
root="$tmp/root & <dir> 'q' \"dq\""
mkdir -p "$root"
validate "awkward characters" -r "$root" -c "x='a&b'" -- printf '%s\n' "a b" "<&>" "'\"" ""
xml=$(cat "$tmp/domain.xml")
# Read the values back through an XML parser, not by grepping escapes.
xpath() { xmllint --xpath "$1" "$tmp/domain.xml" 2>/dev/null; }
if command -v xmllint >/dev/null; then
	got=$(xpath "string(//filesystem[target/@dir='eudyptula-root']/source/@dir)")
	if [ "$got" = "$root" ]; then ok "root path intact"; else not_ok "root path intact"; diag "got: $got"; fi
	got=$(xpath "string(/domain/os/cmdline)")
	case $got in *"x='a&b'"*) ok "cmdline intact" ;; *) not_ok "cmdline intact"; diag "got: $got" ;; esac
	got=$(xpath "string(//*[local-name()='command']/*[local-name()='arg'][4])")
	if [ "$got" = "<&>" ]; then ok "command argument intact in metadata"; else not_ok "command argument intact in metadata"; diag "got: $got"; fi
	got=$(xpath "count(//*[local-name()='command']/*[local-name()='arg'])")
	if [ "$got" = 6 ]; then ok "empty argument kept"; else not_ok "empty argument kept"; diag "got: $got"; fi
	got=$(xpath "string(/domain/title)")
	case $got in "eudyptula-boot: "*": printf %s\\n a b <&> '\" ") ok "title" ;; *) not_ok "title"; diag "got: $got" ;; esac
else
	skip "xmllint is not installed"
fi
case $xml in *"<&>"*) not_ok "no raw markup characters" ;; *) ok "no raw markup characters" ;; esac

# Names are unique and safe.
a=$("$EB" --dump-xml | xmllint --xpath 'string(/domain/name)' -)
b=$("$EB" --dump-xml | xmllint --xpath 'string(/domain/name)' -)
if [ "$a" != "$b" ]; then ok "names are unique ($a, $b)"; else not_ok "names are unique"; fi
case $a in eudyptula-*[!a-zA-Z0-9_-]*) not_ok "name has safe characters: $a" ;; eudyptula-*) ok "name has safe characters" ;; *) not_ok "name prefix: $a" ;; esac

# Owned nodes are set, template nodes are kept.
cat >"$tmp/template.xml" <<'XML'
<domain type='qemu'>
  <name>mine</name>
  <memory unit='KiB'>1</memory>
  <currentMemory unit='KiB'>1</currentMemory>
  <vcpu>9</vcpu>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices><serial type='null'/><watchdog model='i6300esb' action='reset'/></devices>
</domain>
XML
validate "a user template" --template="$tmp/template.xml" -m 768 --cpus=2 -- true
check "template machine kept" grep -q "machine=\"q35\"" "$tmp/domain.xml"
check "template device kept" grep -q "<watchdog" "$tmp/domain.xml"
check "memory set" grep -q "<memory unit=\"MiB\">768</memory>" "$tmp/domain.xml"
check "currentMemory dropped" sh -c "! grep -q currentMemory '$tmp/domain.xml'"
check "vcpus set" grep -q "<vcpu>2</vcpu>" "$tmp/domain.xml"
check "template serial replaced" sh -c "! grep -q \"type=.null.\" '$tmp/domain.xml'"
check "balloon off" grep -q "<memballoon model=\"none\"/>" "$tmp/domain.xml"
check "virtio rng" grep -q "<rng model=\"virtio\">" "$tmp/domain.xml"
check "9P root read-only with multidevs=remap" sh -c "xmllint --xpath '//filesystem[@multidevs=\"remap\"]/readonly' '$tmp/domain.xml' >/dev/null 2>&1"
check "gdb stub through qemu:commandline" grep -q "value=\"-gdb\"" "$tmp/domain.xml"
check "panic=5 on the kernel line" grep -q "panic=5 " "$tmp/domain.xml"
check "on_reboot destroy" grep -q "<on_reboot>destroy</on_reboot>" "$tmp/domain.xml"
for ch in stdin stdout stderr control; do
	check "channel $ch" grep -q "name=\"org.eudyptula-boot.$ch\"" "$tmp/domain.xml"
done
"$EB" --dump-xml --accel=kvm -- true >"$tmp/kvm.xml"
check "--accel=kvm gives type kvm" test "$(xmllint --xpath 'string(/domain/@type)' "$tmp/kvm.xml")" = kvm
"$EB" --dump-xml --accel=tcg -- true >"$tmp/tcg.xml"
check "--accel=tcg gives type qemu" test "$(xmllint --xpath 'string(/domain/@type)' "$tmp/tcg.xml")" = qemu
"$EB" --dump-xml --net --extra-gettys=2 -- true >"$tmp/net.xml"
check "--net adds a user interface" grep -q "<interface type=\"user\">" "$tmp/net.xml"
check "--extra-gettys=2 adds consoles" test "$(grep -c '<target type="virtio"/>' "$tmp/net.xml")" -eq 3

done_testing
