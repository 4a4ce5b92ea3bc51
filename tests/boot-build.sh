#!/bin/bash
# --build and --bisect on Debian's linux-source tree, kept between runs
# (EB_KERNEL_TREE, else tests/kernel-tree in the build directory) and
# built with O= into a directory kept beside it (EB_KERNEL_BUILD, else
# tests/kernel-build), with ccache when it is there: the tool's starting
# config, a no-change rebuild, one touched file, the staged modules, the
# verdict on a build-tree kernel, a read-only tree, and a real git bisect
# run; the builds run under nice, beside the other tests.
. "${EB_SRCDIR:-.}/tests/lib.sh"
require_libvirt

source_tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)
for need in flex bison bc git; do command -v "$need" >/dev/null || missing="$missing $need"; done
if [ -z "$source_tarball" ] || [ -n "${missing:-}" ] || [ ! -e /usr/include/libelf.h ]; then
	echo "1..0 # SKIP needs linux-source-*, libelf-dev and${missing:- flex, bison, bc, git}"
	exit 0
fi
srcdir=$(cd "${EB_SRCDIR:-.}" && pwd)
builddir=$(cd "${EB_BUILDDIR:-.}" && pwd)
top=$(basename "$source_tarball" .tar.xz)
tree=${EB_KERNEL_TREE:-$builddir/tests/kernel-tree/$top}
build=${EB_KERNEL_BUILD:-$builddir/tests/kernel-build}
if [ ! -f "$tree/Makefile" ]; then
	mkdir -p "$(dirname "$tree")"
	tar -C "$(dirname "$tree")" -xf "$source_tarball"
fi
[ -d /usr/lib/ccache ] && export PATH=/usr/lib/ccache:$PATH
unset KBUILD_OUTPUT
export O=$build
# ebb ARGS...: the tool building the tree into O, progress shown (not -s).
ebb() { nice -n 10 "$EB" --accel=tcg --timeout=300 --name="$domain_prefix$BASHPID-$RANDOM" --build --kernel="$tree" "$@"; }
built_log() { sed -n 's/.*(log: \(.*\))$/\1/p' "$tmp/err" | tail -n 1; }

# The first build (from the starting config, or the kept tree's own).
start=$(date +%s)
got=$(ebb -- sh -c 'uname -r; modprobe configs && zcat /proc/config.gz | grep -c "^CONFIG_PVH=y"' </dev/null 2>"$tmp/err")
status=$? took=$(($(date +%s) - start))
diag "first build and boot: ${took} s"
check "--build builds the tree and boots it (exit $status)" test "$status" -eq 0 || diag "$(tail -20 "$tmp/err")"
version=$(sed -n 1p <<<"$got")
check "the guest runs the tree's kernel ($version)" test -n "$version" -a "$version" = "$(cat "$build/include/config/kernel.release" 2>/dev/null)"
check "the build went to O= ($build), the tree stays clean" test -f "$build/vmlinux" -a ! -e "$tree/.config" -a ! -e "$tree/vmlinux"
check "a module of it, staged in the cache, loads with modprobe in the guest" test "$(sed -n 2p <<<"$got")" = 1
check "the build has the tool's starting config, with CONFIG_PVH" grep -qx "CONFIG_PVH=y" "$build/.config"
check "make's output went to a log" test -s "$(built_log)"
check "the modules are not in the tree's lib/modules nor in /lib/modules" \
	test ! -e "$tree/lib/modules" -a ! -e "/lib/modules/$version"

# No change: nothing is rebuilt, in seconds.
start=$(date +%s)
ebb -- true </dev/null 2>"$tmp/err"
status=$? took=$(($(date +%s) - start))
check "a second --build with no change exits 0 (exit $status)" test "$status" -eq 0
check "and compiles nothing (${took} s)" sh -c "! grep -q '^  CC ' '$(built_log)'"
diag "no-change rebuild and boot: ${took} s"

# One touched file: only it is compiled.
touch "$tree/fs/proc/version.c"
ebb -- true </dev/null 2>"$tmp/err"
# Besides it: the version stamp and the bzImage's wrapper, after every link.
compiled=$(grep '^  CC ' "$(built_log)" | awk '{print $2}' | grep -v '^init/version\|^arch/x86/boot/' | sort -u | tr '\n' ' ')
check "after touching one .c file, only that is compiled ($compiled)" test "$compiled" = "fs/proc/version.o "

