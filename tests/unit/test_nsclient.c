/* SPDX-License-Identifier: GPL-3.0-or-later */
/* NSClient++ answers of every generation and the messages inside them.
 * Bodies are the real ones quoted in shared/reference/nsclient-protocols.md
 * (docs, issues #338 and #942, tests of NSClient++ itself) and captured
 * from 0.16.4 (shared/reference/nsclient-0.16.4-captures). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "nsclient/answer.h"
#include "nsclient/icinga.h"
#include "nsclient/screen.h"
#include "nsclient/text.h"
#include "policy/date.h"
#include "policy/edition.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct body_case {
	const char *era, *body;
	int result;
	const char *message;
	const char *alias;
	double value;
};

static const struct body_case bodies[] = {
	{"0.4/0.5 legacy (docs)",
	 "{\"header\": {\"source_id\": \"\"}, \"payload\": [{\"command\": "
	 "\"check_os_version\", \"lines\": [{\"message\": \"OK: Windows 10 "
	 "(10.0.10586)\", \"perf\": [{\"alias\": \"version\", \"int_value\": "
	 "{\"critical\": 50, \"value\": 100, \"warning\": 50}}]}], \"result\": "
	 "\"OK\"}]}",
	 0, "OK: Windows 10 (10.0.10586)", "version", 100},
	{"0.6-0.8 legacy, nested thresholds (issue #942)",
	 "{\"header\":{\"command\":\"\",\"destination_id\":\"\",\"message_id\":"
	 "\"\",\"recipient_id\":\"\",\"sender_id\":\"\",\"source_id\":\"\"},"
	 "\"payload\":[{\"alias\":\"\",\"command\":\"check_cpu\",\"data\":\"\","
	 "\"id\":0,\"lines\":[{\"message\":\"OK: CPU load is ok.\",\"perf\":[{"
	 "\"alias\":\" \",\"float_value\":{\"critical\":{\"value\":90."
	 "000000000000000},\"unit\":\"%\",\"value\":0.0000000000000000,"
	 "\"warning\":{\"value\":80.000000000000000}}}]}],\"result\":\"OK\","
	 "\"source\":\"\"}]}",
	 0, "OK: CPU load is ok.", " ", 0},
	{"0.9 legacy, flat (issue #942)",
	 "{\"payload\":[{\"command\":\"check_cpu\",\"lines\":[{\"message\":"
	 "\"OK: CPU load is ok.\",\"perf\":[{\"alias\":\"total 15m\","
	 "\"float_value\":{\"critical\":90.000000000000000,\"unit\":\"%\","
	 "\"value\":1.0000000000000000,\"warning\":80.000000000000000}}]}],"
	 "\"result\":\"OK\"}]}",
	 0, "OK: CPU load is ok.", "total 15m", 1},
	{"0.16.4 legacy, Boost.JSON numbers (capture web_query_ok)",
	 "{\"payload\":[{\"command\":\"check_os_version\",\"result\":\"OK\","
	 "\"lines\":[{\"message\":\"OK: Windows 2008 (6.0.6003)\",\"perf\":[{"
	 "\"alias\":\"version\",\"float_value\":{\"value\":6E1,\"warning\":"
	 "5E1,\"critical\":5E1,\"unit\":\"\"}}]}]}]}",
	 0, "OK: Windows 2008 (6.0.6003)", "version", 60},
	{"0.16.4 v1 execute (capture web_v1_execute_pw)",
	 "{\"command\":\"check_os_version\",\"result\":0,\"lines\":[{"
	 "\"message\":\"OK: Windows 2008 (6.0.6003)\",\"perf\":{\"version\":{"
	 "\"value\":6E1,\"warning\":5E1,\"critical\":5E1,\"unit\":\"\"}}}]}",
	 0, "OK: Windows 2008 (6.0.6003)", "version", 60},
	{"0.16.4 v1 execute_nagios (capture web_v1_execute_nagios_pw)",
	 "{\"command\":\"check_os_version\",\"result\":\"OK\",\"lines\":[{"
	 "\"message\":\"OK: Windows 2008 (6.0.6003)\",\"perf\":\"'version'=60;"
	 "50;50\"}]}",
	 0, "OK: Windows 2008 (6.0.6003)", NULL, 0},
	{"0.5.2 v1 execute, every perf field (docs)",
	 "{\"command\":\"check_cpu\",\"lines\":[{\"message\":\"OK\",\"perf\":{"
	 "\"total 3m\": {\"critical\": 90,\"maximum\": 0,\"minimum\": 0,"
	 "\"unit\": \"%\",\"value\": 45,\"warning\": 80}}}],\"result\": 0}",
	 0, "OK", "total 3m", 45},
	{"0.16.4 unknown command (capture web_v1_execute_unknown)",
	 "{\"command\":\"no_such_cmd\",\"result\":3,\"lines\":[{\"message\":"
	 "\"Unknown command(s): no_such_cmd\",\"perf\":{}}]}",
	 3, "Unknown command(s): no_such_cmd", NULL, 0},
	{"0.16.4 legacy unknown command (capture web_query_unknown)",
	 "{\"payload\":[{\"command\":\"no_such_cmd\",\"result\":\"UNKNOWN\","
	 "\"lines\":[{\"message\":\"Unknown command(s): no_such_cmd\",\"perf\":"
	 "[]}]}]}",
	 3, "Unknown command(s): no_such_cmd", NULL, 0},
};

static void test_bodies(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		const struct body_case *c = &bodies[i];
		struct nsc_answer a;
		char err[128];
		if (!nsc_answer_parse(c->body, strlen(c->body), &a, err,
				      sizeof(err)))
			fail_msg("%s: %s", c->era, err);
		if (a.result != c->result || strcmp(a.message, c->message))
			fail_msg("%s: result %d, message '%s'", c->era,
				 a.result, a.message);
		if (c->alias &&
		    (a.nperf < 1 || strcmp(a.perf[0].alias, c->alias) != 0 ||
		     a.perf[0].value != c->value))
			fail_msg("%s: perf %d '%s'=%g", c->era, a.nperf,
				 a.nperf ? a.perf[0].alias : "",
				 a.nperf ? a.perf[0].value : 0);
	}
}

static void test_bad_bodies(void **state)
{
	static const char *const bad[] = {
		"",
		"not json",
		"[1,2]",
		"{\"payload\":[]}",
		"{\"command\":\"x\",\"result\":0}",
		/* cut off in the middle */
		"{\"command\":\"check_os_version\",\"result\":0,\"lines\":[{"
		"\"me",
		/* the 403 body */
		"403 You're not allowed",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct nsc_answer a;
		char err[128] = "";
		if (nsc_answer_parse(bad[i], strlen(bad[i]), &a, err,
				     sizeof(err)))
			fail_msg("accepted: %s", bad[i]);
		assert_true(err[0] != '\0');
	}
}

