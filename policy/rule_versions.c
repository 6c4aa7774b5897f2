/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The rules on the host's version: the minimum version per build, and
 * the builds and revisions that are denied.
 */
#include "policy.h"

#include <stdio.h>
#include <string.h>

/* The host's version as it is compared, "6003.21481" or "6003". */
static void host_text(long build, long revision, char *buf, size_t len)
{
	if (revision == POL_NOT_KNOWN)
		snprintf(buf, len, "%ld", build);
	else
		snprintf(buf, len, "%ld.%ld", build, revision);
}

struct pol_verdict pol_rule_min_versions(const struct pol_policy *p,
					 const struct pol_facts *f,
					 const char *no_revision_hint,
					 int *which)
{
	struct pol_verdict v = {.state = WB_OK};
	const struct pol_version *same = NULL, *above = NULL, *below = NULL;
	char want[48], have[48];

	for (int i = 0; i < p->nmin; i++) {
		const struct pol_version *m = &p->min[i];
		if (!pol_version_nt_matches(m, f->nt_major, f->nt_minor))
			continue;
		if (m->build == f->build)
			same = m;
		else if (m->build > f->build &&
			 (above == NULL || m->build < above->build))
			above = m;
		else if (m->build < f->build &&
			 (below == NULL || m->build > below->build))
			below = m;
	}
	*which = (int)((same	? same
			: above ? above
			: below ? below
				: p->min) -
		       p->min);
	if (same == NULL && above == NULL && below == NULL) {
		v.has_days = false;
		v.state = WB_OK;
		v.skip = true; /* no minimum for this NT version */
		return v;
	}
	host_text(f->build, same != NULL ? f->revision : POL_NOT_KNOWN, have,
		  sizeof(have));
	if (same != NULL) {
		pol_version_format(same, want, sizeof(want));
		switch (pol_version_compare(f->build, f->revision, same)) {
		case 2:
			v.state = p->missing;
			v.no_fact = true;
			snprintf(v.message, sizeof(v.message),
				 "build %ld matches, but its revision is not "
				 "known (%s); the minimum %s needs it",
				 f->build, no_revision_hint, want);
			return v;
		case -1:
			v.state = WB_CRITICAL;
			snprintf(v.message, sizeof(v.message),
				 "%s is below the minimum %s", have, want);
			return v;
		}
		snprintf(v.message, sizeof(v.message),
			 "%s is at or above the minimum %s", have, want);
		return v;
	}
	if (above != NULL) {
		pol_version_format(above, want, sizeof(want));
		v.state = WB_CRITICAL;
		snprintf(v.message, sizeof(v.message),
			 "%s is below the minimum %s", have, want);
		return v;
	}
	pol_version_format(below, want, sizeof(want));
	snprintf(v.message, sizeof(v.message),
		 "%s is newer than the minimum %s", have, want);
	return v;
}

/* Is the host in d's range? 2: only its revision, not known, could say. */
static int in_range(const struct pol_deny *d, const struct pol_facts *f)
{
	int from, to;

	if (!pol_version_nt_matches(&d->from, f->nt_major, f->nt_minor))
		return 0;
	from = pol_version_compare(f->build, f->revision, &d->from);
	to = pol_version_compare(f->build, f->revision, &d->to);
	if (from == -1 || to == 1)
		return 0;
	return from == 2 || to == 2 ? 2 : 1;
}

struct pol_verdict pol_rule_denied(const struct pol_policy *p,
				   const struct pol_facts *f,
				   const struct pol_deny **which)
{
	struct pol_verdict v = {.state = WB_OK, .skip = true};
	char range[128], from[48], to[48], have[48];

	*which = NULL;
	for (int i = 0; i < p->ndeny; i++) {
		const struct pol_deny *d = &p->deny[i];
		int in = in_range(d, f);
		enum wb_state state = in == 2 ? p->missing : d->state;
		if (in == 0 || (*which != NULL &&
				wb_state_worst(v.state, state) == v.state))
			continue;
		*which = d;
		v.skip = false;
		v.state = state;
		v.no_fact = in == 2;
		pol_version_format(&d->from, from, sizeof(from));
		pol_version_format(&d->to, to, sizeof(to));
		snprintf(range, sizeof(range), "%s%s%s", from,
			 strcmp(from, to) ? " to " : "",
			 strcmp(from, to) ? to : "");
		if (in == 2)
			snprintf(v.message, sizeof(v.message),
				 "build %ld may be denied (%s: %s), but its "
				 "revision is not known",
				 f->build, range, d->reason);
		else {
			host_text(f->build, f->revision, have, sizeof(have));
			snprintf(v.message, sizeof(v.message),
				 "%d.%d.%s is denied%s%s%s: %s", f->nt_major,
				 f->nt_minor, have,
				 d->id[0] ? " (advisory " : "", d->id,
				 d->id[0] ? ")" : "", d->reason);
		}
	}
	return v;
}