# The verdict on a build-tree kernel: the test module built against it WARNs.
mod=$(guest_tmp)
cp "$srcdir/tests/module/eb_splat.c" "$srcdir/tests/module/Kbuild" "$mod/"
make -s -C "$tree" O="$build" M="$mod" modules >"$tmp/mod.log" 2>&1
check "the test module builds against the tree" test -f "$mod/eb_splat.ko" || diag "$(tail "$tmp/mod.log")"
"$EB" -s --accel=tcg --timeout=300 --kernel="$build" --fail-on=warn --report="$tmp/tree.json" -v -- \
	insmod "$mod/eb_splat.ko" action=warn </dev/null >/dev/null 2>"$tmp/err"
check "a WARN on the tree's kernel fails --fail-on=warn (exit $?)" test $? -eq 123
check "it is named" grep -q "^\[⚡\] kernel warn: WARNING at .*eb_splat.c" "$tmp/err"
check "its kernel frames are symbolized from the tree's vmlinux" \
	jq_true '.splats[0].symbolized | test("do_one_initcall.*[a-z]+\\.c:[0-9]+")' "$tmp/tree.json" ||
	diag "$(jq -r '.splats[0].symbolized' "$tmp/tree.json" | head -30)"
rm -rf "$mod"

# A splat before the snapshot point (a WARN in an initcall) is kept with the
# snapshot: the run that takes it, a run restored from it and one claiming a
# spare restored from it all report it.  A cache of their own; another
# test's --end-spares may end the spare first: then it is made again.
file=$tree/fs/proc/version.c
cp "$file" "$tmp/version.c"
sed -i '/^static int __init proc_version_init/{n;s/^{$/{\n\tWARN(1, "eb_boot_splat");/}' "$file"
check "a WARN goes into an initcall" grep -q 'WARN(1, "eb_boot_splat")' "$file"
warm_cache=$tmp/warm-cache
mkdir -p "$warm_cache"
# boot_splat NAME ARGS...: a run of the WARNing kernel; its stderr, report, path.
boot_splat() {
	local name=$1
	shift
	XDG_CACHE_HOME=$warm_cache nice -n 10 "$EB" --accel=tcg --timeout=300 --fail-on=warn --timings \
		--report="$tmp/$name.json" "$@" -- true </dev/null >/dev/null 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.status"
	sed -n 's/.*; machine: //p' "$tmp/$name.err" >"$tmp/$name.machine"
}
# reports_boot_splat NAME: the run failed on the WARN, at boot, and says so.
reports_boot_splat() {
	test "$(cat "$tmp/$1.status")" -eq 123 &&
		grep -q "^\[⚡\] kernel warn at boot: WARNING at fs/proc/version.c:[0-9]* proc_version_init" "$tmp/$1.err" &&
		test "$(jq -r '[.verdict, ([.splats[] | select(.class == "warn" and .when == "boot")] | length)] | @tsv' \
			"$tmp/$1.json")" = "fail	1"
}
boot_splat taken --build --kernel="$tree" --name="$domain_prefix$$-splat"
check "the run that takes the snapshot ($(cat "$tmp/taken.machine"))" grep -q "^cold, snapshot taken" "$tmp/taken.machine" ||
	diag "$(tail -5 "$tmp/taken.err")"
check "reports the WARN at boot (exit $(cat "$tmp/taken.status"))" reports_boot_splat taken || diag "$(grep '⚡' "$tmp/taken.err")"
boot_splat restored --kernel="$build" --name="$domain_prefix$$-splat"
check "a run restored from it ($(cat "$tmp/restored.machine"))" grep -q "^snapshot" "$tmp/restored.machine"
check "reports it too (exit $(cat "$tmp/restored.status"))" reports_boot_splat restored ||
	diag "$(grep '⚡' "$tmp/restored.err")"
for _ in 1 2 3; do
	boot_splat leaves --kernel="$build" --warm=spare --spare-idle=120
	for _ in $(seq 300); do
		XDG_CACHE_HOME=$warm_cache "$EB" --list 2>/dev/null | grep -q "$version: warm spare, ready" && break
		sleep 0.2
	done
	boot_splat claims --kernel="$build" --warm=spare --spare-idle=120
	grep -q "^spare" "$tmp/claims.machine" && break
done
check "a run claiming a spare restored from it ($(cat "$tmp/claims.machine"))" grep -q "^spare" "$tmp/claims.machine"
check "reports it too (exit $(cat "$tmp/claims.status"))" reports_boot_splat claims || diag "$(grep '⚡' "$tmp/claims.err")"
# The spare that run left, by name (another test's may be waiting too).
for spare in $("$EB" --list 2>/dev/null | awk -v v="$version" '$0 ~ v ": warm spare" { print $1 }'); do
	virsh -q destroy "$spare" >/dev/null 2>&1 && rm -rf "$(run_dir_of "$spare")"
