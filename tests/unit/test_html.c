/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The HTML report's rows, kept in a temporary file, and the page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "plugin/html.h"
#include "policy/date.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* 2026-06-01, the report's "today" */
#define TODAY 20605L

/* Hosts as the fleet's inventory and reports give them: names that share
 * long beginnings (the order must still be the names'), equal ends and
 * states, a host without a known end. */
static const struct wb_html_row hosts[] = {
	{"fileserver-berlin-02", "10.1.0.12", "berlin", "ops", "files",
	 "Windows Server 2012 R2 Standard", "6.3.9600",
	 "extended support ended 2023-10-10", WB_CRITICAL, true, 19640, -965},
	{"fileserver-berlin-01", "10.1.0.11", "berlin", "ops", "files",
	 "Windows Server 2012 R2 Standard", "6.3.9600",
	 "extended support ended 2023-10-10", WB_CRITICAL, true, 19640, -965},
	{"fileserver-berlin-01-old", "10.1.0.10", "berlin", "ops", "files",
	 "Windows Server 2012 R2 Standard", "6.3.9600",
	 "extended support ended 2023-10-10", WB_CRITICAL, true, 19640, -965},
	{"pc11", "10.2.0.11", "munich", "desk", "", "Windows 10 Enterprise",
	 "10.0.19045", "support ends 2025-10-14", WB_WARNING, true, 20375,
	 -230},
	{"pc12", "10.2.0.12", "munich", "desk", "", "Windows 10 Enterprise",
	 "10.0.19045", "build 19045 behind the baseline", WB_CRITICAL, true,
	 20375, -230},
	{"srv6003", "10.3.0.3", "hamburg", "ops", "dc",
	 "Windows Server 2019 Standard", "10.0.17763",
	 "mainstream support ended", WB_OK, true, 22290, 1685},
	{"down", "10.3.0.9", "hamburg", "ops", "dc", "", "", "no answer",
	 WB_UNKNOWN, false, 0, 0},
	{"<script>", "10.3.0.10", "hamburg", "ops", "dc & co", "Windows 11 Pro",
	 "10.0.22631", "support ends 2026-09-04", WB_OK, true, 20700, 95},
};
#define NHOSTS (sizeof(hosts) / sizeof(hosts[0]))

/* The page for rows added in the order given, as one string (freed by the
 * caller). */
static char *page(const struct wb_html_row *rows, const size_t *order, size_t n)
{
	struct wb_html_rows r = {0};
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	for (size_t i = 0; i < n; i++)
		assert_true(wb_html_rows_add(&r, &rows[order[i]]));
	assert_int_equal(r.count, n);
	assert_true(wb_html_page(&r, TODAY, "fleet.hosts", out));
	assert_int_equal(fclose(out), 0);
	wb_html_rows_free(&r);
	return text;
}

/* The table's host names, in their order, separated by spaces. */
static void table_names(const char *text, char *names, size_t len)
{
	const char *tr = strstr(text, "<tbody>");

	names[0] = '\0';
	while ((tr = strstr(tr, "<tr class=")) != NULL) {
		const char *name = strstr(tr, "<td>") + 4;
		size_t used = strlen(names);

		snprintf(names + used, len - used, "%s%.*s", used ? " " : "",
			 (int)strcspn(name, "<"), name);
		tr++;
	}
}

static void test_order(void **state)
{
	size_t order[NHOSTS];
	char names[512];
	char *text;

	(void)state;
	for (size_t i = 0; i < NHOSTS; i++)
		order[i] = i;
	text = page(hosts, order, NHOSTS);
	table_names(text, names, sizeof(names));
	/* ended first, the worst state first on a day, then by name; the
	 * host named "<script>" escaped */
	assert_string_equal(names,
			    "fileserver-berlin-01 "
			    "fileserver-berlin-01-old "
			    "fileserver-berlin-02 pc12 pc11 &lt;script&gt; "
			    "srv6003 down");
	assert_non_null(strstr(text, "<h1>Windows support of 8 hosts</h1>"));
	assert_non_null(strstr(text, "<li class=\"critical\">4 CRITICAL</li>"
				     "<li class=\"warning\">1 WARNING</li>"
				     "<li class=\"ok\">2 OK</li>"
				     "<li class=\"unknown\">1 UNKNOWN</li>"
				     "<li>5 out of support</li>"
				     "<li>1 ending within 180 days</li>"));
	/* the charts' lines: products and groups as met in the table */
	assert_non_null(strstr(text, ">Windows Server 2012 R2 Standard: 3 "
				     "hosts, support ended 2023-10-10<"));
	assert_non_null(strstr(text, ">(no group): 2 hosts, support ended "
				     "2025-10-14<"));
	assert_non_null(strstr(text, ">dc &amp; co: 1 host, support ends "));
	free(text);
}