/* Found by fuzzing: the line that overflows the message cap once it is
 * full made the remaining length wrap around (SIGSEGV with 18 lines of
 * 1,000 bytes). */
static void test_message_cap(void **state)
{
	static const char head[] = "{\"command\":\"check_wmi\",\"result\":0,"
				   "\"lines\":[";
	size_t size = sizeof(head) + 80 * 1024;
	char *body = malloc(size), *p = body, *end = body + size;
	struct nsc_answer *a = malloc(sizeof(*a));
	char err[128];

	(void)state;
	assert_non_null(body);
	assert_non_null(a);
	p += snprintf(p, (size_t)(end - p), "%s", head);
	for (int i = 0; i < 70; i++) {
		p += snprintf(p, (size_t)(end - p), "%s{\"message\":\"",
			      i ? "," : "");
		memset(p, 'a' + i % 26, 1000);
		p += 1000;
		p += snprintf(p, (size_t)(end - p), "\"}");
	}
	p += snprintf(p, (size_t)(end - p), "]}");
	assert_true(nsc_answer_parse(body, (size_t)(p - body), a, err,
				     sizeof(err)));
	assert_true(a->capped);
	assert_int_equal(strlen(a->message), NSC_MESSAGE_MAX - 1);
	assert_int_equal(a->message_len, NSC_MESSAGE_MAX - 1);
	/* whole lines first, then the start of the one that did not fit */
	assert_int_equal(a->message[1000], '\n');
	assert_int_equal(a->message[1001], 'b');
	free(a);
	free(body);
}

