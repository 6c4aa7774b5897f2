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

struct pol_verdict pol_rule_hotfixes(const struct pol_policy *p,
				     const struct pol_facts *f)
{
	struct pol_verdict v = {.state = WB_OK};
	char missing[200] = ""; /* leaves room for the rest of the message */
	int nmissing = 0;
	bool shown_all = true;

	if (p->nhotfix == 0) {
		v.skip = true;
		return v;
	}
	if (f->src_hotfixes == NULL) {
		v.state = p->missing;
		v.no_fact = true;
		snprintf(v.message, sizeof(v.message),
			 "the installed hotfixes are not known (NSClient++ "
			 "lists them; SNMP only on XP and Server 2003): "
			 "cannot check %d required",
			 p->nhotfix);
		return v;
	}
	for (int i = 0; i < p->nhotfix; i++) {
		size_t used = strlen(missing);
		if (installed(f, p->hotfix[i]))
			continue;
		nmissing++;
		/* whole KBs only, the room for " and N more" kept */
		if (used + strlen(p->hotfix[i]) + 2 < sizeof(missing) - 16)
			snprintf(missing + used, sizeof(missing) - used,
				 "%s%s", used ? ", " : "", p->hotfix[i]);
		else
			shown_all = false;
	}
	if (!shown_all)
		snprintf(missing + strlen(missing),
			 sizeof(missing) - strlen(missing), " and more");
	if (nmissing == 0) {
		snprintf(v.message, sizeof(v.message),
			 "all %d required hotfixes are installed", p->nhotfix);
		return v;
	}
	/* a list that did not fit may hold them further on */
	v.state = f->hotfixes_capped ? p->missing : WB_CRITICAL;
	v.no_fact = f->hotfixes_capped;
	snprintf(v.message, sizeof(v.message), "%d of %d required not %s: %s",
		 nmissing, p->nhotfix,
		 f->hotfixes_capped ? "among the hotfixes listed (the list is "
				      "capped)"
				    : "installed",
		 missing);
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
