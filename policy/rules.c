/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rules.h"

#include "date.h"
#include "facts.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const tier_names[] = {"mainstream", "extended", "esu",
					 "esu-azure"};

bool pol_tier_parse(const char *text, enum pol_tier *tier)
{
	for (int i = POL_TIER_MAINSTREAM; i <= POL_TIER_ESU_AZURE; i++) {
		if (strcmp(text, tier_names[i]) == 0) {
			*tier = (enum pol_tier)i;
			return true;
		}
	}
	return false;
}

const char *pol_tier_name(enum pol_tier tier)
{
	return tier_names[tier];
}

/* The end of a tier and how to name it, or POL_NO_DATE if it has none. */
static long tier_end(const struct pol_release *r, enum pol_tier tier,
		     char *label, size_t labellen)
{
	switch (tier) {
	case POL_TIER_MAINSTREAM:
		snprintf(label, labellen, "mainstream support");
		return r->mainstream;
	case POL_TIER_EXTENDED:
		snprintf(label, labellen, "extended support");
		return r->extended;
	case POL_TIER_ESU:
		if (r->nesu > 1)
			snprintf(label, labellen, "ESU year %d", r->nesu);
		else
			snprintf(label, labellen, "ESU");
		return r->nesu ? r->esu[r->nesu - 1] : POL_NO_DATE;
	case POL_TIER_ESU_AZURE:
		if (r->nesu > 1)
			snprintf(label, labellen, "ESU year %d (Azure only)",
				 r->nesu + 1);
		else
			snprintf(label, labellen, "Azure ESU");
		return r->azure;
	}
	return POL_NO_DATE;
}

__attribute__((format(printf, 3, 4))) static void
append(char *buf, size_t buflen, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used + 1 >= buflen)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, buflen - used, fmt, ap);
	va_end(ap);
}

static void describe_days(long days, char *buf, size_t buflen)
{
	if (days > 1)
		snprintf(buf, buflen, "%ld days left", days);
	else if (days == 1)
		snprintf(buf, buflen, "1 day left");
	else if (days == 0)
		snprintf(buf, buflen, "its last day");
	else if (days == -1)
		snprintf(buf, buflen, "1 day ago");
	else
		snprintf(buf, buflen, "%ld days ago", -days);
}

/* "to DATE" for a tier still running on today, "also ended DATE" after. */
static void until(long end, long today, char *buf, size_t buflen)
{
	char date[POL_DATE_TEXT];

	pol_date_format(end, date);
	snprintf(buf, buflen, "%s %s", end >= today ? "to" : "also ended",
		 date);
}

/*
 * After an ended tier: what a higher tier gives, or that it has ended
 * too (then it is no remedy, and the text does not offer it as one).
 */
static void describe_beyond(const struct pol_release *r, enum pol_tier tier,
			    long today, char *buf, size_t buflen)
{
	char esu[40], azure[40];

	if (tier == POL_TIER_MAINSTREAM && r->extended != POL_NO_DATE &&
	    r->extended != r->mainstream) {
		until(r->extended, today, esu, sizeof(esu));
		append(buf, buflen, "; extended support %s", esu);
	} else if (tier <= POL_TIER_EXTENDED && r->nesu > 0) {
		until(r->esu[r->nesu - 1], today, esu, sizeof(esu));
		append(buf, buflen, "; ESU %s", esu);
		if (r->azure != POL_NO_DATE) {
			until(r->azure, today, azure, sizeof(azure));
			append(buf, buflen, ", on Azure %s", azure);
		}
	} else if (tier == POL_TIER_ESU && r->azure != POL_NO_DATE) {
		until(r->azure, today, azure, sizeof(azure));
		append(buf, buflen, "; on Azure %s", azure);
	}
}

struct pol_verdict pol_rule_support(const struct pol_release *release,
				    enum pol_tier tier, long today,
				    const struct wb_range *warn,
				    const struct wb_range *crit)
{
	struct pol_verdict v = {.state = WB_UNKNOWN};
	char label[48], date[POL_DATE_TEXT], days[32];
	enum pol_tier used = tier;
	long end = tier_end(release, used, label, sizeof(label));

	while (end == POL_NO_DATE && used > POL_TIER_EXTENDED) {
		append(v.message, sizeof(v.message),
		       used == POL_TIER_ESU_AZURE
			       ? "no Azure-only ESU year for %s, so "
			       : "no ESU for %s in this catalogue, so ",
		       release->name);
		used--;
		end = tier_end(release, used, label, sizeof(label));
	}
	if (end == POL_NO_DATE) {
		append(v.message, sizeof(v.message),
		       "the catalogue has no %s end date for %s", label,
		       release->name);
		return v;
	}
	v.has_days = true;
	v.tier = used;
	v.end = end;
	v.days_left = end - today;
	v.state = wb_range_state(warn, crit, (double)v.days_left);
	pol_date_format(end, date);
	describe_days(v.days_left, days, sizeof(days));
	append(v.message, sizeof(v.message),
	       v.days_left >= 0 ? "%s ends %s" : "%s ended %s", label, date);
	append(v.message, sizeof(v.message), " (%s)", days);
	if (v.days_left < 0)
		describe_beyond(release, used, today, v.message,
				sizeof(v.message));
	return v;
}
