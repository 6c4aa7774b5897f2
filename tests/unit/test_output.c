/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sanitiser and both renderings of a report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "plugin/output.h"
#include "lib/sanitize.h"
#include "policy/date.h"

#include <string.h>

static void test_sanitize(void **state)
{
	/* cp1252 curly quotes as sent by an XP agent (snmpsim's recorded XP
	 * walk, hrSWInstalledName.1), plus control bytes and a pipe */
	static const char raw[] = "Windows Driver Package - Nokia pccsmcfd "
				  "\x93LegacyDriver\x94  (05/31/2";
	static const char hostile[] = "a|b\r\nc\x1b[31md\t\te\x7f";
	static const char caption[] =
		"Microsoft\xc2\xae Windows Server\xc2\xae "
		"2008 Standard ";
	char out[128], tiny[8];

	(void)state;
	wb_sanitize(out, sizeof(out), raw, sizeof(raw) - 1);
	assert_string_equal(out, "Windows Driver Package - Nokia pccsmcfd "
				 "?LegacyDriver? (05/31/2");
	wb_sanitize(out, sizeof(out), hostile, sizeof(hostile) - 1);
	assert_string_equal(out, "a b c [31md e");
	/* too long: cut and marked */
	wb_sanitize(tiny, sizeof(tiny), "abcdefghijk", 11);
	assert_string_equal(tiny, "abcd...");
	/* exactly fits */
	wb_sanitize(tiny, sizeof(tiny), "abcdefg", 7);
	assert_string_equal(tiny, "abcdefg");
	/* the real Server 2008 Caption's signs, as UTF-8 and as cp1252 */
	wb_sanitize(out, sizeof(out), caption, sizeof(caption) - 1);
	assert_string_equal(out,
			    "Microsoft(R) Windows Server(R) 2008 Standard");
	wb_sanitize(out, sizeof(out), "Windows\xae 7\x99", 11);
	assert_string_equal(out, "Windows(R) 7(TM)");
	/* one '?' per UTF-8 character, one per byte of anything else */
	wb_sanitize(out, sizeof(out), "caf\xc3\xa9 \xe2\x82\xac \xc3", 11);
	assert_string_equal(out, "caf? ? ?");
	/* a long replacement near the end is cut, not overrun */
	wb_sanitize(tiny, sizeof(tiny), "abcde\xc2\xae", 7);
	assert_string_equal(tiny, "abcd...");
	/* length-bounded: bytes past srclen are not read */
	wb_sanitize(out, sizeof(out), "Windows\0garbage", 7);
	assert_string_equal(out, "Windows");
}

static struct pol_report sample(struct pol_facts *f)
{
	struct pol_report r = {0};
	struct wb_range w, c;
	char err[64];

	*f = (struct pol_facts){.build = 6002,
				.revision = POL_NOT_KNOWN,
				.uptime_seconds = 4242,
				.type = POL_TYPE_SERVER,
				.src_version = "snmp:sysDescr.0"};
	strcpy(f->address, "127.0.0.1");
	strcpy(f->name, "dc\"01");
	r.facts = f;
	r.product = "server-2008-sp2";
	r.product_name = "Windows Server 2008 SP2";
	strcpy(r.version, "6.0.6002");
	wb_range_parse("180:", &w, err, sizeof(err));
	wb_range_parse("0:", &c, err, sizeof(err));
	pol_report_rule(&r, "support", WB_CRITICAL,
			"extended support ended 2020-01-14 (2504 days ago)");
	pol_report_rule(&r, "build", WB_UNKNOWN, "revision unknown");
	pol_report_perf(&r, "build", 6002, 0, "", NULL, NULL);
	pol_report_perf(&r, "support_days_left", -2504, 0, "", &w, &c);
	pol_report_perf(&r, "time", 0.0123456, 6, "s", NULL, NULL);
	return r;
}

