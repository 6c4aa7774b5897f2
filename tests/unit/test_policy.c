/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The policy: versions as it writes them, the policy file's parser (every
 * error it reports), the order its sections and the command line apply
 * in, and each rule a policy adds, alone, as tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "shipped.h"

#include "policy/policy.h"

#include <stdio.h>
#include <string.h>

/* A command-line layer from "key=value" lines, as the options set it. */
static void layer(struct pol_policy *p, const char *const *rules)
{
	char err[256];

	*p = (struct pol_policy){0};
	for (; *rules != NULL; rules++) {
		const char *eq = strchr(*rules, '=');
		char key[32];
		assert_non_null(eq);
		snprintf(key, sizeof(key), "%.*s", (int)(eq - *rules), *rules);
		if (!pol_policy_set(p, key, eq + 1, strlen(eq + 1),
				    (struct pol_where){"cmdline", 0}, false,
				    err, sizeof(err)))
			fail_msg("%s: %s", *rules, err);
	}
}

/* The rules resolved from the defaults and one layer, no catalogue
 * advisories and no file. */
static struct pol_policy resolved(const char *const *rules)
{
	static struct pol_catalog none;
	struct pol_policy cmdline, out;

	layer(&cmdline, rules);
	pol_policy_resolve(&none, NULL, &cmdline, NULL, POL_TYPE_UNKNOWN, NULL,
			   &out);
	return out;
}

static struct pol_facts host(int major, int minor, long build, long revision)
{
	struct pol_facts f;

	pol_facts_init(&f);
	f.nt_major = major;
	f.nt_minor = minor;
	f.build = build;
	f.revision = revision;
	f.src_version = "test";
	return f;
}

static void test_versions(void **state)
{
	static const char *const bad[] = {
		"",	 "x.y",	     "6.0",	     "6.0.",	     ".6003",
		"6003a", "-6003",    "6.0.6003.1.2", "0",	     "12345678",
		"6..0",	 "6.0.6003.", " 6003",	     "6.0.6003 x"};
	struct pol_version v, to;

	(void)state;
	assert_true(pol_version_parse("6.0.6003.21481", 14, &v));
	assert_int_equal(v.major, 6);
	assert_int_equal(v.build, 6003);
	assert_int_equal(v.revision, 21481);
	assert_true(pol_version_parse("6003", 4, &v));
	assert_int_equal(v.major, POL_ANY);
	assert_int_equal(v.revision, POL_ANY);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (pol_version_parse(bad[i], strlen(bad[i]), &v))
			fail_msg("'%s' was accepted", bad[i]);

	/* (build, revision) compared within one build only */
	assert_true(pol_version_parse("6.0.6003.20489", 14, &v));
	assert_int_equal(pol_version_compare(6002, 24565, &v), -1);
	assert_int_equal(pol_version_compare(6003, 20489, &v), 0);
	assert_int_equal(pol_version_compare(6003, 20512, &v), 1);
	assert_int_equal(pol_version_compare(6003, POL_NOT_KNOWN, &v), 2);
	assert_int_equal(pol_version_compare(7601, POL_NOT_KNOWN, &v), 1);

	assert_true(pol_version_range_parse("10.0.17763.8644-10.0.17763.8646",
					    31, &v, &to));
	assert_int_equal(v.revision, 8644);
	assert_int_equal(to.revision, 8646);
	assert_false(pol_version_range_parse("6003-6002", 9, &v, &to));
	assert_false(pol_version_range_parse("6.0.6002-10.0.17763", 19, &v,
					     &to));
	assert_false(pol_version_range_parse("6002-", 5, &v, &to));
}

static void test_agent_versions(void **state)
{
	struct pol_agent_version a, b;

	(void)state;
	assert_true(pol_agent_version_parse("0.5.2.35", 8, &a));
	assert_true(pol_agent_version_parse("0.16.4.55 2026-11-22", 20, &b));
	assert_int_equal(pol_agent_version_compare(&a, &b), -1);
	assert_true(pol_agent_version_parse("0.16", 4, &a));
	assert_int_equal(pol_agent_version_compare(&a, &b), -1);
	assert_false(pol_agent_version_parse("0", 1, &a));
	assert_false(pol_agent_version_parse("v0.5", 4, &a));
	assert_false(pol_agent_version_parse("0.5x", 4, &a));
}

