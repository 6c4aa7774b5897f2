/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The small parsers of user text, one per line of the input: a threshold
 * range (-w, -c), a bounded number (ports, -t), a minimum build, a state,
 * a support tier. Each result is checked against what its text says.
 */
#include "fuzz.h"
#include "lib/runtime.h"
#include "policy/rules.h"
#include "policy/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The next line of the input as a string; NULL past the end. */
static char *next_line(const uint8_t **p, const uint8_t *end)
{
	const uint8_t *nl;
	char *line;

	if (*p > end)
		return NULL;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	line = fuzz_string(*p, (size_t)((nl ? nl : end) - *p));
	*p = nl ? nl + 1 : end + 1;
	return line;
}

static void check_range(const char *text)
{
	struct wb_range r;
	char err[160];

	if (!wb_range_parse(text, &r, err, sizeof(err)))
		return;
	if (strcmp(r.text, text) != 0)
		fuzz_fail("range '%s' kept as '%s'", text, r.text);
	if (!r.start_infinite && !r.end_infinite && r.start > r.end)
		fuzz_fail("range '%s' starts above its end", text);
	/* outside alerts unless @; both bounds are inside */
	if (!r.start_infinite && wb_range_alerts(&r, r.start) != r.alert_inside)
		fuzz_fail("range '%s' at its start %g", text, r.start);
	if (!r.end_infinite && wb_range_alerts(&r, r.end) != r.alert_inside)
		fuzz_fail("range '%s' at its end %g", text, r.end);
}

static void check_long(const char *text)
{
	long v;
	char again[32];

	if (!wb_parse_long(text, -1000000, 65535, &v))
		return;
	snprintf(again, sizeof(again), "%ld", v);
	if (v < -1000000 || v > 65535 ||
	    (strcmp(again, text) != 0 && strtol(text, NULL, 10) != v))
		fuzz_fail("'%s' read as %ld", text, v);
}

/* A version reads back as written, within bounds; a range is ordered. */
static void check_version(const char *text)
{
	struct pol_version v, to;
	char again[64];

	if (pol_version_parse(text, strlen(text), &v)) {
		if (v.build <= 0 || v.build > 9999999 ||
		    (v.revision != POL_ANY && v.revision < 0))
			fuzz_fail("'%s' read as build %ld revision %ld", text,
				  v.build, v.revision);
		pol_version_format(&v, again, sizeof(again));
		if (!pol_version_parse(again, strlen(again), &to) ||
		    memcmp(&v, &to, sizeof(v)) != 0)
			fuzz_fail("'%s' formats as '%s'", text, again);
	}
	if (pol_version_range_parse(text, strlen(text), &v, &to) &&
	    (v.major != to.major || v.minor != to.minor ||
	     pol_version_compare(v.build, v.revision, &to) > 0))
		fuzz_fail("range '%s' is not ordered", text);
}

int fuzz_range(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	char *line;
	enum wb_state state;
	enum pol_tier tier;

	for (int i = 0; (line = next_line(&p, end)) != NULL; i++) {
		switch (i % 5) {
		case 0:
			check_range(line);
			break;
		case 1:
			check_long(line);
			break;
		case 2:
			check_version(line);
			break;
		case 3:
			if (wb_state_parse(line, &state) &&
			    (unsigned)state > WB_UNKNOWN)
				fuzz_fail("state '%s' read as %d", line,
					  (int)state);
			break;
		case 4:
			if (pol_tier_parse(line, &tier) &&
			    strcmp(pol_tier_name(tier), line) != 0)
				fuzz_fail("tier '%s' read as %s", line,
					  pol_tier_name(tier));
			break;
		}
		free(line);
	}
	return 0;
}