static void test_text(void **state)
{
	struct pol_facts f;
	struct pol_report r = sample(&f);
	char buf[2048];

	(void)state;
	wb_report_text(&r, buf, sizeof(buf));
	assert_string_equal(
		buf, "WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6002: "
		     "extended "
		     "support ended 2020-01-14 (2504 days ago)\n"
		     "\\_ [CRITICAL] support: extended support ended "
		     "2020-01-14 (2504 "
		     "days ago)\n"
		     "\\_ [UNKNOWN] build: revision unknown\n"
		     "| 'build'=6002;;;; 'support_days_left'=-2504;180:;0:;; "
		     "'time'=0.012346s;;;;\n");
}

static void test_worst_first(void **state)
{
	struct pol_report r = {0};
	char buf[512];

	(void)state;
	r.product_name = "Windows Server 2022";
	strcpy(r.version, "10.0.20348");
	pol_report_rule(&r, "support", WB_OK, "fine");
	pol_report_rule(&r, "build", WB_WARNING, "old");
	wb_report_text(&r, buf, sizeof(buf));
	assert_int_equal(r.state, WB_WARNING);
	assert_non_null(strstr(buf, "WINBUILD WARNING - Windows Server 2022 "
				    "10.0.20348: old\n"));
}

static void test_json(void **state)
{
	struct pol_facts f;
	struct pol_report r = sample(&f);
	char buf[4096];

	(void)state;
	wb_report_json(&r, buf, sizeof(buf));
	assert_non_null(
		strstr(buf, "{\"state\":\"CRITICAL\",\"exit_code\":2,"));
	assert_non_null(strstr(buf, "\"name\":\"dc\\\"01\""));
	assert_non_null(strstr(buf, "\"build\":6002,\"revision\":null,"));
	assert_non_null(strstr(buf, "\"product_type\":\"server\""));
	assert_non_null(strstr(buf, "\"uptime_seconds\":4242"));
	assert_non_null(strstr(buf,
			       "{\"label\":\"support_days_left\",\"value\":"
			       "-2504,\"uom\":\"\",\"warn\":\"180:\","
			       "\"crit\":\"0:\",\"min\":null,\"max\":null}"));
	assert_non_null(
		strstr(buf, "\"sources\":{\"version\":\"snmp:sysDescr.0\""));
	assert_string_equal(buf + strlen(buf) - 3, "]}\n");
}

static void test_failure(void **state)
{
	struct pol_report r = {0};
	char buf[512];

	(void)state;
	pol_report_fail(&r, WB_UNKNOWN, "no answer from 127.0.0.1");
	wb_report_text(&r, buf, sizeof(buf));
	assert_string_equal(buf,
			    "WINBUILD UNKNOWN - no answer from 127.0.0.1\n");
	wb_report_json(&r, buf, sizeof(buf));
	assert_non_null(strstr(buf, "\"host\":null,\"sources\":null,"));
}

/* Every path to the output passes the sanitiser: a failure quoting a host
 * name or an agent's error text, a rule message built from facts. Only
 * the perfdata's '|' and the renderer's own line ends remain. */
static void test_gate(void **state)
{
	struct pol_facts f;
	struct pol_report r = sample(&f);
	char buf[2048];
	const char *bar;

	(void)state;
	pol_report_rule(&r, "build", WB_CRITICAL,
			"a|b 'x'=1\nWINBUILD OK - forged\x1b[2J\xe2\x80\xae");
	wb_report_text(&r, buf, sizeof(buf));
	bar = strchr(buf, '|');
	assert_non_null(bar);
	assert_null(strchr(bar + 1, '|'));
	assert_non_null(strstr(buf, "a b 'x'=1 WINBUILD OK - forged [2J?\n"));
	for (const char *c = buf; *c; c++)
		assert_false(((unsigned char)*c < 0x20 && *c != '\n') ||
			     (unsigned char)*c >= 0x7f);
	wb_report_json(&r, buf, sizeof(buf));
	assert_null(strchr(buf, '|'));
	assert_non_null(strstr(buf, "a\\u007cb"));

	/* found by fuzzing: a catalogue's name with a byte above 0x7f */
	r.product_name = "Windows\x9e Server\x1b";
	wb_report_text(&r, buf, sizeof(buf));
	assert_non_null(strstr(buf, " - Windows? Server 6.0.6002: "));

	r = (struct pol_report){0};
	pol_report_fail(&r, WB_UNKNOWN, "no answer from x|y\r\n");
	wb_report_text(&r, buf, sizeof(buf));
	assert_string_equal(buf, "WINBUILD UNKNOWN - no answer from x y\n");
}

