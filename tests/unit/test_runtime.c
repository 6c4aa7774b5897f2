/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The range parser and checker against the guidelines' table, and the
 * bounded number parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lib/runtime.h"

#include <limits.h>
#include <string.h>

struct range_case {
	const char *range;
	double value;
	bool alerts;
};

/* The guidelines' table, each row at and around its edges. */
static const struct range_case range_cases[] = {
	/* "10": alert if < 0 or > 10 */
	{"10", -1, true},
	{"10", 0, false},
	{"10", 10, false},
	{"10", 11, true},
	{"10", 5, false},
	/* "10:": alert if < 10 */
	{"10:", 9, true},
	{"10:", 10, false},
	{"10:", 1e9, false},
	/* "~:10": alert if > 10 */
	{"~:10", 11, true},
	{"~:10", 10, false},
	{"~:10", -1e9, false},
	/* "10:20": alert if < 10 or > 20 */
	{"10:20", 9, true},
	{"10:20", 10, false},
	{"10:20", 20, false},
	{"10:20", 21, true},
	/* "@10:20": alert if >= 10 and <= 20 */
	{"@10:20", 9, false},
	{"@10:20", 10, true},
	{"@10:20", 15, true},
	{"@10:20", 20, true},
	{"@10:20", 21, false},
	/* negative bounds, where check_snmp 2.3.3 goes wrong */
	{"~:-5", -5, false},
	{"~:-5", -4, true},
	{"~:-5", -6, false},
	{"@-10:-1", -10, true},
	{"@-10:-1", -1, true},
	{"@-10:-1", 0, false},
	{"@-10:-1", -11, false},
	{"-10:-1", -11, true},
	{"-10:-1", -5, false},
	{"-5:", -6, true},
	{"-5:", -5, false},
	/* the plugin's defaults on days left */
	{"180:", 179, true},
	{"180:", 180, false},
	{"0:", -1, true},
	{"0:", 0, false},
	/* decimals */
	{"10.5", 10.5, false},
	{"10.5", 10.6, true},
	{"0", 0, false},
	{"0", 1, true},
	{"@0", 0, true},
	{"~:", -1e12, false},
};

static void test_range_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(range_cases) / sizeof(range_cases[0]);
	     i++) {
		const struct range_case *c = &range_cases[i];
		struct wb_range r;
		char err[128];
		bool ok = wb_range_parse(c->range, &r, err, sizeof(err));
		if (!ok)
			fail_msg("'%s' did not parse: %s", c->range, err);
		if (wb_range_alerts(&r, c->value) != c->alerts)
			fail_msg("'%s' with %g: expected %s", c->range,
				 c->value, c->alerts ? "an alert" : "no alert");
	}
}

static void test_range_rejects(void **state)
{
	static const char *const bad[] = {"",
					  "abc",
					  "10:5",
					  "1e3",
					  "0x10",
					  "10:20:30",
					  "@",
					  "~",
					  "- 5",
					  "10 ",
					  "~:~",
					  "@@1",
					  "5:a",
					  "1.2.3",
					  "inf",
					  "nan",
					  ":",
					  "-",
					  "1234567890123456"};
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct wb_range r;
		char err[128] = "";
		if (wb_range_parse(bad[i], &r, err, sizeof(err)))
			fail_msg("'%s' was accepted", bad[i]);
		assert_non_null(strstr(err, "range"));
	}
}

static void test_range_state(void **state)
{
	struct wb_range w, c;
	char err[64];

	(void)state;
	/* -w 10 -c 20: critical over 20, else warning over 10 */
	assert_true(wb_range_parse("10", &w, err, sizeof(err)));
	assert_true(wb_range_parse("20", &c, err, sizeof(err)));
	assert_int_equal(wb_range_state(&w, &c, 10), WB_OK);
	assert_int_equal(wb_range_state(&w, &c, 11), WB_WARNING);
	assert_int_equal(wb_range_state(&w, &c, 21), WB_CRITICAL);
	assert_int_equal(wb_range_state(&w, &c, -1), WB_CRITICAL);
	assert_string_equal(w.text, "10");
}

static void test_states(void **state)
{
	enum wb_state s;

	(void)state;
	assert_int_equal(wb_state_worst(WB_OK, WB_UNKNOWN), WB_UNKNOWN);
	assert_int_equal(wb_state_worst(WB_UNKNOWN, WB_WARNING), WB_WARNING);
	assert_int_equal(wb_state_worst(WB_CRITICAL, WB_UNKNOWN), WB_CRITICAL);
	assert_true(wb_state_parse("critical", &s));
	assert_int_equal(s, WB_CRITICAL);
	assert_true(wb_state_parse("2", &s));
	assert_int_equal(s, WB_CRITICAL);
	assert_false(wb_state_parse("4", &s));
	assert_false(wb_state_parse("bad", &s));
	assert_string_equal(wb_state_name(WB_WARNING), "WARNING");
}

static void test_parse_long(void **state)
{
	long v = 42;

	(void)state;
	assert_true(wb_parse_long("10", 1, 3600, &v));
	assert_int_equal(v, 10);
	assert_true(wb_parse_long("-7", -10, 10, &v));
	assert_int_equal(v, -7);
	assert_true(wb_parse_long("9223372036854775807", 0, LONG_MAX, &v));
	assert_true(wb_parse_long("-9223372036854775808", LONG_MIN, 0, &v));
	assert_int_equal(v, LONG_MIN);
	v = 42;
	assert_false(wb_parse_long("9223372036854775808", 0, LONG_MAX, &v));
	assert_false(wb_parse_long("", 0, 10, &v));
	assert_false(wb_parse_long(" 1", 0, 10, &v));
	assert_false(wb_parse_long("1 ", 0, 10, &v));
	assert_false(wb_parse_long("+1", 0, 10, &v));
	assert_false(wb_parse_long("0x1", 0, 10, &v));
	assert_false(wb_parse_long("11", 0, 10, &v));
	assert_false(wb_parse_long("-1", 0, 10, &v));
	assert_false(wb_parse_long("5", -10, -1, &v));
	assert_false(wb_parse_long("-", -10, 10, &v));
	assert_int_equal(v, 42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_range_table),
		cmocka_unit_test(test_range_rejects),
		cmocka_unit_test(test_range_state),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_parse_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
