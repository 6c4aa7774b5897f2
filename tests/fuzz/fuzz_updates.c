/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * An update history (--updates FILE is user text). A failed parse returns
 * nothing and names the file; what parses keeps its rows sorted and on
 * their lines, and hosts on the builds and revisions of its first rows
 * (just below, at and above each) are evaluated with every patch rule and
 * the row's KB required: both renderings hold, and the patch figures stay
 * in range.
 */
#include "fuzz.h"
#include "policy/date.h"
#include "policy/evaluate.h"
#include "policy/version.h"

#include <stdio.h>
#include <string.h>

#define ROWS_EVALUATED 8

static void evaluate(const struct pol_updates *u, const struct pol_update *r,
		     long revision, enum pol_product_type type)
{
	static const char *const rules[][2] = {
		{"patch-age-warning", "30"},
		{"updates-behind-critical", "2"},
		{"baseline", "latest-1 warning"},
		{"baseline-grace", "7"},
	};
	struct pol_policy cmdline = {0};
	struct pol_facts facts;
	struct pol_report report = {0};
	char err[256];

	for (size_t i = 0; i < sizeof(rules) / sizeof(*rules); i++)
		if (!pol_policy_set(&cmdline, rules[i][0], rules[i][1],
				    strlen(rules[i][1]),
				    (struct pol_where){"fuzz", 0}, false, err,
				    sizeof(err)))
			fuzz_fail("a fixed rule was refused: %s", err);
	pol_policy_set(&cmdline, "require-hotfix", r->kb, strlen(r->kb),
		       (struct pol_where){"fuzz", 0}, false, err, sizeof(err));
	pol_facts_init(&facts);
	facts.nt_major = r->build < 9200 ? 6 : 10;
	facts.nt_minor = r->build < 9200 ? (r->build < 7000 ? 0 : 1) : 0;
	facts.build = r->build;
	facts.revision = revision;
	facts.type = type;
	facts.src_version = "fuzz";
	facts.src_revision = "fuzz";
	pol_evaluate(fuzz_shipped(), u, NULL, &cmdline, &facts,
		     r->released + revision % 400, &report);
	fuzz_check_report(&report);
	if (report.patch.known &&
	    (report.patch.behind < 0 || report.patch.behind > 1200 ||
	     (!report.patch.newer && report.patch.age < 0)))
		fuzz_fail("patch figures out of range: age %ld, behind %d",
			  report.patch.age, report.patch.behind);
}

int fuzz_updates(const uint8_t *data, size_t size)
{
	struct pol_updates *u;
	char err[512];

	if (pol_updates_parse((const char *)data, size, "fuzz.updates", &u,
			      err, sizeof(err)) != POL_OK) {
		if (u != NULL)
			fuzz_fail("a failed parse returned a history");
		if (strncmp(err, "fuzz.updates", 12) != 0)
			fuzz_fail("an error without the file name: %s", err);
		return 0;
	}
	for (size_t i = 1; i < u->count; i++)
		if (u->rows[i - 1].build > u->rows[i].build ||
		    (u->rows[i - 1].build == u->rows[i].build &&
		     u->rows[i - 1].revision > u->rows[i].revision))
			fuzz_fail("rows out of order at %zu", i);
	for (size_t i = 0; i < u->count; i++)
		if (pol_revision_line(u->rows[i].build) != u->rows[i].build)
			fuzz_fail("a row off its line: %ld", u->rows[i].build);
	for (size_t i = 0; i < u->count && i < ROWS_EVALUATED; i++) {
		const struct pol_update *r = &u->rows[i];
		for (long d = -1; d <= 1; d++) {
			if (r->revision + d < 0)
				continue;
			evaluate(u, r, r->revision + d, POL_TYPE_SERVER);
			evaluate(u, r, r->revision + d, POL_TYPE_WORKSTATION);
		}
	}
	pol_updates_free(u);
	return 0;
}