/* Found by fuzzing: jansson's error text quotes the body, and the agent's
 * bytes went from there to the status line unsanitised. */
static void test_error_text_sanitised(void **state)
{
	static const char *const bad[] = {
		"{\"command\": |'inj'=666",
		"{\"x\": \x1b[31mred",
		"{\"x\": \xe2\x80\xae reversed",
		"\x1b]0;title\x07|'a'=1",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct nsc_answer a;
		char err[256] = "";
		assert_false(nsc_answer_parse(bad[i], strlen(bad[i]), &a, err,
					      sizeof(err)));
		for (const char *c = err; *c; c++)
			if ((unsigned char)*c < 0x20 ||
			    (unsigned char)*c >= 0x7f || *c == '|')
				fail_msg("body %zu: byte 0x%02x in '%s'", i,
					 (unsigned char)*c, err);
	}
}

/* What is not NSClient++'s answer, as the fault rows of faults-rest.bats
 * meet it; the remote text comes back sanitised, the password masked. */
static void test_screen(void **state)
{
	static const struct nsc_target with_pw = {.password = "s3cret-pw"};
	static const struct nsc_target no_pw = {0};
	static const struct nsc_target basic = {.user = "monitor",
						.password = "s3cret-pw"};
	static const struct {
		const struct nsc_target *target;
		struct nsc_response r;
		enum nsc_status status;
		const char *says;
	} cases[] = {
		{&with_pw, {.status = 200, .body = "{}", .len = 2}, NSC_OK, ""},
		{&with_pw,
		 {.status = 302,
		  .location = "https://other/x?pw=s3cret-pw|\x1b"},
		 NSC_ERR_ANSWER,
		 "a redirect to https://other/x?pw=*********: not followed, "
		 "the password not sent there"},
		{&no_pw,
		 {.status = 301},
		 NSC_ERR_ANSWER,
		 "a redirect to nowhere (no Location): not followed "
		 "(NSClient++"},
		{&with_pw,
		 {.status = 200,
		  .encoding = "gzip",
		  .body = "\x1f\x8b",
		  .len = 2},
		 NSC_ERR_ANSWER,
		 "compressed (Content-Encoding: gzip) although the plugin "
		 "asked "
		 "for none"},
		{&with_pw,
		 {.status = 401, .body = "", .len = 0},
		 NSC_ERR_AUTH,
		 "asks for HTTP authentication (HTTP 401), which NSClient++ "
		 "does "
		 "not"},
		{&basic,
		 {.status = 401, .body = "", .len = 0},
		 NSC_ERR_AUTH,
		 "refused the Basic authentication of --user (HTTP 401)"},
		{&with_pw,
		 {.status = 200,
		  .content_type = "text/html; charset=utf-8",
		  .body = "<html><title>Sign in\x1b[2J | x</title>",
		  .len = 38},
		 NSC_ERR_ANSWER,
		 "with an HTML page (\"Sign in [2J x\"), not NSClient++'s "
		 "JSON"},
		{&with_pw,
		 {.status = 502,
		  .body = "  <!DOCTYPE html><p>bad</p>",
		  .len = 27},
		 NSC_ERR_ANSWER,
		 "answered HTTP 502 to q with an HTML page, not"},
		{&no_pw,
		 {.status = 403, .body = "403 You're not allowed", .len = 22},
		 NSC_ERR_AUTH,
		 "(HTTP 403: \"403 You're not allowed\"): none were given"},
		{&with_pw,
		 {.status = 403, .body = "403 You're not allowed", .len = 22},
		 NSC_ERR_AUTH,
		 "or blocks this address for a minute after 10 failed logins"},
		{&with_pw,
		 {.status = 403, .body = "403 Your not allowed", .len = 20},
		 NSC_ERR_AUTH,
		 "(HTTP 403: \"403 Your not allowed\"): check --password"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char err[512] = "";
		enum nsc_status st =
			nsc_screen(cases[i].target, "https://h:8443", "q",
				   &cases[i].r, err, sizeof(err));
		if (st != cases[i].status || strstr(err, cases[i].says) == NULL)
			fail_msg("case %zu: status %d, '%s'", i, (int)st, err);
		if (strstr(err, "s3cret-pw") != NULL || strchr(err, '|') ||
		    strchr(err, '\x1b'))
			fail_msg("case %zu: not clean: '%s'", i, err);
	}
}

static void test_info_version(void **state)
{
	static const char body[] = "{\"version\":\"0.16.4.55 2026-11-22\"}";
	/* /api/v1/info carries it too (capture web_v1_info_pw), for an agent
	 * whose /api/v1/info/version is not reachable */
	static const char info[] =
		"{\"name\":\"NSClient++\",\"version\":\"0.16.4.55 "
		"2026-11-22\",\"version_url\":\"https://127.0.0.1:8443/api/v1/"
		"info/version\"}";
	char v[64];

	(void)state;
	assert_true(nsc_info_version(body, strlen(body), v, sizeof(v)));
	assert_string_equal(v, "0.16.4.55 2026-11-22");
	assert_false(nsc_info_version("{}", 2, v, sizeof(v)));
	assert_true(nsc_info_version(info, strlen(info), v, sizeof(v)));
	assert_string_equal(v, "0.16.4.55 2026-11-22");
}

struct os_case {
	const char *message, *name, *arch;
	long major, minor, build, ubr;
};

static const struct os_case os_cases[] = {
	/* 0.4.4.23 over NRPE on 2012 R2 and later (issue #683) */
	{"OK: Windows 2012 (6.2.9200)", "Windows 2012", "", 6, 2, 9200, -1},
	/* 0.15+ (issue #1478) */
	{"OK: Windows 11 24H2 (10.0.26200.9168) x64", "Windows 11 24H2", "x64",
	 10, 0, 26200, 9168},
	/* 0.6.15-0.14 on Server 2008: CRITICAL for version=0 (reference 4.6) */
	{"CRITICAL: Windows Server 2008 (6.0.6003)", "Windows Server 2008", "",
	 6, 0, 6003, -1},
	{"OK: Windows Server 2008 (6.0.6003.0) x64", "Windows Server 2008",
	 "x64", 6, 0, 6003, 0},
	{"OK: Windows 2008 (6.0.6003)", "Windows 2008", "", 6, 0, 6003, -1},
};

static void test_os_version(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(os_cases) / sizeof(os_cases[0]); i++) {
		const struct os_case *c = &os_cases[i];
		struct nsc_os_version v;
		assert_true(nsc_parse_os_version(c->message, &v));
		assert_string_equal(v.name, c->name);
		assert_string_equal(v.arch, c->arch);
		assert_int_equal(v.version.part[0], c->major);
		assert_int_equal(v.version.part[1], c->minor);
		assert_int_equal(v.version.part[2], c->build);
		assert_int_equal(v.version.part[3], c->ubr);
	}
	struct nsc_os_version v;
	assert_false(nsc_parse_os_version("OK: Windows 2008", &v));
	assert_false(nsc_parse_os_version("Unknown command(s): x", &v));
	assert_false(nsc_parse_os_version("OK: Windows (6.0)", &v));
}

