/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sanitize.h"

#include <stdbool.h>
#include <string.h>

/* The length of a UTF-8 sequence starting at s (at most n bytes), or 0. */
static size_t utf8_length(const unsigned char *s, size_t n)
{
	size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;

	if (len == 0 || len > n || s[0] > 0xf4)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

/* What one character of remote text becomes; *used: bytes it took. */
static const char *translate(const unsigned char *s, size_t n, size_t *used,
			     char one[2])
{
	size_t len;

	*used = 1;
	one[1] = '\0';
	if (s[0] < 0x80) {
		one[0] = s[0] < 0x20 || s[0] == 0x7f || s[0] == '|'
				 ? ' '
				 : (char)s[0];
		return one;
	}
	len = utf8_length(s, n);
	if (len == 2 && s[0] == 0xc2 && s[1] == 0xae)
		return *used = 2, "(R)";
	if (len == 3 && s[0] == 0xe2 && s[1] == 0x84 && s[2] == 0xa2)
		return *used = 3, "(TM)";
	if (len > 0)
		*used = len;
	else if (s[0] == 0xae) /* cp1252 */
		return "(R)";
	else if (s[0] == 0x99)
		return "(TM)";
	one[0] = '?';
	return one;
}

void wb_sanitize(char *dst, size_t dstlen, const char *src, size_t srclen)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t used = 0, i = 0;
	bool space = true; /* drops leading blanks too */
	char one[2];

	if (dstlen == 0)
		return;
	while (i < srclen) {
		size_t took, len;
		const char *out = translate(s + i, srclen - i, &took, one);
		i += took;
		if (out[0] == ' ' && space)
			continue;
		space = out[0] == ' ';
		len = strlen(out);
		if (used + len >= dstlen) {
			/* no room: end in "..." */
			size_t keep = dstlen > 4 ? dstlen - 4 : 0;
			size_t dots;
			if (keep > used)
				keep = used;
			dots = dstlen - 1 - keep < 3 ? dstlen - 1 - keep : 3;
			memcpy(dst + keep, "...", dots);
			dst[keep + dots] = '\0';
			return;
		}
		memcpy(dst + used, out, len);
		used += len;
	}
	while (used > 0 && dst[used - 1] == ' ')
		used--;
	dst[used] = '\0';
}
