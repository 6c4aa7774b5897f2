/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Dates (--date and every catalogue date): what parses formats back to
 * exactly the same text, and every day number of the years accepted
 * survives the round trip the other way.
 */
#include "fuzz.h"
#include "policy/date.h"

#include <string.h>

int fuzz_date(const uint8_t *data, size_t size)
{
	char text[POL_DATE_TEXT];
	long day, again;

	if (pol_date_parse((const char *)data, size, &day)) {
		pol_date_format(day, text);
		if (size != 10 || memcmp(text, data, 10) != 0)
			fuzz_fail("'%.*s' came back as '%s'", (int)size,
				  (const char *)data, text);
	}
	if (size >= 4) {
		/* a day between 1900-01-01 and 9999-12-31 from the bytes */
		uint32_t n;
		memcpy(&n, data, sizeof(n));
		day = -25567L + (long)(n % 2958464u);
		pol_date_format(day, text);
		if (!pol_date_parse(text, strlen(text), &again) || again != day)
			fuzz_fail("day %ld formats as '%s'", day, text);
	}
	return 0;
}
