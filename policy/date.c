/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "date.h"

#include <string.h>

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

/* Howard Hinnant's civil_from_days. */
void pol_date_civil(long day, int *year, int *month, int *mday)
{
	long z = day + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;

	*mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int)(yoe + era * 400 + (*month <= 2));
}

/* Writes n as width digits at p; returns the end. */
static char *put_digits(char *p, long n, int width)
{
	for (int i = width - 1; i >= 0; i--, n /= 10)
		p[i] = (char)('0' + n % 10);
	return p + width;
}

void pol_date_format(long day, char buf[POL_DATE_TEXT])
{
	int year, month, mday;
	char *p;

	pol_date_civil(day, &year, &month, &mday);
	/* every field is in range by construction; the year kept to 4 */
	p = put_digits(buf, year % 10000, 4);
	*p++ = '-';
	p = put_digits(p, month, 2);
	*p++ = '-';
	p = put_digits(p, mday, 2);
	*p = '\0';
}

long pol_month_of(long day)
{
	int year, month, mday;

	pol_date_civil(day, &year, &month, &mday);
	return year * 12L + month - 1;
}

long pol_month_first(long month)
{
	return pol_date_from_civil((int)(month / 12), (int)(month % 12) + 1, 1);
}

long pol_patch_tuesday(long month)
{
	long first = pol_month_first(month);
	/* weekdays from Monday = 0; day 0, 1970-01-01, was a Thursday */
	long weekday = ((first + 3) % 7 + 7) % 7;
	long to_tuesday = (1 - weekday + 7) % 7;

	return first + to_tuesday + 7;
}

bool pol_month_parse(const char *text, size_t len, long *month)
{
	long day;
	char full[POL_DATE_TEXT];

	if (len != 7)
		return false;
	memcpy(full, text, 7);
	memcpy(full + 7, "-01", 3);
	if (!pol_date_parse(full, 10, &day))
		return false;
	*month = pol_month_of(day);
	return true;
}

void pol_month_format(long month, char buf[POL_DATE_TEXT])
{
	pol_date_format(pol_month_first(month), buf);
	buf[7] = '\0';
}
