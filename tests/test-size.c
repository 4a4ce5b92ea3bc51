#include "config.h"

#include <stdint.h>

#include "error.h"
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
	return tap_done();
}
