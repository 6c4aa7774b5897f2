/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The support rule, as a table of (row, tier, date) against the shipped
 * catalogue. (The rules a policy adds: test_policy.c.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "shipped.h"

#include "policy/catalog.h"
#include "policy/date.h"
#include "policy/facts.h"
#include "policy/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct support_case {
	const char *id;
	enum pol_tier tier;
	const char *date;
	enum wb_state state;
	long days_left;
	const char *says; /* a part of the message */
};

static const struct support_case support_cases[] = {
	/* Server 2008 SP2, extended end 2020-01-14 */
	{"server-2008-sp2", POL_TIER_EXTENDED, "2020-01-14", WB_WARNING, 0,
	 "extended support ends 2020-01-14 (its last day)"},
	{"server-2008-sp2", POL_TIER_EXTENDED, "2020-01-15", WB_CRITICAL, -1,
	 "extended support ended 2020-01-14 (1 day ago); ESU to 2023-01-10, "
	 "on Azure to 2024-01-09"},
	{"server-2008-sp2", POL_TIER_EXTENDED, "2019-07-18", WB_OK, 180,
	 "180 days left"},
	{"server-2008-sp2", POL_TIER_EXTENDED, "2019-07-19", WB_WARNING, 179,
	 "179 days left"},
	{"server-2008-sp2", POL_TIER_EXTENDED, "2019-07-17", WB_OK, 181,
	 "181 days left"},
	{"server-2008-sp2", POL_TIER_ESU, "2022-06-01", WB_OK, 223,
	 "ESU year 3 ends 2023-01-10"},
	{"server-2008-sp2", POL_TIER_ESU, "2026-11-22", WB_CRITICAL, -1412,
	 "ESU year 3 ended 2023-01-10 (1412 days ago); on Azure also ended "
	 "2024-01-09"},
	{"server-2008-sp2", POL_TIER_ESU_AZURE, "2023-06-01", WB_OK, 222,
	 "ESU year 4 (Azure only) ends 2024-01-09"},
	{"server-2008-sp2", POL_TIER_MAINSTREAM, "2016-01-01", WB_CRITICAL,
	 -353, "; extended support to 2020-01-14"},
	/* a higher tier that has ended too is said so, not offered */
	{"server-2008-sp2", POL_TIER_EXTENDED, "2023-06-01", WB_CRITICAL,
	 -1234, "; ESU also ended 2023-01-10, on Azure to 2024-01-09"},
	{"server-2008-sp2", POL_TIER_EXTENDED, "2026-11-22", WB_CRITICAL,
	 -2504, "; ESU also ended 2023-01-10, on Azure also ended 2024-01-09"},
	{"server-2012-r2", POL_TIER_MAINSTREAM, "2026-11-22", WB_CRITICAL,
	 -2966, "; extended support also ended 2023-10-10"},
	/* Server 2019 has no ESU in the catalogue: extended applies */
	{"server-2019", POL_TIER_ESU, "2026-11-22", WB_OK, 779,
	 "no ESU for Windows Server 2019 in this catalogue, so extended "
	 "support ends 2029-01-09"},
	{"server-2019", POL_TIER_ESU_AZURE, "2026-11-22", WB_OK, 779,
	 "extended support ends 2029-01-09"},
	/* 2012 R2 has ESU years but no Azure-only year */
	{"server-2012-r2", POL_TIER_ESU_AZURE, "2026-10-13", WB_WARNING, 0,
	 "no Azure-only ESU year for Windows Server 2012 R2, so ESU year 3 "
	 "ends 2026-10-13"},
	/* LTSC 2019 lives longer than its 1809 build-mate */
	{"win10-ltsc-2019", POL_TIER_EXTENDED, "2026-11-22", WB_OK, 779, NULL},
	{"win10-1809", POL_TIER_EXTENDED, "2026-11-22", WB_CRITICAL, -2203,
	 NULL},
};

static void test_support_table(void **state)
{
	struct wb_range warn, crit;
	char err[64];

	(void)state;
	assert_true(wb_range_parse("180:", &warn, err, sizeof(err)));
	assert_true(wb_range_parse("0:", &crit, err, sizeof(err)));
	for (size_t i = 0; i < sizeof(support_cases) / sizeof(support_cases[0]);
	     i++) {
		const struct support_case *c = &support_cases[i];
		struct pol_verdict v = pol_rule_support(
			row(c->id), c->tier, day(c->date), &warn, &crit);
		if (v.state != c->state || !v.has_days ||
		    v.days_left != c->days_left ||
		    (c->says && strstr(v.message, c->says) == NULL))
			fail_msg("%s %s %s: got %s %ld '%s'", c->id,
				 pol_tier_name(c->tier), c->date,
				 wb_state_name(v.state), v.days_left,
				 v.message);
	}
}

static void test_support_missing_date(void **state)
{
	struct pol_release r = *row("server-2022");
	struct wb_range none = {0};
	struct pol_verdict v;

	(void)state;
	r.extended = POL_NO_DATE;
	v = pol_rule_support(&r, POL_TIER_EXTENDED, day("2026-11-22"), &none,
			     &none);
	assert_int_equal(v.state, WB_UNKNOWN);
	assert_false(v.has_days);
	assert_non_null(strstr(v.message, "no extended support end date"));
}

static void test_tiers(void **state)
{
	enum pol_tier t;

	(void)state;
	assert_true(pol_tier_parse("esu-azure", &t));
	assert_int_equal(t, POL_TIER_ESU_AZURE);
	assert_false(pol_tier_parse("ESU", &t));
	assert_false(pol_tier_parse("", &t));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_support_table),
		cmocka_unit_test(test_support_missing_date),
		cmocka_unit_test(test_tiers),
	};
	return cmocka_run_group_tests(tests, load_shipped, free_shipped);
}
