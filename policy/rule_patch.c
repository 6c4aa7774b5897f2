/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The rules on how patched a host is, read off the update history from
 * its build and revision alone: the age of the update it runs, the
 * monthly releases it is behind, and a baseline month.
 */
#include "policy.h"

#include "date.h"

#include <stdio.h>
#include <string.h>

void pol_update_text(const struct pol_update *u, long build, char *buf,
		     size_t len)
{
	char day[POL_DATE_TEXT];

	pol_date_format(u->released, day);
	snprintf(buf, len, "%s of %s (%ld.%ld%s%s)", u->kb, day, build,
		 u->revision, u->kind == POL_UPDATE_SECURITY ? "" : ", ",
		 u->kind == POL_UPDATE_SECURITY
			 ? ""
			 : pol_update_kind_name(u->kind));
}

/* A verdict whose fact is missing: the policy's state, and why. */
static struct pol_verdict no_fact(const struct pol_policy *p, const char *what)
{
	struct pol_verdict v = {.state = p->missing, .no_fact = true};

	snprintf(v.message, sizeof(v.message), "%s", what);
	return v;
}

static const char *why_unplaced(const struct pol_facts *f,
				const struct pol_patch *patch)
{
	if (f->revision == POL_NOT_KNOWN)
		return pol_facts_os_from_agent(f)
			       ? "the revision is not known (NSClient++ did "
				 "not report it)"
			       : "the revision is not known (SNMP does not "
				 "report it; add --source snmp,rest)";
	if (!patch->known)
		return "the update history has no updates for this build";
	return NULL;
}

struct pol_verdict pol_rule_patch_age(const struct pol_policy *p,
				      const struct pol_facts *f,
				      const struct pol_patch *patch)
{
	bool ruled = p->set & (1u << POL_KEY_AGE_WARN | 1u << POL_KEY_AGE_CRIT);
	const char *why = why_unplaced(f, patch);
	struct pol_verdict v = {.state = WB_OK};
	char have[96], newest[96] = "";

	if (why != NULL) {
		if (!ruled)
			v.skip = true;
		return ruled ? no_fact(p, why) : v;
	}
	if (patch->newest != NULL)
		pol_update_text(patch->newest, f->build, newest,
				sizeof(newest));
	if (patch->newer) {
		snprintf(v.message, sizeof(v.message),
			 "revision %ld.%ld is newer than the update history "
			 "knows (its newest: %s): patch age not computed",
			 f->build, f->revision, newest);
		return v;
	}
	if (patch->installed == NULL) {
		snprintf(v.message, sizeof(v.message),
			 "revision %ld.%ld is older than every update the "
			 "history knows, at least %ld days old; newest %s",
			 f->build, f->revision, patch->age, newest);
		v.state = wb_range_state(&p->age_warn, &p->age_crit,
					 (double)patch->age);
		return v;
	}
	pol_update_text(patch->installed, f->build, have, sizeof(have));
	v.state =
		wb_range_state(&p->age_warn, &p->age_crit, (double)patch->age);
	snprintf(v.message, sizeof(v.message), "%s, %ld days old%s%s", have,
		 patch->age,
		 patch->newest != patch->installed ? "; newest " : "",
		 patch->newest != patch->installed ? newest : "");
	return v;
}

struct pol_verdict pol_rule_behind(const struct pol_policy *p,
				   const struct pol_facts *f,
				   const struct pol_patch *patch)
{
	bool ruled = p->set &
		     (1u << POL_KEY_BEHIND_WARN | 1u << POL_KEY_BEHIND_CRIT);
	const char *why = why_unplaced(f, patch);
	struct pol_verdict v = {.state = WB_OK};
	char month[POL_DATE_TEXT], skipped[96];

	if (why != NULL || patch->newer) {
		if (!ruled || patch->newer)
			v.skip = true;
		return ruled && why != NULL ? no_fact(p, why) : v;
	}
	v.state = wb_range_state(&p->behind_warn, &p->behind_crit,
				 (double)patch->behind);
	if (patch->level != NULL)
		pol_month_format(pol_month_of(patch->level->released), month);
	snprintf(v.message, sizeof(v.message),
		 "%d monthly release%s behind%s%s", patch->behind,
		 patch->behind == 1 ? "" : "s",
		 patch->level ? ", on the release of " : "",
		 patch->level ? month : "");
	if (patch->skipped != NULL) {
		pol_update_text(patch->skipped, f->build, skipped,
				sizeof(skipped));
		pol_month_format(pol_month_of(patch->skipped->released), month);
		snprintf(v.message + strlen(v.message),
			 sizeof(v.message) - strlen(v.message),
			 "; the hotpatch baseline of %s, %s, was skipped: "
			 "the hotpatches after it need it",
			 month, skipped);
	}
	return v;
}

long pol_baseline_month(const struct pol_policy *p, long today)
{
	long latest = pol_month_of(today);

	/* a month counts from its Patch Tuesday plus the grace */
	if (pol_patch_tuesday(latest) + p->grace > today)
		latest--;
	if (p->baseline.latest)
		return latest - p->baseline.minus;
	return p->baseline.month < latest ? p->baseline.month : latest;
}

struct pol_verdict pol_rule_baseline(const struct pol_policy *p,
				     const struct pol_facts *f,
				     const struct pol_updates *u,
				     const struct pol_patch *patch, long today,
				     const struct pol_update **required)
{
	struct pol_verdict v = {.state = WB_OK};
	const char *why = why_unplaced(f, patch);
	long month = pol_baseline_month(p, today), through;
	enum pol_family family = patch->family;
	char m[POL_DATE_TEXT], need[96], have[96] = "", text[96];
	size_t n;
	const struct pol_update *rows, *last = NULL;

	*required = NULL;
	if (!(p->set & (1u << POL_KEY_BASELINE))) {
		v.skip = true;
		return v;
	}
	pol_month_format(month, m);
	if (why != NULL)
		return no_fact(p, why);
	through = pol_updates_through(u, f->build);
	if (pol_patch_tuesday(month) > through) {
		pol_date_format(through, need);
		snprintf(v.message, sizeof(v.message),
			 "the update history is complete through %s: the "
			 "baseline %s is not in it (update it)",
			 need, m);
		v.state = p->missing;
		v.no_fact = true;
		return v;
	}
	*required = pol_updates_baseline(u, f->build, family, month);
	if (*required == NULL) {
		rows = pol_updates_of(u, f->build, &n);
		for (size_t i = 0; i < n; i++)
			if (pol_update_monthly(rows[i].kind) &&
			    pol_update_serves(&rows[i], family))
				last = &rows[i];
		if (last != NULL)
			pol_update_text(last, f->build, text, sizeof(text));
		else
			snprintf(text, sizeof(text), "none");
		v.state = p->baseline.state;
		snprintf(v.message, sizeof(v.message),
			 "build %ld had no release in or after %s (its last: "
			 "%s): it cannot meet the baseline",
			 f->build, m, text);
		return v;
	}
	pol_update_text(*required, f->build, need, sizeof(need));
	if (patch->installed != NULL)
		pol_update_text(patch->installed, f->build, have, sizeof(have));
	if (f->revision >= (*required)->revision) {
		snprintf(v.message, sizeof(v.message),
			 "at or above the baseline %s, %s", m, need);
		return v;
	}
	v.state = p->baseline.state;
	snprintf(v.message, sizeof(v.message),
		 "below the baseline %s: needs %s or later, runs %s", m, need,
		 have[0] ? have : "an older revision");
	return v;
}
