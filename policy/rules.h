/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The policy rules: pure functions of a catalogue row, the host's facts,
 * the policy and the date (passed in; nothing here reads a clock).
 */
#ifndef POL_RULES_H
#define POL_RULES_H

#include "catalog.h"
#include "lib/runtime.h"

#include <stdbool.h>
#include <stddef.h>

enum pol_tier {
	POL_TIER_MAINSTREAM,
	POL_TIER_EXTENDED,
	POL_TIER_ESU,
	POL_TIER_ESU_AZURE
};

/* Parses mainstream|extended|esu|esu-azure. */
bool pol_tier_parse(const char *text, enum pol_tier *tier);
const char *pol_tier_name(enum pol_tier tier);

#define POL_MESSAGE_MAX 320

struct pol_verdict {
	enum wb_state state;
	char message[POL_MESSAGE_MAX];
	bool skip;	    /* the rule has nothing to say about this host */
	bool no_fact;	    /* the state is the policy's missing-fact one */
	bool has_days;	    /* tier, end and days_left are meaningful */
	enum pol_tier tier; /* the tier whose end counts, after any fallback */
	long end;	    /* its last day, a day number */
	long days_left;
};

/*
 * The support rule: days left until the end of the tier the host is
 * entitled to, against warn/crit. A tier the product lacks falls back to
 * the next lower one that exists, and the message says so. A missing end
 * date is UNKNOWN.
 */
struct pol_verdict pol_rule_support(const struct pol_release *release,
				    enum pol_tier tier, long today,
				    const struct wb_range *warn,
				    const struct wb_range *crit);

#endif