/* The same page however the hosts ended: rows added in any order. */
static void test_any_order(void **state)
{
	size_t order[NHOSTS];
	char *first, *text;

	(void)state;
	for (size_t i = 0; i < NHOSTS; i++)
		order[i] = i;
	first = page(hosts, order, NHOSTS);
	srand(7);
	for (int round = 0; round < 20; round++) {
		for (size_t i = NHOSTS - 1; i > 0; i--) {
			size_t j = (size_t)rand() % (i + 1), t = order[i];

			order[i] = order[j];
			order[j] = t;
		}
		text = page(hosts, order, NHOSTS);
		assert_string_equal(text, first);
		free(text);
	}
	free(first);
}

/* Many rows: each read back once in the table, in order. */
static void test_many(void **state)
{
	enum { MANY = 5000 };
	struct wb_html_row *rows = calloc(MANY, sizeof(*rows));
	size_t *order = calloc(MANY, sizeof(*order));
	const char *tr, *prev = "";
	size_t seen = 0;
	char *text;

	(void)state;
	assert_non_null(rows);
	assert_non_null(order);
	for (size_t i = 0; i < MANY; i++) {
		rows[i] = hosts[i % NHOSTS];
		snprintf(rows[i].name, sizeof(rows[i].name),
			 "workstation-hamburg-%05zu", i);
		rows[i].state = WB_OK;
		rows[i].has_end = true;
		rows[i].end = 21000;
		order[i] = (i * 7919) % MANY; /* a permutation */
	}
	text = page(rows, order, MANY);
	assert_non_null(strstr(text, "<h1>Windows support of 5000 hosts</h1>"));
	for (tr = strstr(text, "<tbody>");
	     (tr = strstr(tr, "<tr class=")) != NULL; tr++) {
		const char *name = strstr(tr, "<td>") + 4;

		/* one end, one state: by name alone, past the shared start */
		assert_true(strncmp(prev, name, 25) < 0);
		prev = name;
		seen++;
	}
	assert_int_equal(seen, MANY);
	free(text);
	free(order);
	free(rows);
}

/* No place for the temporary file: a clear reason, no row. */
static void test_no_temporary_file(void **state)
{
	struct wb_html_rows r = {0};
	const char *tmpdir = getenv("TMPDIR");
	char *saved = tmpdir ? strdup(tmpdir) : NULL;

	(void)state;
	setenv("TMPDIR", "/nonexistent-winbuild-dir", 1);
	assert_false(wb_html_rows_add(&r, &hosts[0]));
	assert_string_equal(r.why, "cannot keep the hosts' lines: a temporary "
				   "file in /nonexistent-winbuild-dir: No "
				   "such file or directory");
	assert_int_equal(r.count, 0);
	wb_html_rows_free(&r);
	if (saved != NULL)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);
}

/* The disk full (a file size limit does as well): the rows written so
 * far stay, later ones are refused with the reason. */
static void test_full(void **state)
{
	struct wb_html_rows r = {0};
	struct rlimit old, small = {.rlim_cur = 3 * sizeof(struct wb_html_row)};
	size_t order[3] = {0, 1, 2};
	char *text;
	size_t len;
	FILE *out;
	bool added = true;

	(void)state;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small.rlim_max = old.rlim_max;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	for (size_t i = 0; i < NHOSTS && added; i++)
		added = wb_html_rows_add(&r, &hosts[i]);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	assert_false(added);
	assert_int_equal(r.count, 3);
	assert_string_equal(r.why, "cannot keep the hosts' lines: a temporary "
				   "file: File too large");
	/* what was kept makes the page it would have alone */
	out = open_memstream(&text, &len);
	assert_non_null(out);
	assert_true(wb_html_page(&r, TODAY, "fleet.hosts", out));
	assert_int_equal(fclose(out), 0);
	wb_html_rows_free(&r);
	{
		char *alone = page(hosts, order, 3);

		assert_string_equal(text, alone);
		free(alone);
	}
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_any_order),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_no_temporary_file),
		cmocka_unit_test(test_full),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
