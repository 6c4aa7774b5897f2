/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "date.h"

/* Howard Hinnant's days_from_civil, for years after 1 BC. */
long pol_date_from_civil(int year, int month, int mday)
{
	long y = month <= 2 ? year - 1 : year;
	long era = y / 400;
	long yoe = y - era * 400;
	long mp = (month + 9) % 12;
	long doy = (153 * mp + 2) / 5 + mday - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

static int days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

static bool digits(const char *p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return true;
}

bool pol_date_parse(const char *text, size_t len, long *day)
{
	int year, month, mday;

	if (len != 10 || text[4] != '-' || text[7] != '-')
		return false;
	if (!digits(text, 4, &year) || !digits(text + 5, 2, &month) ||
	    !digits(text + 8, 2, &mday))
		return false;
	if (year < 1900 || month < 1 || month > 12 || mday < 1 ||
	    mday > days_in_month(year, month))
		return false;
	*day = pol_date_from_civil(year, month, mday);
	return true;
}

void pol_date_format(long day, char buf[POL_DATE_TEXT])
{
	long z = day + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long mday = doy - (153 * mp + 2) / 5 + 1;
	long month = mp < 10 ? mp + 3 : mp - 9;
	long year = yoe + era * 400 + (month <= 2);

	char *p = buf;

	/* written digit by digit: every field is in range by construction */
	year %= 10000;
	*p++ = (char)('0' + year / 1000);
	*p++ = (char)('0' + year / 100 % 10);
	*p++ = (char)('0' + year / 10 % 10);
	*p++ = (char)('0' + year % 10);
	*p++ = '-';
	*p++ = (char)('0' + month / 10);
	*p++ = (char)('0' + month % 10);
	*p++ = '-';
	*p++ = (char)('0' + mday / 10);
	*p++ = (char)('0' + mday % 10);
	*p = '\0';
}