done
cp "$tmp/version.c" "$file"

# A real bisection: the tree as one commit, then a harmless one, two that
# do not build, one that fixes the build and the one that adds a WARN_ON
# on the path of `cat /proc/version`.  git bisect run names exactly that
# one, skipping the commits that do not build.  Debian's tree ignores all
# its top level (its packaging's rule): a kernel repository does not.
changed="fs/proc/version.c fs/proc/cmdline.c .gitignore"
bisect() (
	set -e
	git() { command git -C "$tree" -c user.name=t -c user.email=t@t "$@"; }
	commit() { git commit -qam "$1"; }
	file=$tree/fs/proc/version.c
	sed -i '/^# Debian packaging/,$d' "$tree/.gitignore"
	git init -q && git add -A && git commit -qm "the tree"
	git rev-parse HEAD >"$tmp/good"
	echo "/* a harmless change */" >>"$tree/fs/proc/cmdline.c" && commit "harmless"
	echo "#error this commit does not build" >>"$file" && commit "break the build"
	echo "/* still broken */" >>"$file" && commit "still broken"
	sed -i '/^#error this commit does not build$/d' "$file" && commit "fix the build"
	sed -i '/^static int version_proc_show/{n;s/^{$/{\n\tWARN_ON(1);/}' "$file"
	grep -q "WARN_ON(1)" "$file"
	commit "WARN on /proc/version"
	git rev-parse HEAD >"$tmp/warn"
	echo "/* another harmless change */" >>"$tree/fs/proc/cmdline.c" && commit "harmless again"
	git bisect start HEAD "$(cat "$tmp/good")" >/dev/null
	git bisect run nice -n 10 "$EB" -s --accel=tcg --timeout=300 --build --kernel="$tree" --bisect --fail-on=warn -- cat /proc/version
	git bisect log >"$tmp/bisect.steps"
)
(cd "$tree" && tar -cf "$tmp/pristine.tar" $changed)
start=$(date +%s)
bisect >"$tmp/bisect.log" 2>&1
took=$(($(date +%s) - start))
diag "bisection: ${took} s"
first_bad=$(sed -n 's/^\([0-9a-f]\{40\}\) is the first bad commit$/\1/p' "$tmp/bisect.log")
check "git bisect run names the WARN_ON commit exactly" test -n "$first_bad" -a "$first_bad" = "$(cat "$tmp/warn" 2>/dev/null)" ||
	diag "$(tail -40 "$tmp/bisect.log")"
check "the commits that do not build were skipped, not called bad" grep -q '^# skip: .*\(break the build\|still broken\)' "$tmp/bisect.steps" ||
	diag "$(cat "$tmp/bisect.steps" 2>/dev/null)"
check "a build that fails shows the end of its log, the compiler's error in it" grep -q "^  | .*error: #error this commit does not build" "$tmp/bisect.log"
check "and none of them was called bad" sh -c "! grep -q '^# bad: .*\(break the build\|still broken\)' '$tmp/bisect.steps'"
rm -rf "$tree/.git"
# Restored as new files: the next build compiles them again, as after a checkout.
tar -C "$tree" -mxf "$tmp/pristine.tar"

# Bad input: one line each, 125.
expect_status 125 "--build with a kernel image file is refused" "$EB" --build --kernel=/boot/vmlinuz-"$(ls /boot | sed -n 's/^vmlinuz-//p' | head -1)" -- true
check "naming it" grep -q "is a file: give --kernel=DIR" "$tmp/err"
expect_status 125 "--build of a directory that is not a kernel tree is refused" "$EB" --build --kernel="$tmp" -- true
check "naming it" grep -q "is not a kernel source tree" "$tmp/err"
if command -v unshare >/dev/null && unshare -m true 2>/dev/null; then
	readonly_build() {
		unshare -m sh -c 'mount --bind -o ro "$1" "$1" && shift && exec "$@"' sh "$tree" \
			"$@" "$EB" -s --accel=tcg --timeout=300 --build --kernel="$tree" -- true </dev/null >"$tmp/out" 2>"$tmp/err"
	}
	readonly_build nice -n 10
	check "--build of a read-only tree with O= elsewhere works (exit $?)" test $? -eq 0 || diag "$(tail -5 "$tmp/err")"
	readonly_build env -u O
	check "--build of a read-only tree without O= is refused (exit $?)" test $? -eq 125
	check "saying O=DIR builds elsewhere" grep -q "is not writable: build elsewhere with O=DIR" "$tmp/err"
else
	for _ in 1 2 3; do skip "no mount namespace to make the tree read-only"; done
fi

done_testing
