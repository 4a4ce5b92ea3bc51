#include "config.h"

#include <ctype.h>
#include <string.h>

#include "stackline.h"

/* Whether C can be in a kernel symbol's name (foo.cold, bar.isra.0). */
static bool
is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '$';
}

/* Whether C can be in a module's name. */
static bool
is_module_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/* Read the hex number at *POS of LINE (LEN bytes), 16 digits at most. */
static bool
parse_hex(const char *line, size_t len, size_t *pos, uint64_t *value)
{
	size_t start = *pos;

	*value = 0;
	while (*pos < len && isxdigit((unsigned char)line[*pos])) {
		char c = (char)tolower((unsigned char)line[*pos]);

		if (*pos - start == 16)
			return false;
		*value = *value << 4 | (uint64_t)(c <= '9' ? c - '0' : c - 'a' + 10);
		(*pos)++;
	}
	return *pos > start;
}

/* Where " [mod]" (or " [mod BUILD-ID]") at POS of LINE ends, its name
   copied to FRAME; POS itself when there is none. */
static size_t
parse_module(const char *line, size_t len, size_t pos, struct stack_frame *frame)
{
	size_t start = pos + 2, end = start, name_end;

	if (len - pos < 4 || line[pos] != ' ' || line[pos + 1] != '[')
		return pos;
	while (end < len && is_module_char(line[end]))
		end++;
	if (end == start || end - start > STACK_MODULE_MAX)
		return pos;
	name_end = end;
	if (end < len && line[end] == ' ')
		for (end++; end < len && isxdigit((unsigned char)line[end]) && end - name_end <= 64; end++)
			;
	if (end >= len || line[end] != ']')
		return pos;
	memcpy(frame->module, line + start, name_end - start);
	frame->module[name_end - start] = '\0';
	return end + 1;
}

/* Whether the LEN bytes of LINE hold WORD. */
static bool
holds(const char *line, size_t len, const char *word)
{
	return memmem(line, len, word, strlen(word)) != NULL;
}

/* Parse the frame whose "+0x" is at PLUS of LINE (LEN bytes). */
static bool
frame_at(const char *line, size_t len, size_t plus, struct stack_frame *frame)
{
	size_t start = plus, pos = plus + 3;

	while (start > 0 && is_name_char(line[start - 1]))
		start--;
	if (start == plus || plus - start > STACK_NAME_MAX || isdigit((unsigned char)line[start]))
		return false;
	if (!parse_hex(line, len, &pos, &frame->offset) || len - pos < 4 || memcmp(line + pos, "/0x", 3) != 0)
		return false;
	pos += 3;
	if (!parse_hex(line, len, &pos, &frame->size) || (pos < len && is_name_char(line[pos])))
		return false;
	memcpy(frame->name, line + start, plus - start);
	frame->name[plus - start] = '\0';
	frame->module[0] = '\0';
	frame->end = parse_module(line, len, pos, frame);
	/* RIP's and a warning's place are where the CPU was; the call
	   trace's entries are return addresses, past their calls. */
	frame->return_address = !holds(line, start, "RIP: ") && !holds(line, start, "WARNING: ");
	return true;
}

bool
stack_frame_parse(const char *line, size_t len, struct stack_frame *frame)
{
	for (size_t pos = 1; pos + 3 <= len; pos++)
		if (line[pos] == '+' && line[pos + 1] == '0' && line[pos + 2] == 'x' &&
		    frame_at(line, len, pos, frame))
			return true;
	return false;
}