/* The base build of each enablement line; every other build is its own. */
static void test_revision_lines(void **state)
{
	static const long cases[][2] = {
		{6003, 6003},	{9600, 9600},	{17763, 17763}, {18362, 18362},
		{18363, 18362}, {19041, 19041}, {19042, 19041}, {19043, 19041},
		{19044, 19041}, {19045, 19041}, {19046, 19046}, {20348, 20348},
		{22000, 22000}, {22621, 22621}, {22631, 22621}, {26100, 26100},
		{26200, 26100}, {26300, 26300},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (pol_revision_line(cases[i][0]) != cases[i][1])
			fail_msg("%ld: %ld, not %ld", cases[i][0],
				 pol_revision_line(cases[i][0]), cases[i][1]);
}

struct min_case {
	const char *min; /* --min-build's value */
	int major, minor;
	long build, revision;
	enum wb_state state;
	const char *says; /* NULL: the rule has nothing to say */
};

static const struct min_case min_cases[] = {
	{"6003", 6, 0, 6002, POL_NOT_KNOWN, WB_CRITICAL,
	 "6002 is below the minimum 6003"},
	{"6003", 6, 0, 6003, POL_NOT_KNOWN, WB_OK,
	 "6003 is at or above the minimum 6003"},
	{"6.0.6003", 6, 1, 7601, POL_NOT_KNOWN, WB_OK, NULL},
	/* a 6002 revision is never compared with a 6003 one */
	{"6.0.6003.20489", 6, 0, 6002, 24565, WB_CRITICAL,
	 "6002 is below the minimum 6.0.6003.20489"},
	{"6.0.6003.21481", 6, 0, 6003, 21481, WB_OK,
	 "6003.21481 is at or above"},
	{"6.0.6003.21481", 6, 0, 6003, 21138, WB_CRITICAL,
	 "6003.21138 is below the minimum 6.0.6003.21481"},
	{"6.0.6003.21481", 6, 0, 6003, POL_NOT_KNOWN, WB_UNKNOWN,
	 "revision is not known (no source); the minimum 6.0.6003.21481 "
	 "needs it"},
	/* one list for a mixed fleet: each host against its own build */
	{"6.0.6003.21481, 10.0.17763.7009, 10.0.26100.4349", 10, 0, 17763,
	 7009, WB_OK, "17763.7009 is at or above the minimum 10.0.17763.7009"},
	{"6.0.6003.21481, 10.0.17763.7009, 10.0.26100.4349", 10, 0, 17763,
	 6893, WB_CRITICAL, "below the minimum 10.0.17763.7009"},
	{"6.0.6003.21481, 10.0.17763.7009, 10.0.26100.4349", 10, 0, 26100,
	 4350, WB_OK, "26100.4350 is at or above the minimum 10.0.26100.4349"},
	/* a build between two minimums is below the next one up */
	{"10.0.17763.7009, 10.0.26100.4349", 10, 0, 20348, 3453, WB_CRITICAL,
	 "20348 is below the minimum 10.0.26100.4349"},
	/* newer than every minimum of its NT version */
	{"10.0.17763.7009", 10, 0, 26100, POL_NOT_KNOWN, WB_OK,
	 "26100 is newer than the minimum 10.0.17763.7009"},
};

static void test_min_builds(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(min_cases) / sizeof(min_cases[0]); i++) {
		const struct min_case *c = &min_cases[i];
		char rule[128];
		const char *rules[] = {rule, NULL};
		struct pol_policy p;
		struct pol_facts f =
			host(c->major, c->minor, c->build, c->revision);
		struct pol_verdict v;
		int which;

		snprintf(rule, sizeof(rule), "min-build=%s", c->min);
		p = resolved(rules);
		v = pol_rule_min_versions(&p, &f, "no source", &which);
		if (c->says == NULL ? !v.skip
				    : (v.skip || v.state != c->state ||
				       strstr(v.message, c->says) == NULL))
			fail_msg("%s vs %ld.%ld: got %s%s '%s'", c->min,
				 c->build, c->revision, wb_state_name(v.state),
				 v.skip ? " (skip)" : "", v.message);
	}
}

