/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The evaluation: from the catalogue, the policy, the host's facts and
 * the date to the verdict of every rule. Pure: no I/O, no clock.
 */
#ifndef POL_EVALUATE_H
#define POL_EVALUATE_H

#include "catalog.h"
#include "facts.h"
#include "report.h"
#include "rules.h"

/* What the organisation asks of its hosts. */
struct pol_policy {
	enum pol_tier tier;	    /* the support paid for */
	struct wb_range warn, crit; /* on days of support left */
	const char *edition;	    /* NULL: the facts' or the catalogue's */
	struct pol_min_build min_build;
};

/*
 * Finds the host's release in catalog and applies policy's rules as of
 * day today (a day number, see date.h). Fills report: the product, the
 * version, a rule line per rule with its state, the perfdata, and the
 * effective edition; report->facts points at facts. A build the catalogue
 * cannot place is a failure with the reason in report->summary.
 */
void pol_evaluate(const struct pol_catalog *catalog,
		  const struct pol_policy *policy,
		  const struct pol_facts *facts, long today,
		  struct pol_report *report);

#endif
