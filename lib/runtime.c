/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "runtime.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const state_names[] = {"OK", "WARNING", "CRITICAL",
					  "UNKNOWN"};

const char *wb_state_name(enum wb_state state)
{
	if ((unsigned)state > WB_UNKNOWN)
		return "UNKNOWN";
	return state_names[state];
}

bool wb_state_parse(const char *text, enum wb_state *state)
{
	long n;

	for (int i = WB_OK; i <= WB_UNKNOWN; i++) {
		if (strcasecmp(text, state_names[i]) == 0) {
			*state = (enum wb_state)i;
			return true;
		}
	}
	if (!wb_parse_long(text, 0, 3, &n))
		return false;
	*state = (enum wb_state)n;
	return true;
}

static int severity(enum wb_state state)
{
	switch (state) {
	case WB_OK:
		return 0;
	case WB_UNKNOWN:
		return 1;
	case WB_WARNING:
		return 2;
	case WB_CRITICAL:
		return 3;
	}
	return 1;
}

enum wb_state wb_state_worst(enum wb_state a, enum wb_state b)
{
	return severity(a) >= severity(b) ? a : b;
}

bool wb_parse_long(const char *text, long min, long max, long *out)
{
	const char *p = text;
	bool negative = false;
	unsigned long limit, value = 0;
	long v;

	if (*p == '-') {
		negative = true;
		p++;
	}
	if (*p < '0' || *p > '9')
		return false;
	limit = negative ? (unsigned long)LONG_MAX + 1
			 : (unsigned long)LONG_MAX;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned digit = (unsigned)(*p - '0');
		if (value > (limit - digit) / 10)
			return false;
		value = value * 10 + digit;
	}
	if (*p != '\0')
		return false;
	if (negative)
		v = value == (unsigned long)LONG_MAX + 1 ? LONG_MIN
							 : -(long)value;
	else
		v = (long)value;
	if (v < min || v > max)
		return false;
	*out = v;
	return true;
}

/*
 * A bound is [-]digits[.digits] or [-].digits; at most 15 significant
 * digits so that the double holds it exactly enough for day counts.
 */
static bool parse_bound(const char *text, size_t len, double *out)
{
	char buf[32];
	size_t i = 0, digits = 0;
	bool dot = false;
	char *end;

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, text, len);
	buf[len] = '\0';
	if (buf[0] == '-' || buf[0] == '+')
		i = 1;
	for (; i < len; i++) {
		if (buf[i] >= '0' && buf[i] <= '9')
			digits++;
		else if (buf[i] == '.' && !dot)
			dot = true;
		else
			return false;
	}
	if (digits == 0 || digits > 15)
		return false;
	errno = 0;
	*out = strtod(buf, &end);
	return errno == 0 && *end == '\0';
}

bool wb_range_parse(const char *text, struct wb_range *range, char *err,
		    size_t errlen)
{
	static const char form[] = "use N, N:, ~:N, N:M or @N:M";
	struct wb_range r = {.set = true};
	const char *p = text, *colon;

	if (strlen(text) >= sizeof(r.text)) {
		snprintf(err, errlen, "'%.20s...' is too long for a range",
			 text);
		return false;
	}
	memcpy(r.text, text, strlen(text) + 1);
	if (*p == '@') {
		r.alert_inside = true;
		p++;
	}
	colon = strchr(p, ':');
	if (colon == NULL) {
		/* "N" means 0..N */
		r.start = 0;
		if (!parse_bound(p, strlen(p), &r.end))
			goto bad;
	} else {
		if (colon - p == 1 && *p == '~')
			r.start_infinite = true;
		else if (!parse_bound(p, (size_t)(colon - p), &r.start))
			goto bad;
		if (colon[1] == '\0')
			r.end_infinite = true;
		else if (!parse_bound(colon + 1, strlen(colon + 1), &r.end))
			goto bad;
	}
	if (!r.start_infinite && !r.end_infinite && r.start > r.end) {
		snprintf(err, errlen,
			 "'%s' is not a range: its start is above its end",
			 text);
		return false;
	}
	*range = r;
	return true;
bad:
	snprintf(err, errlen, "'%s' is not a range (%s)", text, form);
	return false;
}

bool wb_range_alerts(const struct wb_range *range, double value)
{
	bool inside;

	if (!range->set)
		return false;
	inside = (range->start_infinite || value >= range->start) &&
		 (range->end_infinite || value <= range->end);
	return range->alert_inside ? inside : !inside;
}

enum wb_state wb_range_state(const struct wb_range *warn,
			     const struct wb_range *crit, double value)
{
	if (wb_range_alerts(crit, value))
		return WB_CRITICAL;
	if (wb_range_alerts(warn, value))
		return WB_WARNING;
	return WB_OK;
}