struct deny_case {
	const char *const rules[3];
	long build, revision;
	enum wb_state state;
	const char *says; /* NULL: the rule has nothing to say */
};

static const struct deny_case deny_cases[] = {
	{{"deny=6.0.6002: no updates since March 2019", NULL}, 6002,
	 POL_NOT_KNOWN, WB_CRITICAL,
	 "6.0.6002 is denied: no updates since March 2019"},
	{{"deny=6.0.6002: no updates since March 2019", NULL}, 6003, 20489,
	 WB_OK, NULL},
	{{"deny=10.0.17763.8644-10.0.17763.8646 warning: LSASS restarts",
	  NULL},
	 17763, 8644, WB_WARNING, "10.0.17763.8644 is denied: LSASS restarts"},
	{{"deny=10.0.17763.8644-10.0.17763.8646: LSASS", NULL}, 17763, 8647,
	 WB_OK, NULL},
	{{"deny=10.0.17763.8644-10.0.17763.8646: LSASS", NULL}, 17763, 8643,
	 WB_OK, NULL},
	/* a revision range and no revision: the missing-fact state */
	{{"deny=10.0.17763.8644-10.0.17763.8646: LSASS", NULL}, 17763,
	 POL_NOT_KNOWN, WB_UNKNOWN, "may be denied"},
	{{"deny=10.0.17763.8644-10.0.17763.8646: LSASS",
	  "missing-fact=warning", NULL},
	 17763, POL_NOT_KNOWN, WB_WARNING, "revision is not known"},
	/* the worst of two that match */
	{{"deny=17763 warning: old", "deny=10.0.17763.1-10.0.17763.9000: bad",
	  NULL},
	 17763, 5000, WB_CRITICAL, ": bad"},
};

static void test_denied(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(deny_cases) / sizeof(deny_cases[0]);
	     i++) {
		const struct deny_case *c = &deny_cases[i];
		struct pol_policy p = resolved(c->rules);
		struct pol_facts f =
			host(c->build < 7000 ? 6 : 10, 0, c->build, c->revision);
		const struct pol_deny *d;
		struct pol_verdict v = pol_rule_denied(&p, &f, &d);

		if (c->says == NULL ? !v.skip
				    : (v.skip || v.state != c->state ||
				       strstr(v.message, c->says) == NULL))
			fail_msg("%s vs %ld.%ld: got %s%s '%s'", c->rules[0],
				 c->build, c->revision, wb_state_name(v.state),
				 v.skip ? " (skip)" : "", v.message);
		assert_true((d == NULL) == v.skip);
	}
}

