/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The update history: its parser (every error it reports), where a host
 * stands on it (the update it runs, its age, the monthly releases it is
 * behind, a skipped hotpatch baseline), the release a baseline month
 * needs, and the rules over tables of (build, revision, date). The rows
 * are real ones of data/windows-updates.data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "policy/date.h"
#include "policy/policy.h"
#include "policy/updates.h"

#include <stdio.h>
#include <string.h>

static const char history[] =
	"# rows of data/windows-updates.data\n"
	"complete | 2026-08-11\n"
	"partial | 6003 | 2022-05-10\n"
	"update | 6002 | both | 24565 | KB4489880 | 2019-03-12 | security | R,S3\n"
	"update | 6003 | both | 20489 | KB4493471 | 2019-04-09 | security | "
	"R,S3\n"
	"update | 6003 | both | 20512 | KB4499149 | 2019-05-14 | security | "
	"R,S3\n"
	"update | 6003 | both | 21481 | KB5014010 | 2022-05-10 | security | "
	"R,S4\n"
	"update | 17763 | both | 6775 | KB5050008 | 2025-01-14 | security | "
	"D1\n"
	"update | 17763 | both | 6893 | KB5052000 | 2025-02-11 | security | "
	"D1\n"
	"update | 17763 | both | 7009 | KB5053596 | 2025-03-11 | security | "
	"D1\n"
	"update | 17763 | both | 7136 | KB5055519 | 2025-04-08 | security | "
	"D1\n"
	"update | 17763 | both | 7240 | KB5058922 | 2025-04-11 | oob | D1\n"
	"update | 17763 | both | 7249 | KB5059091 | 2025-04-16 | oob | D1\n"
	"update | 19041 | client | 5371 | KB5049981 | 2025-01-14 | security | "
	"D1\n"
	"update | 19041 | client | 5440 | KB5050081 | 2025-01-28 | preview | "
	"D1\n"
	"update | 19041 | client | 5487 | KB5051974 | 2025-02-11 | security | "
	"D1\n"
	"update | 19041 | client | 5555 | KB5052077 | 2025-02-25 | preview | "
	"D1\n"
	"update | 19041 | client | 5608 | KB5053606 | 2025-03-11 | security | "
	"D1\n"
	"update | 26100 | both | 3775 | KB5055523 | 2025-04-08 | baseline | "
	"D1,H\n"
	"update | 26100 | both | 3915 | KB5055627 | 2025-04-25 | preview | D1\n"
	"update | 26100 | both | 3981 | KB5058497 | 2025-05-13 | hotpatch | "
	"D1\n"
	"update | 26100 | both | 4061 | KB5058411 | 2025-05-13 | security | "
	"D1\n"
	"update | 26100 | both | 4202 | KB5058499 | 2025-05-28 | preview | D1\n"
	"update | 26100 | both | 4270 | KB5060841 | 2025-06-10 | hotpatch | "
	"D1\n"
	"update | 26100 | both | 4349 | KB5060842 | 2025-06-10 | security | "
	"D1\n"
	"update | 26100 | both | 4484 | KB5060829 | 2025-06-26 | preview | D1\n"
	"update | 26100 | both | 4652 | KB5062553 | 2025-07-08 | baseline | "
	"D1,H\n"
	"update | 26100 | client | 7623 | KB5074109 | 2026-01-13 | baseline | "
	"D1,H\n"
	"update | 26100 | client | 7840 | KB5077181 | 2026-02-10 | security | "
	"D1\n"
	"update | 26100 | server | 32230 | KB5073379 | 2026-01-13 | baseline | "
	"D1,H\n"
	"update | 26100 | server | 32370 | KB5075899 | 2026-02-10 | security | "
	"D1\n";

static struct pol_updates *u;

static long day(const char *text)
{
	long d;

	assert_true(pol_date_parse(text, strlen(text), &d));
	return d;
}

