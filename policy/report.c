/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "report.h"

#include <stdio.h>
#include <string.h>

struct pol_rule *pol_report_rule(struct pol_report *report, const char *name,
				 enum wb_state state, const char *message)
{
	struct pol_rule *rule;

	if (report->nrules == POL_RULES_MAX)
		return NULL;
	rule = &report->rules[report->nrules++];
	rule->name = name;
	rule->state = state;
	snprintf(rule->message, sizeof(rule->message), "%s", message);
	rule->explain[0] = '\0';
	report->state = report->nrules == 1
				? state
				: wb_state_worst(report->state, state);
	return rule;
}

struct pol_perf *pol_report_perf(struct pol_report *report, const char *label,
				 double value, int decimals, const char *uom,
				 const struct wb_range *warn,
				 const struct wb_range *crit)
{
	struct pol_perf *p;

	if (report->nperf == POL_PERF_MAX)
		return NULL;
	p = &report->perf[report->nperf++];
	memset(p, 0, sizeof(*p));
	p->label = label;
	p->value = value;
	p->decimals = decimals;
	p->uom = uom;
	if (warn != NULL && warn->set)
		snprintf(p->warn, sizeof(p->warn), "%s", warn->text);
	if (crit != NULL && crit->set)
		snprintf(p->crit, sizeof(p->crit), "%s", crit->text);
	return p;
}

void pol_report_fail(struct pol_report *report, enum wb_state state,
		     const char *message)
{
	report->state = state;
	snprintf(report->summary, sizeof(report->summary), "%s", message);
}