static void test_hotfixes(void **state)
{
	const char *rules[] = {"require-hotfix=KB4493730, kb4474419", NULL};
	struct pol_policy p = resolved(rules);
	struct pol_hotfix have[] = {{"KB4474419", POL_NO_DATE},
				    {"KB4493730", POL_NO_DATE}};
	struct pol_facts f = host(6, 0, 6003, 21481);
	struct pol_verdict v;

	(void)state;
	assert_string_equal(p.hotfix[1], "KB4474419");
	v = pol_rule_hotfixes(&p, &f, NULL, POL_FAMILY_UNKNOWN);
	assert_int_equal(v.state, WB_UNKNOWN);
	assert_non_null(strstr(v.message, "hotfixes are not known"));

	f.src_hotfixes = "nsclient:check_os_updates";
	f.hotfixes = have;
	f.nhotfixes = 2;
	v = pol_rule_hotfixes(&p, &f, NULL, POL_FAMILY_UNKNOWN);
	assert_int_equal(v.state, WB_OK);
	assert_string_equal(v.message,
			    "all 2 required hotfixes are installed");

	f.nhotfixes = 1;
	v = pol_rule_hotfixes(&p, &f, NULL, POL_FAMILY_UNKNOWN);
	assert_int_equal(v.state, WB_CRITICAL);
	assert_string_equal(v.message, "1 of 2 required not installed: "
				       "KB4493730");
	/* a capped list may hold it further on: not a breach */
	f.hotfixes_capped = true;
	v = pol_rule_hotfixes(&p, &f, NULL, POL_FAMILY_UNKNOWN);
	assert_int_equal(v.state, WB_UNKNOWN);
	assert_non_null(strstr(v.message, "the list is capped"));

	p = resolved((const char *[]){NULL});
	assert_true(pol_rule_hotfixes(&p, &f, NULL, POL_FAMILY_UNKNOWN).skip);

	/* 32 missing: whole KB numbers, then "and more" */
	p = resolved((const char *[]){
		"require-hotfix=KB5000001, KB5000002, KB5000003, KB5000004, "
		"KB5000005, KB5000006, KB5000007, KB5000008, KB5000009, "
		"KB5000010, KB5000011, KB5000012, KB5000013, KB5000014, "
		"KB5000015, KB5000016, KB5000017, KB5000018, KB5000019, "
		"KB5000020, KB5000021, KB5000022, KB5000023, KB5000024, "
		"KB5000025, KB5000026, KB5000027, KB5000028, KB5000029, "
		"KB5000030, KB5000031, KB5000032",
		NULL});
	f.hotfixes_capped = false;
	v = pol_rule_hotfixes(&p, &f, NULL, POL_FAMILY_UNKNOWN);
	assert_int_equal(v.state, WB_CRITICAL);
	assert_non_null(strstr(v.message, "32 of 32 required not installed: "
					  "KB5000001, KB5000002, "));
	assert_string_equal(v.message + strlen(v.message) - 20,
			    ", KB5000016 and more");
}

static void test_agent(void **state)
{
	const char *rules[] = {"min-agent=0.5.2.35 warning", NULL};
	struct pol_policy p = resolved(rules);
	struct pol_facts f = host(10, 0, 17763, 7009);
	struct pol_verdict v;

	(void)state;
	v = pol_rule_agent(&p, &f);
	assert_int_equal(v.state, WB_UNKNOWN);
	assert_non_null(strstr(v.message, "ask NSClient++ with --source"));
	strcpy(f.agent, "0.4.4.23 2016-04-05");
	f.agent_api = "v1";
	v = pol_rule_agent(&p, &f);
	assert_int_equal(v.state, WB_WARNING);
	assert_non_null(strstr(v.message, "older than the minimum 0.5.2.35"));
	strcpy(f.agent, "0.16.4.55");
	assert_int_equal(pol_rule_agent(&p, &f).state, WB_OK);
	p = resolved((const char *[]){"min-agent=0.17", NULL});
	v = pol_rule_agent(&p, &f);
	assert_int_equal(v.state, WB_CRITICAL);
	p = resolved((const char *[]){"missing-fact=ok", "min-agent=0.17",
				      NULL});
	f.agent[0] = '\0';
	assert_int_equal(pol_rule_agent(&p, &f).state, WB_OK);
	p = resolved((const char *[]){NULL});
	assert_true(pol_rule_agent(&p, &f).skip);
}

struct file_error {
	const char *text, *says;
};

