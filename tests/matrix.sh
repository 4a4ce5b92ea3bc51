#!/bin/bash
# Matrix files without booting: --matrix-list, the names after the options,
# and each kind of bad file refused before anything starts, with its line.
. "${EB_SRCDIR:-.}/tests/lib.sh"

kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
[ -n "$kernel" ] || { echo "1..0 # SKIP no kernel image in /boot"; exit 0; }
TMPDIR=$tmp/t
mkdir -p "$TMPDIR"
export TMPDIR

cat >"$tmp/m.ini" <<INI
# two kernels, two commands, two hosts
[kernel a]
image=$kernel
mem=512M

[kernel b]
image=$kernel
cpus=2

[command ok]
argv=sh;-c;echo ok\\; echo two words
timeout=60
env=FOO=bar;EMPTY=

[command fails]
argv=false

[host one]
uri=qemu:///system
jobs=2

[host two]
uri=qemu+tcp://127.0.0.1:1/system
INI
"$EB" --matrix="$tmp/m.ini" --matrix-list >"$tmp/list" 2>"$tmp/err"
check "--matrix-list exits 0" test $? -eq 0
check "it lists kernels x commands x hosts: 8 targets" test "$(wc -l <"$tmp/list")" -eq 8
check "named KERNEL/COMMAND/HOST" grep -q "^b/fails/two	" "$tmp/list"
check "a list item keeps its escaped ';'" grep -q "argv=sh -c 'echo ok; echo two words'$" "$tmp/list" || diag "$(head -2 "$tmp/list")"
"$EB" --matrix="$tmp/m.ini" --matrix-list a ok >"$tmp/list" 2>"$tmp/err"
check "names pick targets: those of kernel a and command ok (6)" test "$(wc -l <"$tmp/list")" -eq 6
"$EB" --matrix="$tmp/m.ini" --matrix-list b/fails/two >"$tmp/list" 2>"$tmp/err"
check "a target's own name picks it alone" test "$(cut -f1 "$tmp/list")" = b/fails/two
expect_status 125 "a name that is none is refused" "$EB" --matrix="$tmp/m.ini" --matrix-list nosuch
check "naming it" grep -q "no target, kernel, command or host named nosuch" "$tmp/err"
printf '[matrix]\nkernels=b\ncommands=ok\nhosts=one\n' >>"$tmp/m.ini"
"$EB" --matrix="$tmp/m.ini" --matrix-list >"$tmp/list" 2>"$tmp/err"
check "[matrix] picks the combinations" test "$(cut -f1 "$tmp/list")" = b/ok/one

# bad LINE DESCRIPTION MESSAGE: the file $tmp/bad.ini is refused, its line named.
bad() {
	expect_status 125 "$2 is refused" "$EB" --matrix="$tmp/bad.ini" --results="$tmp/results"
	check "on one line naming line $1 ($(head -c 200 "$tmp/err"))" \
		test "$(wc -l <"$tmp/err")" -eq 1 -a "$(grep -c "^eudyptula-boot: $tmp/bad.ini:$1: .*$3" "$tmp/err")" -eq 1
}
head_ok="[kernel k]
image=$kernel
[command c]
argv=true"
printf '%s\nfoo=1\n' "$head_ok" >"$tmp/bad.ini"
bad 5 "an unknown key" "unknown key foo in \[command c\]: its keys are argv, timeout"
printf '%s\n[kernel gone]\nimage=/boot/no-such-kernel\n' "$head_ok" >"$tmp/bad.ini"
bad 6 "a kernel that does not exist" "image=/boot/no-such-kernel: No such file or directory"
printf '%s\n[kernel t]\ntree=%s\n' "$head_ok" "$tmp" >"$tmp/bad.ini"
bad 6 "a tree that is not a kernel tree" "is not a kernel source tree"
printf '%s\n[host h]\nuri=not a uri\n' "$head_ok" >"$tmp/bad.ini"
bad 6 "a URI that does not parse" "uri=not a uri does not parse as a libvirt URI"
printf '%s\n[command k]\nargv=true\n' "$head_ok" >"$tmp/bad.ini"
bad 5 "a name used twice" "the name k is taken already"
printf '%s\n[command c]\nargv=false\n' "$head_ok" >"$tmp/bad.ini"
bad 5 "a group given twice" "\[command c\] again (first at line 3)"
printf '%s\nargv=false\n' "$head_ok" >"$tmp/bad.ini"
bad 5 "a key given twice" "argv given twice in \[command c\] (first at line 4)"
printf '%s\n[matrix]\nkernels=k;other\n' "$head_ok" >"$tmp/bad.ini"
bad 6 "a [matrix] name the file lacks" "kernels=: no \[kernel other\] in the file"
printf '%s\n[matrix]\ncommands=\n' "$head_ok" >"$tmp/bad.ini"
bad 6 "an empty list" "commands= is empty"
printf '%s\n[kernel x]\n' "$head_ok" >"$tmp/bad.ini"
bad 5 "a kernel without image= or tree=" "needs one of image=FILE"
printf '%s\n[disk d]\n' "$head_ok" >"$tmp/bad.ini"
bad 5 "an unknown group" "unknown group \[disk d\]"
printf '%s\ntimeout=0\n' "$head_ok" >"$tmp/bad.ini"
bad 5 "a timeout of 0" "timeout=0"
printf '%s\nfail-on=warn,nosuch\n' "$head_ok" >"$tmp/bad.ini"
bad 5 "a splat class that is none" "no splat class 'nosuch'"
printf '%s\nenv=1X=2\n' "$head_ok" >"$tmp/bad.ini"
bad 5 "an env= item that is not NAME=VALUE" "'1X=2' is not NAME=VALUE"
printf '%s\njust words\n' "$head_ok" >"$tmp/bad.ini"
bad 5 "a line that is no key, group or comment" "not a KEY=VALUE line"
printf '[kernel k]\nimage=%s\n' "$kernel" >"$tmp/bad.ini"
expect_status 125 "a matrix without a command is refused" "$EB" --matrix="$tmp/bad.ini"
check "as empty" grep -q "the matrix is empty: give at least one \[kernel NAME\] and one \[command NAME\]" "$tmp/err"
expect_status 125 "a file that is not there is refused" "$EB" --matrix="$tmp/none.ini"
check "naming it" grep -q "$tmp/none.ini: cannot open the matrix file" "$tmp/err"
check "bad files left nothing behind (no results directory, no temporary files)" \
	test ! -e "$tmp/results" -a -z "$(ls -A "$TMPDIR")"

# The results directory is never written over.
mkdir -p "$tmp/full" && touch "$tmp/full/keep"
expect_status 125 "--results naming a directory with files is refused" "$EB" --matrix="$tmp/m.ini" --results="$tmp/full"
check "saying why" grep -q "is not empty: give a new or an empty directory" "$tmp/err"
check "its files untouched" test "$(ls -A "$tmp/full")" = keep
expect_status 125 "--results without --matrix is refused" "$EB" --results="$tmp/r" -- true
expect_status 125 "--matrix with a run's own options is refused" "$EB" --matrix="$tmp/m.ini" --kernel="$kernel"
check "saying they come from the file" grep -q "takes the kernels, commands and hosts from the file" "$tmp/err"
done_testing