/* The summary takes a rule's first clause, never cutting a parenthesis,
 * and a failure's whole reason. */
static void test_summary_clause(void **state)
{
	struct pol_report r = {0};
	char buf[1024];

	(void)state;
	r.product_name = "Windows Server 2008 SP2";
	strcpy(r.version, "6.0.6003");
	pol_report_rule(&r, "support", WB_CRITICAL,
			"ESU year 3 ended 2023-01-10 (1412 days ago; Azure "
			"ESU also ended 2024-01-09); nothing is left");
	wb_report_text(&r, buf, sizeof(buf));
	assert_non_null(strstr(buf, "6.0.6003: ESU year 3 ended 2023-01-10 "
				    "(1412 days ago; Azure ESU also ended "
				    "2024-01-09)\n"));
	r = (struct pol_report){0};
	pol_report_fail(&r, WB_UNKNOWN,
			"NSClient++ told no Windows version: a; b; c");
	wb_report_text(&r, buf, sizeof(buf));
	assert_string_equal(buf, "WINBUILD UNKNOWN - NSClient++ told no "
				 "Windows version: a; b; c\n");
}

/* Dashboards get fields: the support tier, its end and days left, dates
 * in ISO 8601, absent facts as null; and JSON stays one object even when
 * it does not fit. */
static void test_json_fields(void **state)
{
	struct pol_facts f, *host = &f; /* r.facts points at it */
	struct pol_report r = sample(&f);
	struct pol_hotfix fixes[2] = {{"KB5014006", 19122},
				      {"KB4499180", POL_NO_DATE}};
	char buf[4096], small[300];

	(void)state;
	host->hotfixes = fixes;
	host->nhotfixes = 2;
	host->src_hotfixes = "nsclient:check_wmi Win32_QuickFixEngineering";
	host->agent_api = "v1";
	r.support.set = true;
	r.support.tier = POL_TIER_EXTENDED;
	r.support.end = 18275; /* 2020-01-14 */
	r.support.days_left = -2504;
	wb_report_json(&r, buf, sizeof(buf));
	assert_non_null(strstr(buf, "\"support\":{\"tier\":\"extended\","
				    "\"end\":\"2020-01-14\",\"days_left\":-2504}"));
	assert_non_null(strstr(buf, "{\"id\":\"KB5014006\",\"installed\":"
				    "\"2022-05-10\"},{\"id\":\"KB4499180\","
				    "\"installed\":null}"));
	assert_non_null(strstr(buf, "\"revision\":null"));
	wb_report_text(&r, buf, sizeof(buf));
	assert_non_null(strstr(buf, "\\_ hotfixes: 2 installed, newest first: "
				    "KB5014006 (2022-05-10), KB4499180\n"));

	wb_report_json(&r, small, sizeof(small));
	assert_string_equal(small,
			    "{\"state\":\"CRITICAL\",\"exit_code\":2,"
			    "\"summary\":\"Windows Server 2008 SP2 6.0.6002: "
			    "extended support ended 2020-01-14 (2504 days "
			    "ago)\",\"output_capped\":true}\n");
}

static void test_bounded(void **state)
{
	struct pol_facts f;
	struct pol_report r = sample(&f);
	char buf[40];

	(void)state;
	memset(buf, 'Z', sizeof(buf));
	wb_report_text(&r, buf, 32);
	assert_int_equal(strlen(buf), 31);
	assert_int_equal(buf[33], 'Z');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sanitize),    cmocka_unit_test(test_text),
		cmocka_unit_test(test_worst_first), cmocka_unit_test(test_json),
		cmocka_unit_test(test_failure),	    cmocka_unit_test(test_gate),
		cmocka_unit_test(test_summary_clause),
		cmocka_unit_test(test_json_fields),
		cmocka_unit_test(test_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
