/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Calendar dates as day numbers (days since 1970-01-01, proleptic
 * Gregorian), so that "days left" is a subtraction. Pure functions.
 */
#ifndef POL_DATE_H
#define POL_DATE_H

#include <stdbool.h>
#include <stddef.h>

/* No date: the catalogue's "-". */
#define POL_NO_DATE (-2147483647L - 1)

/* Formatted date "YYYY-MM-DD" plus NUL. */
#define POL_DATE_TEXT 11

/*
 * Parses exactly "YYYY-MM-DD" (year 1900-9999, a real day of that month)
 * into a day number. Returns false on anything else.
 */
bool pol_date_parse(const char *text, size_t len, long *day);

/* Writes day as "YYYY-MM-DD" into buf (POL_DATE_TEXT bytes). */
void pol_date_format(long day, char buf[POL_DATE_TEXT]);

/* The day number of a calendar date (no validation). */
long pol_date_from_civil(int year, int month, int mday);

/* The calendar date of a day number. */
void pol_date_civil(long day, int *year, int *month, int *mday);

/*
 * Months as numbers (year * 12 + month - 1), for the update history's
 * "monthly releases": the month of a day, its first day, its Patch
 * Tuesday (the second Tuesday, when Microsoft releases the month's
 * security update).
 */
long pol_month_of(long day);
long pol_month_first(long month);
long pol_patch_tuesday(long month);

/* Parses exactly "YYYY-MM". */
bool pol_month_parse(const char *text, size_t len, long *month);

/* Writes month as "YYYY-MM" into buf. */
void pol_month_format(long month, char buf[POL_DATE_TEXT]);

#endif