static int load(void **state)
{
	char err[256];

	(void)state;
	if (pol_updates_parse(history, strlen(history), "history", &u, err,
			      sizeof(err)) != POL_OK) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int unload(void **state)
{
	(void)state;
	pol_updates_free(u);
	return 0;
}

static void parses_rows_sorted(void **state)
{
	size_t n;
	const struct pol_update *rows;

	(void)state;
	assert_int_equal(u->complete, day("2026-08-11"));
	assert_int_equal(u->count, 28);
	rows = pol_updates_of(u, 17763, &n);
	assert_int_equal(n, 6);
	assert_string_equal(rows[0].kb, "KB5050008");
	assert_int_equal(rows[5].revision, 7249);
	assert_int_equal(rows[4].kind, POL_UPDATE_OOB);
	/* 22H2 (19045) takes 2004's (19041) revisions */
	rows = pol_updates_of(u, 19045, &n);
	assert_int_equal(n, 5);
	assert_int_equal(rows[0].build, 19041);
	assert_null(pol_updates_of(u, 9600, &n));
	assert_int_equal(n, 0);
	assert_int_equal(pol_updates_through(u, 6003), day("2022-05-10"));
	assert_int_equal(pol_updates_through(u, 17763), day("2026-08-11"));
}

static void parse_errors(void **state)
{
	static const struct {
		const char *text, *error;
	} cases[] = {
		{"update | 17763 | both | 7009 | KB5053596 | 2025-03-11 | "
		 "security | D1\n",
		 "t: no complete row"},
		{"complete | 2026-08-11\ncomplete | 2026-09-08\n",
		 "t:2: a second complete row"},
		{"complete | -\n", "t:1: a day is needed"},
		{"complete | 2026-08-11\nrelease | x\n",
		 "t:2: unknown record type (a row starts with update, "
		 "complete or partial)"},
		{"complete | 2026-08-11\nupdate | 17763 | both | 7009\n",
		 "t:2: the update row needs 8 fields separated by |, this one "
		 "has 4"},
		{"complete | 2026-08-11\nupdate | 19045 | client | 5608 | "
		 "KB5053606 | 2025-03-11 | security | D1\n",
		 "t:2: build 19045 takes its updates with 19041: write them "
		 "for "
		 "19041"},
		{"complete | 2026-08-11\nupdate | 17763 | all | 7009 | "
		 "KB5053596 "
		 "| 2025-03-11 | security | D1\n",
		 "t:2: family 'all' is not client, server or both"},
		{"complete | 2026-08-11\nupdate | 17763 | both | 7009 | "
		 "5053596 "
		 "| 2025-03-11 | security | D1\n",
		 "t:2: '5053596' is not a KB number"},
		{"complete | 2026-08-11\nupdate | 17763 | both | -1 | "
		 "KB5053596 "
		 "| 2025-03-11 | security | D1\n",
		 "t:2: revision '-1' is not a number"},
		{"complete | 2026-08-11\nupdate | 17763 | both | 7009 | "
		 "KB5053596 | 2025-02-30 | security | D1\n",
		 "t:2: release date '2025-02-30' is not a date"},
		{"complete | 2026-08-11\nupdate | 17763 | both | 7009 | "
		 "KB5053596 | 2025-03-11 | monthly | D1\n",
		 "t:2: kind 'monthly' is not security, preview"},
		{"complete | 2026-08-11\nupdate | 17763 | both | 7009 | "
		 "KB5053596 | 2025-03-11 | security | \n",
		 "t:2: the source is empty"},
		{"complete | 2026-08-11\npartial | 6003 | 2022-05-10\n"
		 "partial | 6003 | 2022-06-14\n",
		 "t:3: a second partial row for build 6003"},
		{"complete | 2026-08-11\n"
		 "update | 17763 | both | 7009 | KB5053596 | 2025-03-11 | "
		 "security | D1\n# again\n"
		 "update | 17763 | both | 7009 | KB5053596 | 2025-03-11 | "
		 "security | D2\n",
		 "t:4: KB5053596 (17763.7009) is listed twice"},
		{"complete | 2026-08-11\nupdate\0 | 17763\n",
		 "t:2: a NUL byte: not a text file"},
	};
	char err[256];
	struct pol_updates *out;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		size_t len = strlen(cases[i].text);
		if (strstr(cases[i].error, "NUL") != NULL)
			len += strlen(cases[i].text + len + 1) + 1;
		assert_int_equal(pol_updates_parse(cases[i].text, len, "t",
						   &out, err, sizeof(err)),
				 POL_ERR_SYNTAX);
		assert_null(out);
		if (strncmp(err, cases[i].error, strlen(cases[i].error)) != 0)
			fail_msg("case %zu: '%s', not '%s'", i, err,
				 cases[i].error);
	}
}

static void patch_tuesdays(void **state)
{
	static const char *const tuesdays[] = {
		"2019-04-09", "2022-05-10", "2025-03-11", "2025-04-08",
		"2026-01-13", "2026-08-11", "2026-12-08", "2024-10-08"};
	long month;

	(void)state;
	for (size_t i = 0; i < sizeof(tuesdays) / sizeof(*tuesdays); i++)
		assert_int_equal(
			pol_patch_tuesday(pol_month_of(day(tuesdays[i]))),
			day(tuesdays[i]));
	assert_true(pol_month_parse("2026-10", 7, &month));
	assert_int_equal(month, 2026 * 12 + 9);
	assert_false(pol_month_parse("2026-13", 7, &month));
	assert_false(pol_month_parse("2026-1", 6, &month));
}

