/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The plugin runtime: states, bounded number parsing and threshold ranges
 * with the semantics of the monitoring-plugins development guidelines.
 * Pure functions, no I/O.
 */
#ifndef WB_RUNTIME_H
#define WB_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>

enum wb_state { WB_OK = 0, WB_WARNING = 1, WB_CRITICAL = 2, WB_UNKNOWN = 3 };

/* "OK", "WARNING", "CRITICAL" or "UNKNOWN". */
const char *wb_state_name(enum wb_state state);

/*
 * Parses a state given by name (ok, warning, critical, unknown; any case)
 * or by number (0-3). Returns false on anything else.
 */
bool wb_state_parse(const char *text, enum wb_state *state);

/*
 * The more severe of two states, in the order OK < UNKNOWN < WARNING <
 * CRITICAL: a real policy breach outranks a fact that could not be told.
 */
enum wb_state wb_state_worst(enum wb_state a, enum wb_state b);

/*
 * Parses a whole decimal integer in [min, max]. Rejects empty text, signs
 * where min >= 0, blanks, trailing junk and overflow. Returns false and
 * leaves *out alone on error.
 */
bool wb_parse_long(const char *text, long min, long max, long *out);

#define WB_RANGE_TEXT_MAX 48

/* A threshold range: [@]start:end, with ~ for negative infinity. */
struct wb_range {
	bool set;
	bool alert_inside; /* the @ form */
	bool start_infinite;
	bool end_infinite;
	double start;
	double end;
	char text[WB_RANGE_TEXT_MAX]; /* as given, for perfdata */
};

/*
 * Parses a range in the guidelines' format: "10" (0..10), "10:" (10..inf),
 * "~:10" (-inf..10), "10:20", "@10:20". Bounds are plain decimals. On error
 * returns false and writes why into err (errlen bytes, caller's buffer).
 */
bool wb_range_parse(const char *text, struct wb_range *range, char *err,
		    size_t errlen);

/* True when value raises an alert against range (false for an unset range). */
bool wb_range_alerts(const struct wb_range *range, double value);

/* CRITICAL if crit alerts, else WARNING if warn alerts, else OK. */
enum wb_state wb_range_state(const struct wb_range *warn,
			     const struct wb_range *crit, double value);

#endif
