/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One row of HOST-RESOURCES-MIB's hrSWInstalledTable as Windows fills it:
 * the update a name is (hrSWInstalledName: the Uninstall key's DisplayName,
 * raw ANSI bytes cut at 64), and the day of hrSWInstalledDate (a
 * DateAndTime). Pure functions over untrusted bytes; no library types.
 */
#ifndef WBS_SWNAME_H
#define WBS_SWNAME_H

#include <stdbool.h>
#include <stddef.h>

/* InternationalDisplayString (SIZE (0..64)): where Windows cuts a name. */
#define WBS_SW_NAME_MAX 64

/* "KB", at most 9 digits, the NUL. */
#define WBS_KB_MAX 12

struct wbs_swname {
	char kb[WBS_KB_MAX]; /* "KB925902"; "" when the name names none */
	bool cut;	     /* no whole KB and the name fills the 64 bytes */
};

/*
 * Reads the update a name is: the last whole "(KB<digits>)" in it, or
 * "(KB<digits>-<suffix>)" such as "-v2", the KB without its suffix. Only a
 * group closed by its ")" counts: in a name cut at 64 bytes, "(KB12345"
 * may be KB123456 cut short, and "(K" anything. A name of 64 bytes or more
 * without a whole KB is marked cut, whatever it names: a KB may have been
 * cut off it. name holds len bytes, in any encoding; no NUL is needed.
 */
void wbs_parse_swname(const char *name, size_t len, struct wbs_swname *out);

/*
 * The day of a DateAndTime (RFC 2579): 8 octets (year in two, big-endian,
 * month, day, hour, minutes, seconds, deci-seconds) or 11 (then the
 * direction '+' or '-', hours and minutes from UTC). The day is the
 * host's local one, as sent. POL_NO_DATE (policy/date.h) for any other
 * length, a field out of its range, or a year before 1980 (a clock never
 * set, a zero time: no install date).
 */
long wbs_parse_swdate(const unsigned char *octets, size_t len);

#endif
