/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The evaluation (catalogue, policy, facts, date -> report) and the merge
 * of facts from two sources, as tables, without any transport. Facts are
 * those the real sources give for the hosts of tests/fixtures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "shipped.h"

#include "policy/evaluate.h"

#include <stdio.h>
#include <string.h>

/* Facts as SNMP gives them: sysDescr's build, sysObjectID's type. */
static struct pol_facts snmp_facts(int major, int minor, long build,
				   enum pol_product_type type)
{
	struct pol_facts f;

	pol_facts_init(&f);
	f.nt_major = major;
	f.nt_minor = minor;
	f.build = build;
	f.type = type;
	f.src_version = "snmp:sysDescr.0";
	f.src_type = type != POL_TYPE_UNKNOWN ? "snmp:sysObjectID.0" : NULL;
	return f;
}

/* The command line's rules: a tier, and a --min-build when given. */
static struct pol_policy policy(enum pol_tier tier, const char *min_build)
{
	struct pol_policy p = {.set = 1u << POL_KEY_TIER, .tier = tier};
	char err[128];

	if (min_build != NULL &&
	    !pol_policy_set(&p, "min-build", min_build, strlen(min_build),
			    (struct pol_where){"the command line", 0}, false,
			    err, sizeof(err)))
		fail_msg("%s", err);
	return p;
}

struct eval_case {
	const char *what;
	struct pol_facts facts;
	enum pol_tier tier;
	const char *edition, *min_build, *date;
	enum wb_state state;
	const char *product; /* NULL: a failure */
	const char *says;    /* in the summary or one of the rule lines */
};

static bool says(const struct pol_report *r, const char *text)
{
	if (strstr(r->summary, text) != NULL)
		return true;
	for (int i = 0; i < r->nrules; i++)
		if (strstr(r->rules[i].message, text) != NULL)
			return true;
	return false;
}

