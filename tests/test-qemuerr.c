#include "config.h"

#include <stdlib.h>

#include "qemuerr.h"
#include "tap.h"

/* What libvirt 9.0 says when QEMU refuses --qemu='-device nonexistent'. */
#define REFUSED                                                                                          \
	"internal error: qemu unexpectedly closed the monitor: qemu-system-x86_64: -fsdev "                   \
	"local,security_model=passthrough,multidevs=remap,id=fsdev-fs0,path=/,readonly: warning: "            \
	"short-form boolean option 'readonly' deprecated\\x0aPlease use readonly=on instead\\x0a"             \
	"2026-12-01T22:19:10.810093Z qemu-system-x86_64: -device nonexistent: 'nonexistent' is not a valid " \
	"device model name"

#define REASON "qemu-system-x86_64: -device nonexistent: 'nonexistent' is not a valid device model name"

/* MESSAGE formatted with VERBOSE gives WANT. */
static void
expect(const char *message, bool verbose, const char *want, const char *what)
{
	char *got = qemuerr_format(message, verbose);

	tap_streq(got, want, "%s", what);
	free(got);
}

int
main(void)
{
	expect(REFUSED, false, REASON, "QEMU's reason alone, unescaped, without its timestamp or the warning");
	expect(REFUSED, true,
	       REASON " (libvirt's whole message: "
		      "internal error: qemu unexpectedly closed the monitor: qemu-system-x86_64: -fsdev "
		      "local,security_model=passthrough,multidevs=remap,id=fsdev-fs0,path=/,readonly: warning: "
		      "short-form boolean option 'readonly' deprecated | "
		      "Please use readonly=on instead | "
		      "2026-12-01T22:19:10.810093Z " REASON ")",
	       "with -v, the reason first, then the whole message, still one line");
	expect("internal error: process exited while connecting to monitor: "
	       "2026-12-01T22:19:10.810093Z qemu-system-x86_64: -drive file=x: Could not open 'x'\\x0a"
	       "2026-12-01T22:19:10.810094Z qemu-system-x86_64: -m 1: too small\\x0a",
	       false, "qemu-system-x86_64: -drive file=x: Could not open 'x'; qemu-system-x86_64: -m 1: too small",
	       "two error lines, in their order");
	expect("unsupported configuration: domain type 'kvm' is not supported", false,
	       "unsupported configuration: domain type 'kvm' is not supported", "a message without QEMU's lines is kept");
	expect("internal error: qemu: warning: only\\x0athis\\x09tab", false,
	       "internal error: qemu: warning: only; this tab", "no error line: the message unescaped, on one line");
	expect("internal error: qemu-system-x86_64: warning: a\\x0aqemu-system-x86_64: warning: b", false,
	       "internal error: qemu-system-x86_64: warning: a; qemu-system-x86_64: warning: b",
	       "only warnings: nothing is dropped");
	expect("a \\x1b[31mred\\x07 \\xzz end\\x", false, "a  [31mred  \\xzz end\\x",
	       "control characters become spaces; a broken escape stays as it is");
	expect("", false, "", "an empty message");
	return tap_done();
}
