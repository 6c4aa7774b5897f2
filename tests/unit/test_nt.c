/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The legacy check_nt protocol's answers to CLIENTVERSION: the version of
 * each era and every error text NSClient++ 0.3.9 to 0.16 sends, verbatim
 * from shared/reference/nsclient-protocols.md 1.2, 1.3 and 1.6 (versions:
 * 0.5.0.19 from issue #247, 0.5.2.35 from 1.6, 0.16.4.55 as the 0.16.4
 * captures' /api/v1/info reports it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "nsclient/ntreply.h"

#include <stdio.h>
#include <string.h>

static void parse(const char *text, struct nsc_nt_reply *r)
{
	nsc_nt_parse(text, strlen(text), r);
}

static void test_versions(void **state)
{
	static const struct {
		const char *answer, *version, *date;
	} cases[] = {
		{"NSClient++ 0.5.0.19 2015-12-10", "0.5.0.19", "2015-12-10"},
		{"NSClient++ 0.5.2.35 2018-01-28", "0.5.2.35", "2018-01-28"},
		{"NSClient++ 0.16.4.55 2026-11-22", "0.16.4.55", "2026-11-22"},
		/* 0.3.9 ends its answer with "\n" when the request had one */
		{"NSClient++ 0.5.2.35 2018-01-28\n", "0.5.2.35", "2018-01-28"},
		/* 0.3.x "version = auto": name and version */
		{"NSClient++ 0.3.9", "0.3.9", ""},
	};
	struct nsc_nt_reply r;
	struct pol_facts f;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		parse(cases[i].answer, &r);
		assert_int_equal(r.kind, NSC_NT_VERSION);
		assert_false(r.auth);
		assert_string_equal(r.version, cases[i].version);
		assert_string_equal(r.date, cases[i].date);
		nsc_nt_facts(&r, &f);
		assert_string_equal(f.agent, cases[i].version);
		assert_string_equal(f.src_agent, "nsclient-nt:CLIENTVERSION");
		assert_string_equal(f.agent_api, "check_nt");
		assert_null(f.src_version);
		assert_int_equal(f.build, POL_NOT_KNOWN);
		assert_false(pol_facts_os_from_agent(&f));
	}
}

static void test_errors(void **state)
{
	static const struct {
		const char *answer;
		bool auth;
		const char *says; /* a part of the meaning */
	} cases[] = {
		{"ERROR: Invalid password.", true, "refused the password"},
		{"ERROR: Bad request.", true, "has no password set"},
		{"ERROR: Command not allowed.", false, "allow list"},
		{"ERROR: No command specified.", false, "no command code"},
		{"ERROR: Failed to parse", false, "0.4 to 0.11"},
		{"ERROR: Non-numeric command code: 1x", false, "0.11.31"},
		{"ERROR: Unknown command.", false, "not an NSClient++"},
		{"ERROR: Could not complete the request check log file for "
		 "more information.",
		 false, "log file says why"},
		{"ERROR: Invalid return from command: check_cpu", false,
		 "0.4.4"},
		{"ERROR: Failed to parse data from: check_uptime", false,
		 "0.5 or later"},
		{"ERROR: Command returned invalid number of payloads: 2", false,
		 "cannot relay"},
		{"ERROR: Invalid number of lines returned from command: "
		 "check_memory, 2",
		 false, "cannot relay"},
		{"ERROR: No performance data from command: check_pdh", false,
		 "cannot relay"},
		{"ERROR: something new", false, "no NSClient++ release"},
	};
	struct nsc_nt_reply r;
	struct pol_facts f;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		parse(cases[i].answer, &r);
		assert_int_equal(r.kind, NSC_NT_REFUSED);
		assert_int_equal(r.auth, cases[i].auth);
		assert_string_equal(r.text, cases[i].answer);
		if (strstr(r.meaning, cases[i].says) == NULL)
			fail_msg("'%s' means '%s'", cases[i].answer, r.meaning);
		assert_string_equal(r.version, "");
		nsc_nt_facts(&r, &f);
		assert_null(f.agent_api);
		assert_string_equal(f.agent, "");
	}
}

static void test_garbage(void **state)
{
	static const char *cases[] = {
		"",
		"\r\n",
		"NSClient++",
		"NSClient++ ",
		"NSClient++ latest",
		"NSClient++ 0.5.2.35x",
		"NSClient++ 1",
		"nsclient++ 0.5.2.35 2018-01-28",
		"HTTP/1.1 400 Bad Request",
		"SSH-2.0-OpenSSH_9.2p1",
		"OK&Windows 2008",
	};
	static char big[NSC_NT_REPLY_MAX + 2];
	struct nsc_nt_reply r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		parse(cases[i], &r);
		assert_int_equal(r.kind, NSC_NT_GARBAGE);
		assert_true(r.meaning[0] != '\0');
	}
	/* a NUL inside; control characters and '|' never reach the text */
	nsc_nt_parse("NSClient++ 0.5\0.2", 17, &r);
	assert_int_equal(r.kind, NSC_NT_GARBAGE);
	parse("ERROR: x|y\033[2J", &r);
	assert_int_equal(r.kind, NSC_NT_REFUSED);
	assert_null(strpbrk(r.text, "|\033"));
	parse("NSClient++ 0.5.2.35 2018|01\033", &r);
	assert_int_equal(r.kind, NSC_NT_VERSION);
	assert_null(strpbrk(r.date, "|\033"));
	/* over the cap: refused as over-long, even when it starts well */
	memcpy(big, "NSClient++ 0.5.2.35 ", 20);
	memset(big + 20, 'x', sizeof(big) - 20);
	nsc_nt_parse(big, sizeof(big), &r);
	assert_int_equal(r.kind, NSC_NT_GARBAGE);
	assert_non_null(strstr(r.meaning, "longer than 1024 bytes"));
	assert_true(strlen(r.text) < sizeof(r.text));
	nsc_nt_parse(big, NSC_NT_REPLY_MAX, &r);
	assert_int_equal(r.kind, NSC_NT_VERSION);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