static void test_table(void **state)
{
	const struct eval_case cases[] = {
		{"2008 SP2 on 6002, extended",
		 snmp_facts(6, 0, 6002, POL_TYPE_SERVER), POL_TIER_EXTENDED,
		 NULL, NULL, "2026-11-22", WB_CRITICAL, "server-2008-sp2",
		 "extended support ended 2020-01-14"},
		{"2008 SP2 on 6002 below --min-build 6003",
		 snmp_facts(6, 0, 6002, POL_TYPE_SERVER), POL_TIER_ESU, NULL,
		 "6003", "2022-06-01", WB_CRITICAL, "server-2008-sp2",
		 "6002 is below the minimum 6003"},
		{"2008 SP2 on 6003 in ESU",
		 snmp_facts(6, 0, 6003, POL_TYPE_SERVER), POL_TIER_ESU, NULL,
		 "6003", "2022-06-01", WB_OK, "server-2008-sp2",
		 "ESU year 3 ends 2023-01-10"},
		{"a revision minimum over SNMP",
		 snmp_facts(6, 0, 6003, POL_TYPE_SERVER), POL_TIER_ESU, NULL,
		 "6.0.6003.21481", "2022-06-01", WB_UNKNOWN, "server-2008-sp2",
		 "SNMP does not report it"},
		{"2019 DC",
		 snmp_facts(10, 0, 17763, POL_TYPE_DOMAIN_CONTROLLER),
		 POL_TIER_EXTENDED, NULL, NULL, "2026-11-22", WB_OK,
		 "server-2019", "ends 2029-01-09"},
		{"17763 workstation, edition assumed",
		 snmp_facts(10, 0, 17763, POL_TYPE_WORKSTATION),
		 POL_TIER_EXTENDED, NULL, NULL, "2026-11-22", WB_CRITICAL,
		 "win10-1809", "not told by SNMP; assumed general"},
		{"17763 workstation, --edition ltsc",
		 snmp_facts(10, 0, 17763, POL_TYPE_WORKSTATION),
		 POL_TIER_EXTENDED, "ltsc", NULL, "2026-11-22", WB_OK,
		 "win10-ltsc-2019", "ends 2029-01-09"},
		{"an edition the build lacks",
		 snmp_facts(10, 0, 20348, POL_TYPE_SERVER), POL_TIER_EXTENDED,
		 "iot-ltsc", NULL, "2026-11-22", WB_UNKNOWN, NULL,
		 "no edition 'iot-ltsc'"},
		{"newer than the catalogue",
		 snmp_facts(10, 0, 999999, POL_TYPE_SERVER), POL_TIER_EXTENDED,
		 NULL, NULL, "2026-11-22", WB_UNKNOWN, NULL,
		 "newer than this catalogue knows"},
		{"between known builds",
		 snmp_facts(10, 0, 17000, POL_TYPE_SERVER), POL_TIER_EXTENDED,
		 NULL, NULL, "2026-11-22", WB_UNKNOWN, NULL,
		 "not in this catalogue"},
		{"a shared build without a type",
		 snmp_facts(10, 0, 26100, POL_TYPE_UNKNOWN), POL_TIER_EXTENDED,
		 NULL, NULL, "2026-11-22", WB_UNKNOWN, NULL,
		 "both a client and a server release"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct eval_case *c = &cases[i];
		struct pol_policy p = policy(c->tier, c->min_build);
		struct pol_report r = {0};

		p.edition = c->edition;
		pol_evaluate(shipped, NULL, NULL, &p, &c->facts, day(c->date), &r);
		if (r.state != c->state ||
		    (c->product == NULL) != (r.product == NULL) ||
		    (c->product && strcmp(r.product, c->product) != 0) ||
		    !says(&r, c->says))
			fail_msg("%s: %s %s '%s' / '%s'", c->what,
				 wb_state_name(r.state),
				 r.product ? r.product : "(none)", r.summary,
				 r.nrules ? r.rules[0].message : "");
		assert_ptr_equal(r.facts, &c->facts);
	}
}

/* What NSClient++ adds to SNMP's facts: the revision and the caption's
 * edition; a 17763 workstation with an LTSC caption is LTSC 2019. */
static void test_merge(void **state)
{
	struct pol_facts snmp = snmp_facts(10, 0, 17763, POL_TYPE_WORKSTATION),
			 rest;
	struct pol_policy p = policy(POL_TIER_EXTENDED, NULL);
	struct pol_report r = {0};
	char why[256];

	(void)state;
	pol_facts_init(&rest);
	rest.nt_major = 10;
	rest.build = 17763;
	rest.src_version = "nsclient:check_wmi Win32_OperatingSystem";
	rest.revision = 6893;
	rest.src_revision = "nsclient:check_registry_value UBR";
	strcpy(rest.caption, "Microsoft Windows 10 Enterprise LTSC 2019");
	rest.src_caption = rest.src_version;
	strcpy(rest.edition, "ltsc");
	rest.src_edition = rest.src_caption;
	rest.agent_api = "v1";
	assert_true(pol_facts_merge(&snmp, &rest, why, sizeof(why)));
	assert_string_equal(snmp.src_version,
			    "snmp:sysDescr.0 and nsclient:check_wmi "
			    "Win32_OperatingSystem");
	assert_int_equal(snmp.revision, 6893);
	assert_string_equal(snmp.src_type, "snmp:sysObjectID.0");
	pol_evaluate(shipped, NULL, NULL, &p, &snmp, day("2026-11-22"), &r);
	assert_string_equal(r.product, "win10-ltsc-2019");
	assert_string_equal(r.version, "10.0.17763.6893");
	assert_string_equal(r.edition, "ltsc");
	assert_null(r.edition_assumed);

	/* SNMP and NSClient++ disagreeing: named, and nothing merged */
	snmp = snmp_facts(6, 0, 6002, POL_TYPE_SERVER);
	rest.nt_major = 6;
	rest.build = 6003;
	assert_false(pol_facts_merge(&snmp, &rest, why, sizeof(why)));
	assert_string_equal(why,
			    "the sources disagree on the build: "
			    "snmp:sysDescr.0 says 6002, nsclient:check_wmi "
			    "Win32_OperatingSystem says 6003");
	assert_int_equal(snmp.revision, POL_NOT_KNOWN);

	/* on the NT version */
	rest.nt_minor = 1;
	rest.build = 6002;
	assert_false(pol_facts_merge(&snmp, &rest, why, sizeof(why)));
	assert_string_equal(why, "the sources disagree on the NT version: "
				 "snmp:sysDescr.0 says 6.0, "
				 "nsclient:check_wmi Win32_OperatingSystem "
				 "says 6.1");

	/* a workstation and a server */
	rest.nt_minor = 0;
	rest.type = POL_TYPE_WORKSTATION;
	rest.src_type = "nsclient:check_wmi ProductType";
	assert_false(pol_facts_merge(&snmp, &rest, why, sizeof(why)));
	assert_string_equal(why, "the sources disagree on the product type: "
				 "snmp:sysObjectID.0 says server, "
				 "nsclient:check_wmi ProductType says "
				 "workstation");

	/* a domain controller and a server: NSClient++'s ProductType counts,
	 * and a note says so (sysObjectID's .3 is not sure) */
	snmp.type = POL_TYPE_DOMAIN_CONTROLLER;
	rest.type = POL_TYPE_SERVER;
	assert_true(pol_facts_merge(&snmp, &rest, why, sizeof(why)));
	assert_int_equal(snmp.type, POL_TYPE_SERVER);
	assert_string_equal(snmp.notes,
			    "snmp:sysObjectID.0 says domain_controller, "
			    "nsclient:check_wmi ProductType says server: the "
			    "latter counts");
}

/* NSClient++ facts: a Caption and the edition it names. */
static struct pol_facts nsc_facts(long build, enum pol_product_type type,
				  const char *caption, const char *edition)
{
	struct pol_facts f;

	pol_facts_init(&f);
	f.nt_major = 10;
	f.build = build;
	f.type = type;
	f.src_version = "nsclient:check_wmi Win32_OperatingSystem";
	f.src_type = "nsclient:check_wmi ProductType";
	snprintf(f.caption, sizeof(f.caption), "%s", caption);
	f.src_caption = f.src_version;
	snprintf(f.edition, sizeof(f.edition), "%s", edition);
	f.src_edition = f.src_caption;
	return f;
}

/* A Caption's edition picks its row; one the build lacks falls back to
 * the edition that stands in for it, else to the build's default. */
static void test_caption_editions(void **state)
{
	const struct eval_case cases[] = {
		{"Azure Stack HCI 21H2 on 20348",
		 nsc_facts(20348, POL_TYPE_SERVER, "Microsoft Azure Stack HCI",
			   "azure-local"),
		 POL_TIER_EXTENDED, NULL, NULL, "2026-12-02", WB_CRITICAL,
		 "azure-stack-hci-21h2", "ended 2023-11-14"},
		{"Azure Local 23H2 on 25398",
		 nsc_facts(25398, POL_TYPE_SERVER, "Microsoft Azure Stack HCI",
			   "azure-local"),
		 POL_TIER_EXTENDED, NULL, NULL, "2026-12-02", WB_CRITICAL,
		 "azure-local-23h2", "ended 2026-04-30"},
		{"Azure Local 24H2 on 26100: no end date published",
		 nsc_facts(26100, POL_TYPE_SERVER, "Microsoft Azure Stack HCI",
			   "azure-local"),
		 POL_TIER_EXTENDED, NULL, NULL, "2026-12-02", WB_UNKNOWN,
		 "azure-local-24h2", "no extended support end date"},
		{"Server 2022 on 20348 stays Server 2022",
		 nsc_facts(20348, POL_TYPE_SERVER,
			   "Microsoft Windows Server 2022 Standard", "ltsc"),
		 POL_TIER_EXTENDED, NULL, NULL, "2026-12-02", WB_OK,
		 "server-2022", "ends 2031-10-14"},
		{"Windows 10 IoT Enterprise 22H2: no ESU",
		 nsc_facts(19045, POL_TYPE_WORKSTATION,
			   "Microsoft Windows 10 IoT Enterprise",
			   "iot-enterprise"),
		 POL_TIER_ESU, NULL, NULL, "2026-12-02", WB_CRITICAL,
		 "win10-iot-22h2", "no ESU for Windows 10 IoT Enterprise"},
		{"Windows 11 IoT Enterprise 25H2: the Enterprise dates",
		 nsc_facts(26200, POL_TYPE_WORKSTATION,
			   "Microsoft Windows 11 IoT Enterprise",
			   "iot-enterprise"),
		 POL_TIER_EXTENDED, NULL, NULL, "2026-12-02", WB_OK,
		 "win11-25h2-enterprise", "ends 2028-10-10"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct eval_case *c = &cases[i];
		struct pol_policy p = policy(c->tier, c->min_build);
		struct pol_report r = {0};

		pol_evaluate(shipped, NULL, NULL, &p, &c->facts, day(c->date), &r);
		if (r.state != c->state || r.product == NULL ||
		    strcmp(r.product, c->product) != 0 || !says(&r, c->says))
			fail_msg("%s: %s %s '%s' / '%s'", c->what,
				 wb_state_name(r.state),
				 r.product ? r.product : "(none)", r.summary,
				 r.nrules ? r.rules[0].message : "");
	}
}

/* Facts that cannot all be true: UNKNOWN naming what and who said it. */
static void test_contradictions(void **state)
{
	struct {
		struct pol_facts facts;
		const char *caption, *says;
	} cases[] = {
		{snmp_facts(6, 1, 6002, POL_TYPE_SERVER), NULL,
		 "facts that cannot all be true: snmp:sysDescr.0 says NT 6.1, "
		 "but build 6002 is NT 6.0"},
		{snmp_facts(10, 0, 20348, POL_TYPE_WORKSTATION), NULL,
		 "facts that cannot all be true: snmp:sysObjectID.0 says "
		 "workstation, but build 20348 is only a server release"},
		{snmp_facts(10, 0, 22631, POL_TYPE_DOMAIN_CONTROLLER), NULL,
		 "facts that cannot all be true: snmp:sysObjectID.0 says "
		 "domain_controller, but build 22631 is only a client release"},
		{snmp_facts(10, 0, 20348, POL_TYPE_SERVER),
		 "Microsoft Windows Server 2019 Standard",
		 "facts that cannot all be true: nsclient:caption says "
		 "'Microsoft Windows Server 2019 Standard', but build 20348 "
		 "(snmp:sysDescr.0) is Windows Server 2022"},
		{snmp_facts(10, 0, 26100, POL_TYPE_WORKSTATION),
		 "Microsoft Windows 10 Enterprise LTSC 2021",
		 "facts that cannot all be true: nsclient:caption says "
		 "'Microsoft Windows 10 Enterprise LTSC 2021', but build 26100 "
		 "(snmp:sysDescr.0) is Windows 11"},
	};
	struct pol_policy p = policy(POL_TIER_EXTENDED, NULL);

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pol_report r = {0};
		if (cases[i].caption != NULL) {
			strcpy(cases[i].facts.caption, cases[i].caption);
			cases[i].facts.src_caption = "nsclient:caption";
		}
		pol_evaluate(shipped, NULL, NULL, &p, &cases[i].facts,
			     day("2026-11-22"), &r);
		if (r.state != WB_UNKNOWN || r.nrules != 0 ||
		    strncmp(r.summary, cases[i].says, strlen(cases[i].says)))
			fail_msg("%zu: %s %d '%s'", i, wb_state_name(r.state),
				 r.nrules, r.summary);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_caption_editions),
		cmocka_unit_test(test_contradictions),
	};
	return cmocka_run_group_tests(tests, load_shipped, free_shipped);
}
