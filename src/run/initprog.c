#include "config.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "initprog.h"
#include "initramfs.h"

/* "[    1.234567] " at the start of LINE. */
static bool
is_kernel_line(const char *line, size_t len)
{
	size_t i = 1;

	if (len < 4 || line[0] != '[')
		return false;
	while (i < len && line[i] == ' ')
		i++;
	if (i >= len || !isdigit((unsigned char)line[i]))
		return false;
	while (i < len && (isdigit((unsigned char)line[i]) || line[i] == '.'))
		i++;
	return i < len && line[i] == ']';
}

/* Route one complete line (without its newline). */
static void
route_line(struct console_split *split, struct kernlog *log, const char *line, size_t len)
{
	if (len && line[len - 1] == '\r')
		len--;
	if (is_kernel_line(line, len)) {
		kernlog_append(log, line, len);
		kernlog_append(log, "\n", 1);
		if (split->verbose)
			dprintf(STDERR_FILENO, "%.*s\n", (int)len, line);
		return;
	}
	fwrite(line, 1, len, stdout);
	fputc('\n', stdout);
	fflush(stdout);
}

void
initprog_console(struct console_split *split, struct kernlog *log, const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n') {
			route_line(split, log, split->line, split->len);
			split->len = 0;
		} else if (split->len < sizeof split->line) {
			split->line[split->len++] = buf[i];
		} else {
			route_line(split, log, split->line, split->len);
			split->line[0] = buf[i];
			split->len = 1;
		}
	}
}

void
initprog_flush(struct console_split *split, struct kernlog *log)
{
	if (split->len && !is_kernel_line(split->line, split->len)) {
		fwrite(split->line, 1, split->len, stdout);
		fflush(stdout);
	}
	split->len = 0;
	(void)log;
}

int
initprog_status(const struct kernlog *log)
{
	static const char marker[] = "Attempted to kill init! exitcode=0x";
	const char *found = memmem(log->data, log->len, marker, sizeof marker - 1);
	char digits[16] = "";

	if (found) {
		size_t at = (size_t)(found - log->data) + sizeof marker - 1;
		size_t n = 0;

		while (at + n < log->len && n < sizeof digits - 1 && isxdigit((unsigned char)log->data[at + n]))
			n++;
		memcpy(digits, log->data + at, n);
		return (int)((strtoul(digits, NULL, 16) >> 8) & 0xff);
	}
	return memmem(log->data, log->len, "Kernel panic", 12) ? 255 : 0;
}

int
initprog_initramfs(const char *program, const char *path)
{
	struct stat st;

	if (stat(program, &st) < 0)
		return err_sys("--init=%s", program);
	if (!S_ISREG(st.st_mode) || !(st.st_mode & 0111))
		return err_set("--init=%s is not an executable file: give a static program", program);
	return initramfs_single(program, path);
}
