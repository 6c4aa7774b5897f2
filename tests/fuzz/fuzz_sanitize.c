/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The sanitiser, the gate of all remote text: whatever the bytes and the
 * room (the first byte of the input), the result fits, is terminated,
 * printable ASCII without '|', with no blank at either end and no two in
 * a row.
 */
#include "fuzz.h"
#include "lib/sanitize.h"

#include <stdlib.h>
#include <string.h>

int fuzz_sanitize(const uint8_t *data, size_t size)
{
	size_t room;
	char *out;

	if (size == 0)
		return 0;
	room = (size_t)data[0] + 1;
	out = malloc(room);
	if (out == NULL)
		fuzz_fail("out of memory");
	wb_sanitize(out, room, (const char *)data + 1, size - 1);
	if (strlen(out) >= room)
		fuzz_fail("%zu bytes in %zu", strlen(out), room);
	fuzz_check_clean("sanitised text", out);
	if (out[0] == ' ' || (out[0] && out[strlen(out) - 1] == ' ') ||
	    strstr(out, "  ") != NULL)
		fuzz_fail("blanks not folded: '%s'", out);
	free(out);
	return 0;
}
