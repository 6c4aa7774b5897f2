/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "swname.h"

#include "policy/date.h"

#include <stdio.h>
#include <string.h>

/* The digits of a KB number: more would not fit an id, nor be one. */
#define KB_DIGITS_MAX 9
/* A suffix after the number, as in "(KB2661254-v2)". */
#define KB_SUFFIX_MAX 8

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * The number of digits of a whole "(KB" group's number that starts at
 * p, or 0: the group must close with ")" within end, either right after
 * the digits or after "-" and a short suffix.
 */
static size_t whole_group(const char *p, const char *end)
{
	size_t digits = 0, suffix = 0;

	while (p + digits < end && is_digit(p[digits]))
		digits++;
	if (digits == 0 || digits > KB_DIGITS_MAX || p + digits == end)
		return 0;
	p += digits;
	if (*p == ')')
		return digits;
	if (*p++ != '-')
		return 0;
	while (p + suffix < end && is_alnum(p[suffix]))
		suffix++;
	if (suffix == 0 || suffix > KB_SUFFIX_MAX || p + suffix == end ||
	    p[suffix] != ')')
		return 0;
	return digits;
}

void wbs_parse_swname(const char *name, size_t len, struct wbs_swname *out)
{
	const char *end = name + len;

	memset(out, 0, sizeof(*out));
	for (const char *p = name; end - p >= 3; p++) {
		size_t digits;

		if (memcmp(p, "(KB", 3) != 0)
			continue;
		digits = whole_group(p + 3, end);
		/* the last whole one: a name ends with the update it is */
		if (digits > 0)
			snprintf(out->kb, sizeof(out->kb), "KB%.*s",
				 (int)digits, p + 3);
	}
	out->cut = out->kb[0] == '\0' && len >= WBS_SW_NAME_MAX;
}

long wbs_parse_swdate(const unsigned char *o, size_t len)
{
	char iso[32]; /* room for any int: each part is checked after */
	int year;
	long day;

	if (len != 8 && len != 11)
		return POL_NO_DATE;
	year = o[0] << 8 | o[1];
	/* hours, minutes, seconds (a leap second too), deci-seconds */
	if (year < 1980 || o[4] > 23 || o[5] > 59 || o[6] > 60 || o[7] > 9)
		return POL_NO_DATE;
	/* UTC offsets run from -12:00 to +14:00 (RFC 2579 says 13) */
	if (len == 11 &&
	    ((o[8] != '+' && o[8] != '-') || o[9] > 14 || o[10] > 59))
		return POL_NO_DATE;
	/* the calendar's checks (month, day of that month) are date.c's */
	snprintf(iso, sizeof(iso), "%04d-%02d-%02d", year, o[2], o[3]);
	return pol_date_parse(iso, strlen(iso), &day) ? day : POL_NO_DATE;
}