/* NRPE carries the plugin output whole: the same os_cases as NRPE text
 * (reference 4.6 and issue #683's "OK: Windows 2012 (6.2.9200)|'version'=
 * 62;50;50" over NRPE, the 0.16.4 capture's v2 answer). */
static void test_plugin_output(void **state)
{
	static struct nsc_answer a;
	char nrpe[256];

	(void)state;
	for (size_t i = 0; i < sizeof(os_cases) / sizeof(os_cases[0]); i++) {
		struct nsc_os_version v;

		snprintf(nrpe, sizeof(nrpe), "%s|'version'=60;50;50",
			 os_cases[i].message);
		nsc_plugin_output(nrpe, strlen(nrpe), 0, false, &a);
		assert_string_equal(a.message, os_cases[i].message);
		assert_true(nsc_parse_os_version(a.message, &v));
		assert_int_equal(v.version.part[2], os_cases[i].build);
	}
	/* long text: perfdata after '|' on any line, trailing newline */
	nsc_plugin_output("A|p=1\nB\nC|q=2 r=3\n", 18, 2, true, &a);
	assert_string_equal(a.message, "A\nB\nC");
	assert_int_equal(a.result, 2);
	assert_true(a.capped);
	/* an agent's result out of range is not a state */
	nsc_plugin_output("x", 1, 7, false, &a);
	assert_int_equal(a.result, -1);
	nsc_plugin_output("", 0, 3, false, &a);
	assert_string_equal(a.message, "");
}