/* Where hosts stand: (build, family, revision, date) -> what a user
 * reads. */
static void locates(void **state)
{
	static const struct {
		long build;
		enum pol_family family;
		long revision;
		const char *date, *installed, *newest;
		long age;
		int behind;
		bool newer;
		const char *skipped;
	} cases[] = {
		/* on a monthly release, two months behind */
		{17763, POL_FAMILY_SERVER, 7009, "2025-05-01", "KB5053596",
		 "KB5059091", 51, 1, false, NULL},
		/* out-of-band over April's: still April's level */
		{17763, POL_FAMILY_SERVER, 7249, "2025-05-01", "KB5059091",
		 "KB5059091", 15, 0, false, NULL},
		/* between two rows: the one below */
		{17763, POL_FAMILY_SERVER, 7100, "2025-05-01", "KB5053596",
		 "KB5059091", 51, 1, false, NULL},
		/* below every row: at least as old as the first */
		{17763, POL_FAMILY_SERVER, 6000, "2025-05-01", NULL,
		 "KB5059091", 107, 4, false, NULL},
		/* above every row: newer than the history */
		{17763, POL_FAMILY_SERVER, 9999, "2025-05-01", "KB5059091",
		 "KB5059091", -1, 0, true, NULL},
		/* 19045 on a preview: January's level, two months behind */
		{19045, POL_FAMILY_CLIENT, 5440, "2025-03-20", "KB5050081",
		 "KB5053606", 51, 2, false, NULL},
		/* the evaluation date hides what came after it */
		{19045, POL_FAMILY_CLIENT, 5371, "2025-02-01", "KB5049981",
		 "KB5050081", 18, 0, false, NULL},
		/* a hotpatch counts as its month; June's two releases count
		 * once */
		{26100, POL_FAMILY_SERVER, 3981, "2025-06-20", "KB5058497",
		 "KB5060842", 38, 1, false, NULL},
		/* a hotpatch host past July's baseline skipped it */
		{26100, POL_FAMILY_SERVER, 4270, "2025-07-20", "KB5060841",
		 "KB5062553", 40, 1, false, "KB5062553"},
		/* from 2026 Server 2025 and Windows 11 part on 26100 */
		{26100, POL_FAMILY_CLIENT, 7840, "2026-03-01", "KB5077181",
		 "KB5077181", 19, 0, false, NULL},
		{26100, POL_FAMILY_SERVER, 32230, "2026-03-01", "KB5073379",
		 "KB5075899", 47, 1, false, NULL},
		/* the 6003 reset: its own line, never compared with 6002's
		 * higher revisions */
		{6003, POL_FAMILY_SERVER, 20512, "2019-06-01", "KB4499149",
		 "KB4499149", 18, 0, false, NULL},
		{6002, POL_FAMILY_SERVER, 24565, "2019-06-01", "KB4489880",
		 "KB4489880", 81, 0, false, NULL},
	};
	struct pol_patch p;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		pol_patch_locate(u, cases[i].build, cases[i].family,
				 cases[i].revision, day(cases[i].date), &p);
		assert_true(p.known);
		if (cases[i].installed == NULL)
			assert_null(p.installed);
		else if (p.installed == NULL ||
			 strcmp(p.installed->kb, cases[i].installed) != 0)
			fail_msg("case %zu: installed %s", i,
				 p.installed ? p.installed->kb : "none");
		assert_non_null(p.newest);
		assert_string_equal(p.newest->kb, cases[i].newest);
		if (p.age != cases[i].age || p.behind != cases[i].behind ||
		    p.newer != cases[i].newer)
			fail_msg("case %zu: age %ld behind %d newer %d", i,
				 p.age, p.behind, p.newer);
		if (cases[i].skipped == NULL)
			assert_null(p.skipped);
		else
			assert_string_equal(p.skipped->kb, cases[i].skipped);
	}
	pol_patch_locate(u, 9600, POL_FAMILY_SERVER, 21000, day("2025-01-01"),
			 &p);
	assert_false(p.known);
	pol_patch_locate(u, 17763, POL_FAMILY_SERVER, POL_NOT_KNOWN,
			 day("2025-01-01"), &p);
	assert_false(p.known);
}

