/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The evaluation: from the catalogue, the policy, the host's facts and
 * the date to the verdict of every rule. Pure: no I/O, no clock.
 */
#ifndef POL_EVALUATE_H
#define POL_EVALUATE_H

#include "catalog.h"
#include "facts.h"
#include "policy.h"
#include "report.h"

/* How long after its review a catalogue is said to be maybe stale. */
#define POL_STALE_DAYS 120
/* How long after the update history's last day patch figures may be
 * understated. */
#define POL_UPDATES_STALE_DAYS 45

/*
 * Finds the host's release in catalog, resolves the rules for it (the
 * built-in defaults, the catalogue's advisories, file's sections, then
 * cmdline's; file may be NULL) and applies them as of day today (a day
 * number, see date.h), the patch rules against updates (NULL: none). Fills
 * report: the product, the version, a rule line with its state and its
 * explanation per rule that has something to say, the perfdata, and the
 * effective edition; report->facts points at facts. Facts that cannot all be
 * true, and a build the catalogue cannot place, are a failure with the reason
 * in report->summary.
 */
void pol_evaluate(const struct pol_catalog *catalog,
		  const struct pol_updates *updates,
		  const struct pol_file *file, const struct pol_policy *cmdline,
		  const struct pol_facts *facts, long today,
		  struct pol_report *report);

#endif