static void test_nrpe_check_version(void **state)
{
	char v[64];

	(void)state;
	/* issue #1052 */
	assert_true(nsc_nrpe_check_version(
		"I (0.9.15 2025-08-16) seem to be doing fine...", v, sizeof(v)));
	assert_string_equal(v, "0.9.15");
	assert_true(nsc_nrpe_check_version(
		"I (0.16.4.55 2026-11-22) seem to be doing fine...", v,
		sizeof(v)));
	assert_string_equal(v, "0.16.4.55");
	/* Debian's nrpe answers _NRPE_CHECK with its own version */
	assert_false(nsc_nrpe_check_version("NRPE v4.1.0", v, sizeof(v)));
	assert_false(nsc_nrpe_check_version("I (x) seem", v, sizeof(v)));
	assert_false(nsc_nrpe_check_version("I (0.9.15 ...", v, 4));
}

static void test_wmi_os(void **state)
{
	struct nsc_wmi_os w;

	(void)state;
	/* the columns in the documented order; the 2008 Caption ends in a
	 * space (capture web_query_wmi) */
	assert_true(
		nsc_parse_wmi_os("Microsoft Windows Server 2008 Standard , "
				 "6.0.6003, 6003, 3, Service Pack 2, 64-bit",
				 &w));
	assert_string_equal(w.caption,
			    "Microsoft Windows Server 2008 Standard");
	assert_int_equal(w.build, 6003);
	assert_int_equal(w.product_type, 3);
	assert_string_equal(w.service_pack, "Service Pack 2");
	assert_string_equal(w.arch, "64-bit");
	/* no service pack since Windows 8: an empty column */
	assert_true(
		nsc_parse_wmi_os("Microsoft Windows 10 Enterprise LTSC 2019, "
				 "10.0.17763, 17763, 1, , 64-bit",
				 &w));
	assert_string_equal(w.caption,
			    "Microsoft Windows 10 Enterprise LTSC 2019");
	assert_string_equal(w.service_pack, "");
	assert_int_equal(w.product_type, 1);
	/* 0.3-era WMI code prints a NULL CSDVersion as the word */
	assert_true(
		nsc_parse_wmi_os("Microsoft Windows 11 Pro, 10.0.26100, 26100, "
				 "1, NULL, 64-bit",
				 &w));
	assert_string_equal(w.service_pack, "");
	/* a caption with its own ", " is read from the right */
	assert_true(nsc_parse_wmi_os("Windows, odd, 10.0.20348, 20348, 3, , "
				     "64-bit",
				     &w));
	assert_string_equal(w.caption, "Windows, odd");
	/* version and build must agree; too few columns is no row */
	assert_false(nsc_parse_wmi_os("X, 10.0.20348, 20349, 3, , 64-bit", &w));
	assert_false(
		nsc_parse_wmi_os("Microsoft Windows 8.1 Pro, 6.3.9600", &w));
	assert_false(nsc_parse_wmi_os("WMIQuery failed: x", &w));
}

static long day(const char *text)
{
	long d;

	assert_true(pol_date_parse(text, strlen(text), &d));
	return d;
}

static void test_hotfixes(void **state)
{
	struct pol_hotfix h[3];
	bool capped;

	(void)state;
	assert_int_equal(nsc_parse_hotfixes("KB4493730 4/9/2019, KB4474419 "
					    "9/10/2019, KB4499180",
					    h, 3, &capped),
			 3);
	assert_false(capped);
	/* newest first, the undated one last */
	assert_string_equal(h[0].id, "KB4474419");
	assert_int_equal(h[0].installed, day("2019-09-10"));
	assert_string_equal(h[1].id, "KB4493730");
	assert_int_equal(h[1].installed, day("2019-04-09"));
	assert_string_equal(h[2].id, "KB4499180");
	assert_int_equal(h[2].installed, POL_NO_DATE);
	/* not M/D/YYYY: not a date; ties keep the agent's order */
	assert_int_equal(nsc_parse_hotfixes("KB1 2019-04-09, KB2 13/1/2020, "
					    "KB3 2/30/2020, KB4 1/2/2020, KB5 "
					    "01/02/2020",
					    h, 3, &capped),
			 3);
	assert_true(capped);
	assert_string_equal(h[0].id, "KB1");
	assert_int_equal(h[0].installed, POL_NO_DATE);
	assert_int_equal(h[1].installed, POL_NO_DATE);
	assert_int_equal(h[2].installed, POL_NO_DATE);
	assert_int_equal(nsc_parse_hotfixes("KB4 1/2/2020, KB5 01/02/2020, "
					    "KB6 12/31/2019",
					    h, 3, &capped),
			 3);
	assert_string_equal(h[0].id, "KB4");
	assert_string_equal(h[1].id, "KB5");
	assert_string_equal(h[2].id, "KB6");
	assert_int_equal(nsc_parse_hotfixes("KB1 1/1/2020, KB2 1/2/2020, KB3 "
					    "1/3/2020, KB4 1/4/2020",
					    h, 3, &capped),
			 3);
	assert_true(capped);
	assert_int_equal(nsc_parse_hotfixes("", h, 3, &capped), 0);
}

