# Helpers of the benchmarks, sourced: the bare QEMU guest they compare
# with, and timing.  Needs $work, a private temporary directory.

# bare_init: an initramfs whose init resets at once (QEMU -no-reboot turns
# the reset into an exit), at $work/initrd.cpio.
bare_init() {
	cat >"$work/init.c" <<'C'
#include <sys/reboot.h>
#include <unistd.h>
int main(void) { reboot(RB_AUTOBOOT); return 0; }
C
	mkdir "$work/root"
	gcc -static -O2 -o "$work/root/init" "$work/init.c"
	(cd "$work/root" && echo init | cpio --quiet -o -H newc) >"$work/initrd.cpio"
}

# bare KERNEL: QEMU alone boots KERNEL (an image, or an ELF kernel through
# its PVH entry) to that init.
bare() {
	qemu-system-x86_64 -accel tcg -m 1024 -nodefaults -no-user-config -display none -no-reboot \
		-kernel "$1" -initrd "$work/initrd.cpio" -serial null \
		-append 'console=ttyS0 panic=-1 quiet'
}

# seconds COMMAND: wall time of one run.
seconds() {
	local start end
	start=$(date +%s.%N)
	"$@" >/dev/null 2>&1
	end=$(date +%s.%N)
	echo "$end - $start" | bc -l
}

# median: of the numbers on stdin, one per line.
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
