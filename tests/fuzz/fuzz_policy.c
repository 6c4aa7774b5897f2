/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A policy file (--policy FILE is user text). A refusal returns nothing
 * and names the file and a line; what parses is checked against the
 * shipped catalogue and evaluated for a 6002, a 6003 and a 2019 host of
 * each product type, and both answers hold.
 */
#include "fuzz.h"
#include "policy/date.h"
#include "policy/evaluate.h"

#include <stdio.h>
#include <string.h>

static void evaluate(const struct pol_file *file, int major, long build,
		     long revision, enum pol_product_type type)
{
	static const struct pol_hotfix installed[] = {
		{"KB4474419", POL_NO_DATE}, {"KB4493730", POL_NO_DATE}};
	struct pol_facts facts;
	struct pol_report report = {0};

	pol_facts_init(&facts);
	facts.nt_major = major;
	facts.build = build;
	facts.revision = revision;
	facts.type = type;
	facts.src_version = "fuzz";
	facts.hotfixes = installed;
	facts.nhotfixes = 2;
	facts.src_hotfixes = revision != POL_NOT_KNOWN ? "fuzz" : NULL;
	report.explain = true;
	pol_evaluate(fuzz_shipped(), NULL, file, NULL, &facts, FUZZ_TODAY, &report);
	fuzz_check_report(&report);
	if (report.nrules > POL_RULES_MAX)
		fuzz_fail("%d rules", report.nrules);
	if (report.policy.nmin > POL_LIST_MAX ||
	    report.policy.ndeny > POL_LIST_MAX ||
	    report.policy.nhotfix > POL_LIST_MAX)
		fuzz_fail("a resolved list over %d", POL_LIST_MAX);
}

int fuzz_policy(const uint8_t *data, size_t size)
{
	static const enum pol_product_type types[] = {
		POL_TYPE_WORKSTATION, POL_TYPE_SERVER,
		POL_TYPE_DOMAIN_CONTROLLER};
	struct pol_file *file;
	char err[512];

	if (pol_file_parse((const char *)data, size, "fuzz.ini", &file, err,
			   sizeof(err)) != POL_OK) {
		if (file != NULL)
			fuzz_fail("a failed parse returned a policy");
		if (strncmp(err, "fuzz.ini:", 9) != 0 || err[9] < '1' ||
		    err[9] > '9')
			fuzz_fail("an error without the file and line: %s",
				  err);
		/* it quotes the file: the answer that shows it is clean */
		struct pol_report report = {0};
		pol_report_fail(&report, WB_UNKNOWN, err);
		fuzz_check_report(&report);
		return 0;
	}
	if (!pol_file_check(file, fuzz_shipped(), err, sizeof(err)) &&
	    strncmp(err, "fuzz.ini:", 9) != 0)
		fuzz_fail("a check error without the file: %s", err);
	for (size_t t = 0; t < 3; t++) {
		evaluate(file, 6, 6002, POL_NOT_KNOWN, types[t]);
		evaluate(file, 6, 6003, 21481, types[t]);
		evaluate(file, 10, 17763, 8644, types[t]);
	}
	pol_file_free(file);
	return 0;
}