static void test_editions(void **state)
{
	(void)state;
	assert_string_equal(pol_edition_from_caption(
				    "Microsoft Windows 10 Enterprise LTSC 2019",
				    POL_FAMILY_CLIENT),
			    "ltsc");
	assert_string_equal(
		pol_edition_from_caption(
			"Microsoft Windows 10 IoT Enterprise LTSC 2021",
			POL_FAMILY_CLIENT),
		"iot-ltsc");
	assert_string_equal(
		pol_edition_from_caption("Microsoft Windows 10 Enterprise 2016 "
					 "LTSB",
					 POL_FAMILY_CLIENT),
		"ltsc");
	assert_string_equal(
		pol_edition_from_caption("Microsoft Windows 11 Enterprise",
					 POL_FAMILY_CLIENT),
		"enterprise");
	assert_string_equal(pol_edition_from_caption("Microsoft Windows 11 Pro",
						     POL_FAMILY_CLIENT),
			    "general");
	assert_string_equal(pol_edition_from_caption(
				    "Microsoft Windows Server 2019 Standard",
				    POL_FAMILY_SERVER),
			    "ltsc");
	assert_string_equal(
		pol_edition_from_caption("Microsoft Windows Server Datacenter",
					 POL_FAMILY_SERVER),
		"sac");
	assert_string_equal(
		pol_edition_from_caption("Microsoft? Windows Server? 2008 "
					 "Standard",
					 POL_FAMILY_SERVER),
		"ltsc");
	/* the Caption Windows Admin Center tests for (catalogue C12) */
	assert_string_equal(
		pol_edition_from_caption("Microsoft Azure Stack HCI",
					 POL_FAMILY_SERVER),
		"azure-local");
	/* IoT Enterprise outside LTSC: 22H2 has no ESU, unlike Enterprise */
	assert_string_equal(
		pol_edition_from_caption("Microsoft Windows 10 IoT Enterprise",
					 POL_FAMILY_CLIENT),
		"iot-enterprise");
	assert_string_equal(pol_edition_fallback("iot-enterprise"),
			    "enterprise");
	assert_null(pol_edition_fallback("azure-local"));
	assert_null(pol_edition_fallback("general"));
}

/* Found by fuzzing: "Server(" without ")" read past the caption's end. The
 * caption is copied to a block of its own size so that ASan and valgrind
 * see any read beyond it. */
static void test_edition_unclosed(void **state)
{
	static const char *const captions[] = {
		"Microsoft Windows Server(",
		"Microsoft Windows Server(R",
		"Windows Server (R) 2019",
	};
	static const char *const want[] = {"sac", "sac", "ltsc"};

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		char *c = strdup(captions[i]);
		assert_non_null(c);
		assert_string_equal(
			pol_edition_from_caption(c, POL_FAMILY_SERVER),
			want[i]);
		free(c);
	}
}

/* An answer captured from Icinga 2 (tests/fixtures/icinga2/capture.sh):
 * the HTTP status on the first line, the body after it. */
