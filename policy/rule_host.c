/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The rules on what is installed: the required hotfixes and the oldest
 * NSClient++ agent allowed.
 */
#include "policy.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static bool installed(const struct pol_facts *f, const char *kb)
{
	for (int i = 0; i < f->nhotfixes; i++)
		if (strcasecmp(f->hotfixes[i].id, kb) == 0)
			return true;
	return false;
}

/* A list of KBs that keeps to whole entries, " and more" after those
 * that do not fit. */
struct kb_list {
	char text[200]; /* leaves room for the rest of the message */
	int count;
	bool cut;
};

static void list_add(struct kb_list *l, const char *kb, const char *how)
{
	size_t used = strlen(l->text);
	int n;

	l->count++;
	if (l->cut)
		return;
	n = snprintf(l->text + used, sizeof(l->text) - used, "%s%s%s",
		     used ? ", " : "", kb, how);
	if (used + (size_t)n + 16 >= sizeof(l->text)) {
		l->text[used] = '\0';
		l->cut = true;
	}
}

static const char *list_text(struct kb_list *l)
{
	if (l->cut)
		snprintf(l->text + strlen(l->text),
			 sizeof(l->text) - strlen(l->text), " and more");
	return l->text;
}

struct pol_verdict pol_rule_hotfixes(const struct pol_policy *p,
				     const struct pol_facts *f,
				     const struct pol_updates *u,
				     enum pol_family family)
{
	struct pol_verdict v = {.state = WB_OK};
	struct kb_list missing = {0}, unknown = {0}, foreign = {0},
		       by_revision = {0};
	bool listed = f->src_hotfixes != NULL;
	char how[48];

	if (p->nhotfix == 0) {
		v.skip = true;
		return v;
	}
	for (int i = 0; i < p->nhotfix; i++) {
		bool other;
		const struct pol_update *row = pol_updates_kb(
			u, f->build, family, p->hotfix[i], &other);
		if (listed && installed(f, p->hotfix[i]))
			continue;
		if (row != NULL && other) {
			snprintf(how, sizeof(how),
				 " (a%s%s update for build %ld)",
				 row->family == POL_FAMILY_UNKNOWN ? "n" : " ",
				 row->family == POL_FAMILY_UNKNOWN
					 ? ""
					 : pol_family_name(row->family),
				 row->build);
			list_add(&foreign, p->hotfix[i], how);
		} else if (row != NULL && f->revision != POL_NOT_KNOWN &&
			   f->revision >= row->revision) {
			snprintf(how, sizeof(how), " by revision %ld >= %ld",
				 f->revision, row->revision);
			list_add(&by_revision, p->hotfix[i], how);
		} else if (row != NULL && f->revision != POL_NOT_KNOWN) {
			snprintf(how, sizeof(how), " (%ld.%ld or later)",
				 f->build, row->revision);
			list_add(&missing, p->hotfix[i], how);
		} else if (!listed || f->hotfixes_capped) {
			list_add(&unknown, p->hotfix[i], "");
		} else {
			list_add(&missing, p->hotfix[i], "");
		}
	}
	if (foreign.count > 0) {
		v.state = WB_UNKNOWN;
		snprintf(v.message, sizeof(v.message),
			 "the policy requires on build %ld what the update "
			 "history knows only for other builds: %s",
			 f->build, list_text(&foreign));
	} else if (missing.count > 0) {
		v.state = WB_CRITICAL;
		snprintf(v.message, sizeof(v.message),
			 "%d of %d required not installed: %s", missing.count,
			 p->nhotfix, list_text(&missing));
	} else if (unknown.count > 0) {
		v.state = p->missing;
		v.no_fact = true;
		snprintf(v.message, sizeof(v.message),
			 "%d of %d required cannot be checked (%s): %s",
			 unknown.count, p->nhotfix,
			 !listed ? "the installed hotfixes are not known; "
				   "NSClient++ lists them, SNMP only on XP "
				   "and Server 2003"
				 : "not among the hotfixes listed, and the "
				   "list is capped",
			 list_text(&unknown));
	} else {
		snprintf(v.message, sizeof(v.message),
			 "all %d required hotfixes are installed%s%s",
			 p->nhotfix, by_revision.count ? ": " : "",
			 by_revision.count ? list_text(&by_revision) : "");
	}
	return v;
}

struct pol_verdict pol_rule_agent(const struct pol_policy *p,
				  const struct pol_facts *f)
{
	struct pol_verdict v = {.state = WB_OK};
	struct pol_agent_version have;
	char want[48];

	if (!(p->set & (1u << POL_KEY_AGENT))) {
		v.skip = true;
		return v;
	}
	snprintf(want, sizeof(want), "%ld.%ld.%ld.%ld", p->agent.part[0],
		 p->agent.part[1], p->agent.part[2], p->agent.part[3]);
	if (f->agent[0] == '\0' ||
	    !pol_agent_version_parse(f->agent, strlen(f->agent), &have)) {
		v.state = p->missing;
		v.no_fact = true;
		snprintf(v.message, sizeof(v.message),
			 "the NSClient++ version is not known (%s); the "
			 "minimum is %s",
			 f->agent_api ? "the agent did not tell it"
				      : "ask NSClient++ with --source rest",
			 want);
		return v;
	}
	if (pol_agent_version_compare(&have, &p->agent) < 0) {
		v.state = p->agent_state;
		snprintf(v.message, sizeof(v.message),
			 "NSClient++ %s is older than the minimum %s", f->agent,
			 want);
		return v;
	}
	snprintf(v.message, sizeof(v.message),
		 "NSClient++ %s is at or above the minimum %s", f->agent, want);
	return v;
}