static const struct file_error file_errors[] = {
	{"support = esu\n", "p:1: 'support' comes before any [section]"},
	{"[default]\nsupport = forever\n",
	 "p:2: support: 'forever' is not mainstream, extended, esu or "
	 "esu-azure"},
	{"[default]\nsupport = esu\nsupport = mainstream\n",
	 "p:3: support is given twice in this section (line 2)"},
	{"[default]\nwarning = abc\n", "p:2: warning: 'abc' is not a range"},
	{"[default]\ncritical = 20:10\n", "p:2: critical: '20:10'"},
	{"[default]\nmissing-fact = maybe\n",
	 "p:2: missing-fact: 'maybe' is not a state"},
	{"[default]\nmin-build = 6003, x\n",
	 "p:2: min-build: 'x' is not a build"},
	{"[default]\nmin-build = 6003, 6.0.6003.1\n",
	 "p:2: the minimum of build 6003 is given twice"},
	{"[default]\ndeny = 6002\n",
	 "p:2: a deny is VERSION[-VERSION] [STATE]: REASON"},
	{"[default]\ndeny = 6002 soon: why\n", "p:2: deny: 'soon' is not a state"},
	{"[default]\ndeny = 6002:\n", "p:2: a deny needs its reason"},
	{"[default]\ndeny = 6003-6002: x\n",
	 "p:2: deny: '6003-6002' is not a version or a range"},
	{"[default]\nrequire-hotfix = KB12, 4474419\n",
	 "p:2: require-hotfix: '4474419' is not a KB number"},
	{"[default]\nmin-agent = 0.5.x\n", "p:2: min-agent: '0.5.x' is not a version"},
	{"[default]\nmin-agent\n", "p:2: min-agent needs a value"},
	{"[default]\nmin-agent = \n", "p:2: min-agent: a value is needed"},
	{"[default]\nmax-build = 1\n", "p:2: no rule is called 'max-build'"},
	{"[defaults]\nsupport = esu\n", "p:2: [defaults] (line 1) is not a section"},
	{"[family:desktop]\nsupport = esu\n",
	 "p:2: [family:desktop] (line 1): no such family"},
	{"[type:dc]\nsupport = esu\n", "p:2: [type:dc] (line 1): no such type"},
	{"[product:]\nsupport = esu\n", "p:2: [product:] (line 1) is not a section"},
	{"[default:x]\nsupport = esu\n", "p:2: [default:x] (line 1) is not a section"},
	{"[policy:]\nsupport = esu\n", "p:2: [policy:] (line 1) is not a section"},
	{"[policy:Domain Controllers]\nsupport = esu\n",
	 "p:2: [policy:Domain Controllers] (line 1): a policy's name is lower-case"},
	{"[default]\nsupport = esu\x01\n", "p:2:"},
	{"[default]\nwhat is this\n", "p:2:"},
};

static void test_file_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(file_errors) / sizeof(file_errors[0]);
	     i++) {
		const struct file_error *c = &file_errors[i];
		struct pol_file *f = NULL;
		char err[256] = "";

		if (pol_file_parse(c->text, strlen(c->text), "p", &f, err,
				   sizeof(err)) == POL_OK)
			fail_msg("accepted: %s", c->text);
		assert_null(f);
		if (strstr(err, c->says) == NULL)
			fail_msg("%s: '%s'", c->text, err);
	}
}

/* Sections the catalogue does not know are an error with the line. */
static void test_file_check(void **state)
{
	const char *text = "[product:server-2008-sp2]\nsupport = esu\n"
			   "[edition:ltsc]\nsupport = extended\n"
			   "[product:server-2008-sp3]\nsupport = esu\n";
	struct pol_file *f;
	char err[256];

	(void)state;
	assert_int_equal(pol_file_parse(text, strlen(text), "p", &f, err,
					sizeof(err)),
			 POL_OK);
	assert_false(pol_file_check(f, shipped, err, sizeof(err)));
	assert_string_equal(err, "p:5: the catalogue has no product "
				 "'server-2008-sp3' (--list-catalog shows "
				 "them)");
	f->count = 2;
	assert_true(pol_file_check(f, shipped, err, sizeof(err)));
	pol_file_free(f);
}

/* The most specific section wins, whatever the order in the file; the
 * command line over them all; lists add up. */