static enum nsc_submit icinga_fixture(const char *name, char *why,
				      size_t whylen)
{
	char path[1024], text[4096];
	size_t len;
	long status;
	char *body;
	FILE *f;

	snprintf(path, sizeof(path), "%s/icinga2/%s", WB_TEST_FIXTURES, name);
	f = fopen(path, "r");
	assert_non_null(f);
	len = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[len] = '\0';
	status = strtol(text, &body, 10);
	assert_true(*body == '\n');
	body++;
	return nsc_icinga_answer(status, body, len - (size_t)(body - text), why,
				 whylen);
}

static void test_icinga_answers(void **state)
{
	static const char refused[] =
		"{\"results\":[{\"code\":500,\"status\":\"a\\nb|c\"}]}";
	char why[256];

	(void)state;
	assert_int_equal(icinga_fixture("submitted", why, sizeof(why)),
			 NSC_SUBMIT_OK);
	assert_int_equal(icinga_fixture("no-such-service", why, sizeof(why)),
			 NSC_SUBMIT_NO_OBJECT);
	assert_string_equal(why, "No objects found.");
	/* Icinga 2.13 hides what an ApiUser may not act on: a 404 too */
	assert_int_equal(icinga_fixture("no-permission", why, sizeof(why)),
			 NSC_SUBMIT_NO_OBJECT);
	assert_int_equal(icinga_fixture("passive-off", why, sizeof(why)),
			 NSC_SUBMIT_REFUSED);
	assert_string_equal(
		why, "Passive checks are disabled for object 'win1!passive-off'.");
	assert_int_equal(icinga_fixture("wrong-password", why, sizeof(why)),
			 NSC_SUBMIT_AUTH);
	assert_string_equal(why, "HTTP 401");
	/* not Icinga: a proxy's HTML error page, an empty 200 */
	assert_int_equal(nsc_icinga_answer(502, "<html>Bad Gateway</html>", 24,
					   why, sizeof(why)),
			 NSC_SUBMIT_ANSWER);
	assert_int_equal(nsc_icinga_answer(200, "", 0, why, sizeof(why)),
			 NSC_SUBMIT_ANSWER);
	/* Icinga's own text is remote text: sanitised */
	assert_int_equal(nsc_icinga_answer(200, refused, strlen(refused), why,
					   sizeof(why)),
			 NSC_SUBMIT_REFUSED);
	assert_string_equal(why, "a b c");
}

static void test_icinga_body(void **state)
{
	struct nsc_passive r = {
		.host = "srv6002",
		.service = "winbuild",
		.exit_status = 2,
		.output = "WINBUILD CRITICAL - x\n\\_ [CRITICAL] support: y\n",
		.perfdata = "'build'=6002;;;; 'support_days_left'=-2504;180:;0:;; "
			    "'a b'=1 'it''s'=2",
		.check_source = "mon1",
	};
	char *body = nsc_icinga_body(&r);

	(void)state;
	assert_non_null(body);
	assert_string_equal(
		body,
		"{\"type\":\"Service\",\"service\":\"srv6002!winbuild\","
		"\"exit_status\":2,\"plugin_output\":\"WINBUILD CRITICAL - "
		"x\\n\\\\_ [CRITICAL] support: y\\n\",\"performance_data\":"
		"[\"build=6002;;;;\",\"support_days_left=-2504;180:;0:;;\","
		"\"'a b'=1\",\"'it''s'=2\"],\"check_source\":\"mon1\"}");
	free(body);
	/* no perfdata: an empty array */
	r.perfdata = NULL;
	r.check_source = NULL;
	body = nsc_icinga_body(&r);
	assert_non_null(body);
	assert_non_null(strstr(body, "\"performance_data\":[]"));
	assert_null(strstr(body, "check_source"));
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_icinga_answers),
		cmocka_unit_test(test_icinga_body),
		cmocka_unit_test(test_bodies),
		cmocka_unit_test(test_bad_bodies),
		cmocka_unit_test(test_message_cap),
		cmocka_unit_test(test_error_text_sanitised),
		cmocka_unit_test(test_screen),
		cmocka_unit_test(test_info_version),
		cmocka_unit_test(test_os_version),
		cmocka_unit_test(test_plugin_output),
		cmocka_unit_test(test_nrpe_check_version),
		cmocka_unit_test(test_wmi_os),
		cmocka_unit_test(test_hotfixes),
		cmocka_unit_test(test_editions),
		cmocka_unit_test(test_edition_unclosed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
