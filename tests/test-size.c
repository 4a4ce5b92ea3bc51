#include "config.h"

#include <stdint.h>

#include "error.h"
#include "memfloor.h"
#include "size.h"
#include "tap.h"

/* Parse TEXT and compare with WANT MiB (0: must be refused). */
static void
expect_mib(const char *text, uint64_t want)
{
	uint64_t got = 0;
	int rc = size_parse_mib(text, 1024 * 1024, &got);

	if (want)
		tap_ok(rc == 0 && got == want, "'%s' is %llu MiB (got %llu)", text, (unsigned long long)want,
		       (unsigned long long)got);
	else
		tap_ok(rc < 0 && *err_get(), "'%s' is refused: %s", text, err_get());
}

int
main(void)
{
	unsigned long n = 0;

	expect_mib("512M", 512);
	expect_mib("2G", 2048);
	expect_mib("2048", 2048);
	expect_mib("1.5G", 1536);
	expect_mib("1g", 1024);
	expect_mib("1GiB", 1024);
	expect_mib("1048576K", 1024);
	expect_mib("1T", 1024 * 1024);
	expect_mib("0", 0);
	expect_mib("-1", 0);
	expect_mib("12Q", 0);
	expect_mib("99999999G", 0);
	expect_mib("", 0);
	expect_mib("G", 0);
	expect_mib("1.5.5G", 0);
	expect_mib("512K", 0);
	tap_ok(size_parse_uint("4", 1, 8, &n) == 0 && n == 4, "4 in 1..8");
	tap_ok(size_parse_uint("0", 1, 8, &n) < 0, "0 refused in 1..8");
	tap_ok(size_parse_uint("9", 1, 8, &n) < 0, "9 refused in 1..8");
	tap_ok(size_parse_uint("3x", 1, 8, &n) < 0, "3x refused");
	tap_ok(size_parse_uint("-3", 1, 8, &n) < 0, "-3 refused");
	/* Debian's 6.1 ELF kernel reaches 74 MiB; its initramfs is 2.4 MiB. */
	tap_ok(memfloor_mib(74 << 20, 2525284) == 89, "the memory floor of Debian's ELF kernel and initramfs: 89 MiB");
	tap_ok(memfloor_mib(0, 0) == MEMFLOOR_MARGIN_MIB, "with nothing to hold, the margin alone");
	tap_ok(memfloor_mib((1 << 20) + 1, 0) == 2 + MEMFLOOR_MARGIN_MIB, "a part of a MiB counts whole");
	return tap_done();
}