static void baselines(void **state)
{
	static const struct {
		long build;
		enum pol_family family;
		const char *month, *required;
	} cases[] = {
		{17763, POL_FAMILY_SERVER, "2025-03", "KB5053596"},
		/* the lowest revision of the month: a hotpatch counts */
		{26100, POL_FAMILY_SERVER, "2025-05", "KB5058497"},
		{26100, POL_FAMILY_CLIENT, "2026-02", "KB5077181"},
		{26100, POL_FAMILY_SERVER, "2026-02", "KB5075899"},
		/* no release that month: the one before */
		{26100, POL_FAMILY_CLIENT, "2025-12", "KB5062553"},
		/* nothing in or after the month: none can meet it */
		{19045, POL_FAMILY_CLIENT, "2025-04", NULL},
	};
	long month;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const struct pol_update *r;
		assert_true(pol_month_parse(cases[i].month, 7, &month));
		r = pol_updates_baseline(u, cases[i].build, cases[i].family,
					 month);
		if (cases[i].required == NULL)
			assert_null(r);
		else if (r == NULL || strcmp(r->kb, cases[i].required) != 0)
			fail_msg("case %zu: %s", i, r ? r->kb : "none");
	}
}

static struct pol_facts host(long build, long revision,
			     enum pol_product_type type)
{
	struct pol_facts f;

	pol_facts_init(&f);
	f.nt_major = build < 9000 ? 6 : 10;
	f.build = build;
	f.revision = revision;
	f.type = type;
	f.agent_api = "v1";
	return f;
}

static struct pol_policy rules(const char *const *kv)
{
	struct pol_policy p;
	char err[256];

	pol_policy_defaults(&p);
	for (; *kv != NULL; kv++) {
		const char *eq = strchr(*kv, '=');
		char key[32];
		snprintf(key, sizeof(key), "%.*s", (int)(eq - *kv), *kv);
		if (!pol_policy_set(&p, key, eq + 1, strlen(eq + 1),
				    (struct pol_where){"cmdline", 0}, false,
				    err, sizeof(err)))
			fail_msg("%s: %s", *kv, err);
	}
	return p;
}

/* The rules, as the lines a user reads. */
static void rules_over_hosts(void **state)
{
	static const char *const age[] = {"patch-age-warning=35",
					  "patch-age-critical=65", NULL};
	static const char *const behind[] = {"updates-behind-warning=0",
					     "updates-behind-critical=2", NULL};
	static const char *const fixed[] = {"baseline=2025-03", NULL};
	static const char *const latest[] = {"baseline=latest-1 warning",
					     "baseline-grace=7", NULL};
	struct pol_policy p;
	struct pol_facts f = host(17763, 7009, POL_TYPE_SERVER);
	struct pol_patch at;
	struct pol_verdict v;
	const struct pol_update *need;

	(void)state;
	p = rules(age);
	pol_patch_locate(u, 17763, POL_FAMILY_SERVER, 7009, day("2025-05-01"),
			 &at);
	v = pol_rule_patch_age(&p, &f, &at);
	assert_int_equal(v.state, WB_WARNING);
	assert_string_equal(v.message, "KB5053596 of 2025-03-11 (17763.7009), "
				       "51 days old; newest KB5059091 of "
				       "2025-04-16 (17763.7249, oob)");
	pol_patch_locate(u, 17763, POL_FAMILY_SERVER, 7009, day("2025-05-20"),
			 &at);
	assert_int_equal(pol_rule_patch_age(&p, &f, &at).state, WB_CRITICAL);
	/* below every update: at least as old as the first */
	f.revision = 6000;
	pol_patch_locate(u, 17763, POL_FAMILY_SERVER, 6000, day("2025-05-01"),
			 &at);
	v = pol_rule_patch_age(&p, &f, &at);
	assert_int_equal(v.state, WB_CRITICAL);
	assert_string_equal(v.message,
			    "revision 17763.6000 is older than every update "
			    "the history knows, at least 107 days old; newest "
			    "KB5059091 of 2025-04-16 (17763.7249, oob)");
	f.revision = 7009;
	pol_patch_locate(u, 17763, POL_FAMILY_SERVER, 7009, day("2025-05-20"),
			 &at);
	p = rules(behind);
	v = pol_rule_behind(&p, &f, &at);
	assert_int_equal(v.state, WB_WARNING);
	assert_string_equal(v.message, "1 monthly release behind, on the "
				       "release of 2025-03");
	/* a fixed month: met at or above its release's revision */
	p = rules(fixed);
	v = pol_rule_baseline(&p, &f, u, &at, day("2025-05-20"), &need);
	assert_int_equal(v.state, WB_OK);
	assert_string_equal(need->kb, "KB5053596");
	f.revision = 6893;
	pol_patch_locate(u, 17763, POL_FAMILY_SERVER, 6893, day("2025-05-20"),
			 &at);
	v = pol_rule_baseline(&p, &f, u, &at, day("2025-05-20"), &need);
	assert_int_equal(v.state, WB_CRITICAL);
	assert_string_equal(v.message,
			    "below the baseline 2025-03: needs KB5053596 of "
			    "2025-03-11 (17763.7009) or later, runs KB5052000 "
			    "of 2025-02-11 (17763.6893)");
	/* latest-1 with 7 days' grace: on 2025-04-14 April is not in force
	 * yet, so latest is March and latest-1 February */
	p = rules(latest);
	assert_int_equal(pol_baseline_month(&p, day("2025-04-14")),
			 2025 * 12 + 1);
	assert_int_equal(pol_baseline_month(&p, day("2025-04-15")),
			 2025 * 12 + 2);
	v = pol_rule_baseline(&p, &f, u, &at, day("2025-04-14"), &need);
	assert_int_equal(v.state, WB_OK);
	v = pol_rule_baseline(&p, &f, u, &at, day("2025-04-15"), &need);
	assert_int_equal(v.state, WB_WARNING);
	/* past what the history lists: the missing-fact state */
	v = pol_rule_baseline(&p, &f, u, &at, day("2026-11-30"), &need);
	assert_int_equal(v.state, WB_UNKNOWN);
	assert_true(v.no_fact);
	assert_string_equal(v.message,
			    "the update history is complete through "
			    "2026-08-11: the baseline 2026-10 is not in it "
			    "(update it)");
}