static void test_precedence(void **state)
{
	const char *text =
		"[product:server-2019]\nsupport = esu-azure\n"
		"min-build = 10.0.17763.8647\n"
		"[edition:ltsc]\nsupport = esu\nwarning = 30:\n"
		"[type:domain_controller]\nsupport = mainstream\n"
		"warning = 60:\nrequire-hotfix = KB5091573\n"
		"[family:server]\nsupport = extended\ncritical = 10:\n"
		"[default]\nsupport = mainstream\nwarning = 90:\n"
		"min-build = 10.0.17763.7009, 10.0.20348.3453\n"
		"missing-fact = warning\nrequire-hotfix = KB4474419\n";
	const char *cmd[] = {"critical=5:", NULL};
	struct pol_policy cmdline, p;
	struct pol_file *f;
	char err[256];

	(void)state;
	assert_int_equal(pol_file_parse(text, strlen(text), "fleet.ini", &f,
					err, sizeof(err)),
			 POL_OK);
	layer(&cmdline, cmd);
	pol_policy_resolve(shipped, f, &cmdline, row("server-2019"),
			   POL_TYPE_DOMAIN_CONTROLLER, "ltsc", &p);
	assert_int_equal(p.tier, POL_TIER_ESU_AZURE);
	assert_int_equal(p.at[POL_KEY_TIER].line, 2);
	assert_string_equal(p.at[POL_KEY_TIER].file, "fleet.ini");
	assert_string_equal(p.warn.text, "30:");
	assert_string_equal(p.crit.text, "5:");
	assert_string_equal(p.at[POL_KEY_CRIT].file, "cmdline");
	assert_int_equal(p.missing, WB_WARNING);
	assert_int_equal(p.nhotfix, 2);
	/* [product:]'s 17763 minimum replaced [default]'s; 20348 stays */
	assert_int_equal(p.nmin, 2);
	assert_int_equal(p.min[0].revision, 8647);
	assert_int_equal(p.min_at[0].line, 3);
	assert_int_equal(p.min[1].build, 20348);

	/* a 2022 member server: [family:server] over [default] */
	pol_policy_resolve(shipped, f, NULL, row("server-2022"),
			   POL_TYPE_SERVER, "ltsc", &p);
	assert_int_equal(p.tier, POL_TIER_ESU);
	pol_policy_resolve(shipped, f, NULL, row("server-2022"),
			   POL_TYPE_SERVER, "general", &p);
	assert_int_equal(p.tier, POL_TIER_EXTENDED);
	assert_string_equal(p.warn.text, "90:");
	assert_string_equal(p.crit.text, "10:");
	assert_int_equal(p.nhotfix, 1);
	/* a client: only [default] */
	pol_policy_resolve(shipped, f, NULL, row("win11-24h2"),
			   POL_TYPE_WORKSTATION, "general", &p);
	assert_int_equal(p.tier, POL_TIER_MAINSTREAM);
	assert_string_equal(p.crit.text, "0:");
	assert_null(p.at[POL_KEY_CRIT].file);
	pol_file_free(f);
}

/* A [policy:] section applies to the hosts that name it alone, over
 * every other section, under the command line; any name is known. */
