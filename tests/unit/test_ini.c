/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ini reader of --extra-opts: what it gives for the monitoring-plugins'
 * format, and every error with its file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lib/ini.h"

#include <stdio.h>
#include <string.h>

struct seen {
	char lines[8][96];
	int n;
	int refuse_at; /* the callback refuses this line */
};

static bool collect(const struct wb_ini_entry *e, void *ctx, char *err,
		    size_t errlen)
{
	struct seen *s = ctx;

	if (e->line == s->refuse_at) {
		snprintf(err, errlen, "refused");
		return false;
	}
	if (s->n < 8)
		snprintf(s->lines[s->n++], sizeof(s->lines[0]),
			 "%d [%.*s] %.*s=%s%.*s", e->line, (int)e->section_len,
			 e->section, (int)e->key_len, e->key,
			 e->value ? "" : "(none)", (int)e->value_len,
			 e->value ? e->value : "");
	return true;
}

static void test_entries(void **state)
{
	static const char text[] = "# the monitoring-plugins' example\r\n"
				   "; another comment\n"
				   "\n"
				   "[check_winbuild]\n"
				   "hostname = win01.example\n"
				   "  community=s3cret ; not a comment\t\n"
				   "insecure\n"
				   "warning =\n"
				   "[ other section ]\n"
				   "t=5";
	struct seen s = {.refuse_at = -1};
	char err[256];

	(void)state;
	assert_true(wb_ini_parse(text, strlen(text), "f.ini", collect, &s, err,
				 sizeof(err)));
	assert_int_equal(s.n, 5);
	assert_string_equal(s.lines[0],
			    "5 [check_winbuild] hostname=win01.example");
	assert_string_equal(
		s.lines[1],
		"6 [check_winbuild] community=s3cret ; not a comment");
	assert_string_equal(s.lines[2], "7 [check_winbuild] insecure=(none)");
	assert_string_equal(s.lines[3], "8 [check_winbuild] warning=");
	assert_string_equal(s.lines[4], "10 [other section] t=5");
}

static void expect_error(const char *text, const char *what)
{
	struct seen s = {.refuse_at = 3};
	char err[256] = "";

	assert_false(wb_ini_parse(text, strlen(text), "f.ini", collect, &s, err,
				  sizeof(err)));
	if (strstr(err, what) == NULL)
		fail_msg("expected '%s' in '%s'", what, err);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("hostname = x\n", "f.ini:1: 'hostname' comes before any "
				       "[section]");
	expect_error("[s]\n[]\n", "f.ini:2: a section header is [name]");
	expect_error("[s]\n[a]b]\n", "f.ini:2: a section header is [name]");
	expect_error("[s]\n[open\n", "f.ini:2: a section header is [name]");
	expect_error("[s]\n= value\n", "f.ini:2: '= value' is not a key");
	expect_error("[s]\n-H = x\n", "f.ini:2: '-H = x' is not a key");
	expect_error("[s]\nhost name = x\n", "f.ini:2: 'host name = x' is not");
	expect_error("[s]\nkey = a\x1b[2J\n", "f.ini:2: a control character");
	expect_error("[s]\n\nkey = refused here\n", "f.ini:3: refused");
	{
		static const char nul[] = "[s]\nkey = a\0b\n";
		struct seen s = {.refuse_at = -1};
		char err[256];
		assert_false(wb_ini_parse(nul, sizeof(nul) - 1, "f.ini",
					  collect, &s, err, sizeof(err)));
		assert_string_equal(err,
				    "f.ini:2: a NUL byte: not a text file");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entries),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