/* Required KBs: the list, or the revision; one for another build is the
 * policy's mistake. */
static void hotfixes_by_revision(void **state)
{
	static const char *const want[] = {"require-hotfix=KB5053596,KB5052000",
					   NULL};
	static const char *const foreign[] = {"require-hotfix=KB5053606", NULL};
	static const char *const server_kb[] = {"require-hotfix=KB5075899",
						NULL};
	struct pol_policy p = rules(want);
	struct pol_facts f = host(17763, 7009, POL_TYPE_SERVER);
	struct pol_verdict v;

	(void)state;
	/* SNMP: no hotfix list, but the revision carries both */
	v = pol_rule_hotfixes(&p, &f, u, POL_FAMILY_SERVER);
	assert_int_equal(v.state, WB_OK);
	assert_string_equal(v.message,
			    "all 2 required hotfixes are installed: KB5053596 "
			    "by revision 7009 >= 7009, KB5052000 by revision "
			    "7009 >= 6893");
	f.revision = 6893;
	v = pol_rule_hotfixes(&p, &f, u, POL_FAMILY_SERVER);
	assert_int_equal(v.state, WB_CRITICAL);
	assert_string_equal(v.message, "1 of 2 required not installed: "
				       "KB5053596 (17763.7009 or later)");
	/* without the history: the list is needed */
	v = pol_rule_hotfixes(&p, &f, NULL, POL_FAMILY_SERVER);
	assert_int_equal(v.state, WB_UNKNOWN);
	assert_true(v.no_fact);
	p = rules(foreign);
	v = pol_rule_hotfixes(&p, &f, u, POL_FAMILY_SERVER);
	assert_int_equal(v.state, WB_UNKNOWN);
	assert_string_equal(v.message,
			    "the policy requires on build 17763 what the "
			    "update history knows only for other builds: "
			    "KB5053606 (a client update for build 19041)");
	/* 26100's Server 2025 update on a Windows 11 host */
	p = rules(server_kb);
	f = host(26100, 7840, POL_TYPE_WORKSTATION);
	v = pol_rule_hotfixes(&p, &f, u, POL_FAMILY_CLIENT);
	assert_int_equal(v.state, WB_UNKNOWN);
	assert_string_equal(v.message,
			    "the policy requires on build 26100 what the "
			    "update history knows only for other builds: "
			    "KB5075899 (a server update for build 26100)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_rows_sorted),
		cmocka_unit_test(parse_errors),
		cmocka_unit_test(patch_tuesdays),
		cmocka_unit_test(locates),
		cmocka_unit_test(baselines),
		cmocka_unit_test(rules_over_hosts),
		cmocka_unit_test(hotfixes_by_revision),
	};

	return cmocka_run_group_tests(tests, load, unload);
}