static void test_named_policy(void **state)
{
	const char *text = "[policy:dc]\nsupport = mainstream\n"
			   "require-hotfix = KB5091573\n"
			   "[product:server-2019]\nsupport = esu-azure\n"
			   "[policy:lab]\nwarning = 10:\n"
			   "[default]\nrequire-hotfix = KB4474419\n";
	struct pol_policy cmdline, p;
	struct pol_file *f;
	char err[256];

	(void)state;
	assert_int_equal(pol_file_parse(text, strlen(text), "p.ini", &f, err,
					sizeof(err)),
			 POL_OK);
	assert_true(pol_file_check(f, shipped, err, sizeof(err)));
	assert_true(pol_file_has_policy(f, "dc"));
	assert_true(pol_file_has_policy(f, "lab"));
	assert_false(pol_file_has_policy(f, "d"));
	assert_false(pol_file_has_policy(NULL, "dc"));

	/* no name: [policy:] sections are left out */
	pol_policy_resolve(shipped, f, NULL, row("server-2019"),
			   POL_TYPE_SERVER, "ltsc", &p);
	assert_int_equal(p.tier, POL_TIER_ESU_AZURE);
	assert_int_equal(p.nhotfix, 1);
	assert_string_equal(p.warn.text, "180:");

	layer(&cmdline, (const char *[]){NULL});
	cmdline.section = "dc";
	pol_policy_resolve(shipped, f, &cmdline, row("server-2019"),
			   POL_TYPE_SERVER, "ltsc", &p);
	assert_int_equal(p.tier, POL_TIER_MAINSTREAM);
	assert_int_equal(p.at[POL_KEY_TIER].line, 2);
	assert_int_equal(p.nhotfix, 2);
	assert_string_equal(p.warn.text, "180:");

	/* the command line still has the last word */
	layer(&cmdline, (const char *[]){"support=extended", NULL});
	cmdline.section = "lab";
	pol_policy_resolve(shipped, f, &cmdline, row("server-2019"),
			   POL_TYPE_SERVER, "ltsc", &p);
	assert_int_equal(p.tier, POL_TIER_EXTENDED);
	assert_string_equal(p.warn.text, "10:");
	assert_int_equal(p.nhotfix, 1);
	pol_file_free(f);
}

/* The catalogue's advisories deny by default; allow lifts them by id. */
static void test_advisories(void **state)
{
	const char *text = "[product:server-2008-sp2]\n"
			   "allow = 6002-no-updates\n";
	struct pol_facts f = host(6, 0, 6002, POL_NOT_KNOWN);
	const struct pol_deny *d;
	struct pol_policy p;
	struct pol_file *file;
	struct pol_verdict v;
	char err[256];

	(void)state;
	pol_policy_resolve(shipped, NULL, NULL, row("server-2008-sp2"),
			   POL_TYPE_SERVER, "general", &p);
	v = pol_rule_denied(&p, &f, &d);
	assert_int_equal(v.state, WB_CRITICAL);
	assert_string_equal(d->id, "6002-no-updates");
	assert_non_null(strstr(v.message, "KB4493730"));
	assert_non_null(strstr(d->source, "S3"));
	f.build = 6003;
	assert_true(pol_rule_denied(&p, &f, &d).skip);

	assert_int_equal(pol_file_parse(text, strlen(text), "p", &file, err,
					sizeof(err)),
			 POL_OK);
	f.build = 6002;
	pol_policy_resolve(shipped, file, NULL, row("server-2008-sp2"),
			   POL_TYPE_SERVER, "general", &p);
	assert_true(pol_rule_denied(&p, &f, &d).skip);
	/* the section is 2008's alone: Vista on 6002 stays denied */
	pol_policy_resolve(shipped, file, NULL, row("vista-sp2"),
			   POL_TYPE_WORKSTATION, "general", &p);
	assert_int_equal(pol_rule_denied(&p, &f, &d).state, WB_CRITICAL);
	pol_file_free(file);

	/* allow names a deny by its versions too, as written */
	text = "[family:client]\nallow = 6.0.6002\n";
	assert_int_equal(pol_file_parse(text, strlen(text), "p", &file, err,
					sizeof(err)),
			 POL_OK);
	pol_policy_resolve(shipped, file, NULL, row("vista-sp2"),
			   POL_TYPE_WORKSTATION, "general", &p);
	assert_true(pol_rule_denied(&p, &f, &d).skip);
	pol_file_free(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_agent_versions),
		cmocka_unit_test(test_revision_lines),
		cmocka_unit_test(test_min_builds),
		cmocka_unit_test(test_denied),
		cmocka_unit_test(test_hotfixes),
		cmocka_unit_test(test_agent),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_file_check),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_named_policy),
		cmocka_unit_test(test_advisories),
	};
	return cmocka_run_group_tests(tests, load_shipped, free_shipped);
}
