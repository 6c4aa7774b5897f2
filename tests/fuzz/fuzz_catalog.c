/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A lifecycle catalogue (--catalog FILE is user text). Whatever parses is
 * looked up and evaluated: every build of the first rows, as a client, a
 * server and of unknown family, and both renderings are checked.
 */
#include "fuzz.h"
#include "policy/evaluate.h"

#include <stdio.h>
#include <string.h>

#define ROWS_EVALUATED 16

static void evaluate_build(const struct pol_catalog *c, long build,
			   enum pol_product_type type)
{
	struct pol_facts facts;
	struct pol_policy cmdline = {.set = 1u << POL_KEY_TIER,
				     .tier = (enum pol_tier)(build % 4)};
	struct pol_report report = {0};

	pol_facts_init(&facts);
	facts.nt_major = 10;
	facts.build = build;
	facts.type = type;
	facts.src_version = "fuzz";
	pol_evaluate(c, NULL, NULL, &cmdline, &facts, FUZZ_TODAY, &report);
	fuzz_check_report(&report);
}

int fuzz_catalog(const uint8_t *data, size_t size)
{
	struct pol_catalog *c;
	char err[512], editions[160];

	if (pol_catalog_parse((const char *)data, size, "fuzz.catalog", &c, err,
			      sizeof(err)) != POL_OK) {
		if (c != NULL)
			fuzz_fail("a failed parse returned a catalogue");
		if (strncmp(err, "fuzz.catalog", 12) != 0)
			fuzz_fail("an error without the file name: %s", err);
		return 0;
	}
	if (c->count == 0)
		fuzz_fail("a catalogue without rows was accepted");
	for (size_t i = 0; i < c->count && i < ROWS_EVALUATED; i++) {
		const struct pol_release *r = &c->rows[i];
		for (int b = 0; b < r->nbuilds; b++) {
			evaluate_build(c, r->builds[b], POL_TYPE_WORKSTATION);
			evaluate_build(c, r->builds[b], POL_TYPE_SERVER);
			evaluate_build(c, r->builds[b], POL_TYPE_UNKNOWN);
			pol_catalog_editions(c, POL_FAMILY_UNKNOWN,
					     r->builds[b], r->edition, editions,
					     sizeof(editions));
		}
	}
	pol_catalog_free(c);
	return 0;
}
