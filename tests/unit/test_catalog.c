/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalogue parser (errors with line numbers) and lookups in the
 * shipped data/windows-lifecycle.catalog. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "shipped.h"

#include "policy/catalog.h"
#include "policy/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct pol_release *find(enum pol_family family, long build,
				      const char *edition)
{
	struct pol_match m;

	assert_int_equal(
		pol_catalog_lookup(shipped, family, build, edition, &m),
		POL_FOUND);
	return m.release;
}

static void test_server_2008_sp2(void **state)
{
	const struct pol_release *r;

	(void)state;
	/* the 6002 -> 6003 reset: both builds are Server 2008 SP2 */
	r = find(POL_FAMILY_SERVER, 6002, NULL);
	assert_string_equal(r->id, "server-2008-sp2");
	assert_ptr_equal(find(POL_FAMILY_SERVER, 6003, NULL), r);
	assert_int_equal(r->extended, day("2020-01-14"));
	assert_int_equal(r->nesu, 3);
	assert_int_equal(r->esu[2], day("2023-01-10"));
	assert_int_equal(r->azure, day("2024-01-09"));
	/* 6002 on a workstation is Vista SP2 */
	assert_string_equal(find(POL_FAMILY_CLIENT, 6002, NULL)->id,
			    "vista-sp2");
}

static void test_shared_builds(void **state)
{
	struct pol_match m;

	(void)state;
	assert_string_equal(find(POL_FAMILY_SERVER, 17763, NULL)->id,
			    "server-2019");
	assert_string_equal(find(POL_FAMILY_SERVER, 17763, "sac")->id,
			    "server-1809");
	assert_string_equal(find(POL_FAMILY_CLIENT, 17763, NULL)->id,
			    "win10-1809");
	assert_string_equal(find(POL_FAMILY_CLIENT, 17763, "ltsc")->id,
			    "win10-ltsc-2019");
	assert_int_equal(find(POL_FAMILY_CLIENT, 17763, "ltsc")->extended,
			 day("2029-01-09"));
	/* 14393: LTSB 2016 outlives 1607, Server 2016 is its own release */
	assert_string_equal(find(POL_FAMILY_CLIENT, 14393, "ltsc")->id,
			    "win10-ltsb-2016");
	assert_int_equal(find(POL_FAMILY_CLIENT, 14393, "ltsc")->extended,
			 day("2026-10-13"));
	assert_string_equal(find(POL_FAMILY_SERVER, 14393, "ltsc")->id,
			    "server-2016");
	assert_string_equal(find(POL_FAMILY_SERVER, 26100, NULL)->id,
			    "server-2025");
	assert_string_equal(find(POL_FAMILY_CLIENT, 26100, NULL)->id,
			    "win11-24h2");
	assert_string_equal(find(POL_FAMILY_SERVER, 20348, NULL)->id,
			    "server-2022");
	/* an assumed edition is flagged where others share the build */
	assert_int_equal(
		pol_catalog_lookup(shipped, POL_FAMILY_CLIENT, 17763, NULL, &m),
		POL_FOUND);
	assert_true(m.edition_assumed);
	/* 20348 is also Azure Stack HCI 21H2: Server 2022 is assumed */
	assert_int_equal(
		pol_catalog_lookup(shipped, POL_FAMILY_SERVER, 20348, NULL, &m),
		POL_FOUND);
	assert_true(m.edition_assumed);
	/* a build no other release of the family has: nothing assumed */
	assert_int_equal(
		pol_catalog_lookup(shipped, POL_FAMILY_SERVER, 9600, NULL, &m),
		POL_FOUND);
	assert_false(m.edition_assumed);
	/* without a family, a build only one family has is still found */
	assert_string_equal(find(POL_FAMILY_UNKNOWN, 20348, NULL)->id,
			    "server-2022");
}

/* Releases with their own lifecycle on a build others share, and the ESU
 * programs re-verified in 2026-12: the default row of each build stays. */
static void test_editions_2026_12(void **state)
{
	const struct pol_release *r;

	(void)state;
	/* Azure Stack HCI / Azure Local beside Windows Server */
	assert_string_equal(find(POL_FAMILY_SERVER, 20348, "azure-local")->id,
			    "azure-stack-hci-21h2");
	assert_string_equal(find(POL_FAMILY_SERVER, 20348, NULL)->id,
			    "server-2022");
	assert_string_equal(find(POL_FAMILY_SERVER, 25398, "azure-local")->id,
			    "azure-local-23h2");
	assert_string_equal(find(POL_FAMILY_SERVER, 25398, NULL)->id,
			    "server-23h2");
	r = find(POL_FAMILY_SERVER, 26100, "azure-local");
	assert_string_equal(r->id, "azure-local-24h2");
	assert_int_equal(r->extended, POL_NO_DATE);
	assert_string_equal(find(POL_FAMILY_SERVER, 26100, NULL)->id,
			    "server-2025");
	/* builds only Azure Stack HCI has: its row is the default */
	assert_string_equal(find(POL_FAMILY_SERVER, 17784, NULL)->id,
			    "azure-stack-hci-20h2");
	assert_string_equal(find(POL_FAMILY_SERVER, 20349, NULL)->id,
			    "azure-stack-hci-22h2");
	/* Windows 10 22H2: consumer ESU to 2027-10-12, commercial to
	 * 2028-10-10, IoT Enterprise none */
	r = find(POL_FAMILY_CLIENT, 19045, NULL);
	assert_string_equal(r->id, "win10-22h2");
	assert_int_equal(r->nesu, 2);
	assert_int_equal(r->esu[1], day("2027-10-12"));
	r = find(POL_FAMILY_CLIENT, 19045, "enterprise");
	assert_int_equal(r->nesu, 3);
	assert_int_equal(r->esu[2], day("2028-10-10"));
	r = find(POL_FAMILY_CLIENT, 19045, "iot-enterprise");
	assert_string_equal(r->id, "win10-iot-22h2");
	assert_int_equal(r->nesu, 0);
	assert_int_equal(r->extended, day("2025-10-14"));
	/* 2016: ESU for three years, the ends on Patch Tuesdays */
	assert_int_equal(find(POL_FAMILY_SERVER, 14393, NULL)->esu[0],
			 day("2030-01-08"));
	assert_int_equal(find(POL_FAMILY_CLIENT, 14393, "ltsc")->esu[0],
			 day("2029-10-09"));
	/* Embedded 7: ESU years through OEMs */
	r = find(POL_FAMILY_CLIENT, 7601, "posready");
	assert_int_equal(r->nesu, 3);
	assert_int_equal(r->esu[2], day("2024-10-08"));
	r = find(POL_FAMILY_CLIENT, 7601, "embedded");
	assert_int_equal(r->esu[2], day("2023-10-10"));
	assert_string_equal(find(POL_FAMILY_CLIENT, 7601, NULL)->id,
			    "win7-sp1");
}

static void test_lookup_failures(void **state)
{
	struct pol_match m;
	char editions[128];

	(void)state;
	assert_int_equal(pol_catalog_lookup(shipped, POL_FAMILY_UNKNOWN, 26100,
					    NULL, &m),
			 POL_AMBIGUOUS);
	assert_int_equal(
		pol_catalog_lookup(shipped, POL_FAMILY_CLIENT, 99999, NULL, &m),
		POL_NEWER);
	assert_true(m.newest_build >= 26100);
	/* 22635 was a Windows 11 Insider build, between 22631 and 26100 */
	assert_int_equal(
		pol_catalog_lookup(shipped, POL_FAMILY_CLIENT, 22635, NULL, &m),
		POL_NOT_FOUND);
	assert_int_equal(pol_catalog_lookup(shipped, POL_FAMILY_SERVER, 20348,
					    "enterprise", &m),
			 POL_NO_EDITION);
	pol_catalog_editions(shipped, POL_FAMILY_SERVER, 17763, NULL, editions,
			     sizeof(editions));
	assert_string_equal(editions, "ltsc, sac");
	pol_catalog_editions(shipped, POL_FAMILY_SERVER, 17763, "ltsc",
			     editions, sizeof(editions));
	assert_string_equal(editions, "sac");
}

static void expect_error(const char *text, const char *where, const char *what)
{
	struct pol_catalog *c = (struct pol_catalog *)1;
	char err[512] = "";

	assert_int_equal(pol_catalog_parse(text, strlen(text), "t.catalog", &c,
					   err, sizeof(err)),
			 POL_ERR_SYNTAX);
	assert_null(c);
	if (strstr(err, where) == NULL || strstr(err, what) == NULL)
		fail_msg("expected '%s' and '%s' in: %s", where, what, err);
}

#define ROW(id, family, builds, edition, ext)                                  \
	"release | " id " | Name | " family " | 6.0 | " builds " | " edition   \
	" | 2009-04-29 | 2015-01-13 | " ext " | - | - | src\n"

static void test_parse_errors(void **state)
{
	(void)state;
	expect_error("# only a comment\n\n", "t.catalog", "no release rows");
	expect_error("# c\nrelease | a | N | client\n",
		     "t.catalog:2:", "13 fields");
	expect_error("releases | a | N | client | 6.0 | 1 | x* | - | - | - | - "
		     "| - | s\n",
		     "t.catalog:1:", "record type");
	expect_error(ROW("a", "client", "6002", "general*", "2020-01-14")
			     ROW("b", "client", "6002", "ltsc", "2020-02-30"),
		     "t.catalog:2:", "extended end '2020-02-30'");
	expect_error(ROW("a", "client", "6002", "general*", "2020-01-14")
			     ROW("b", "client", "6002", "ltsc*", "2020-01-14"),
		     "t.catalog:1:", "2 rows marked *");
	expect_error(ROW("a", "client", "6002", "general", "2020-01-14"),
		     "t.catalog:1:", "0 rows marked *");
	expect_error(ROW("a", "client", "6002", "general*", "2020-01-14") ROW(
			     "a", "server", "6002", "general*", "2020-01-14"),
		     "t.catalog:2:", "id a is also on line 1");
	expect_error(ROW("a", "desktop", "6002", "general*", "2020-01-14"),
		     "t.catalog:1:", "family 'desktop'");
	expect_error(ROW("a", "client", "60x2", "general*", "2020-01-14"),
		     "t.catalog:1:", "build '60x2'");
	expect_error(ROW("A", "client", "6002", "general*", "2020-01-14"),
		     "t.catalog:1:", "id 'A'");
	expect_error(ROW("a", "client", "6002", "general*", "2010-01-14"),
		     "t.catalog:1:", "out of order");
	expect_error(ROW("a", "client", "6002", "general*", "2020-01-14") ROW(
			     "b", "client", "6002", "general", "2020-01-14"),
		     "t.catalog:2:", "edition general is also on line 1");
	expect_error(
		"release | a | N | client | 6.0 | 6002 | g* | 2009-04-29 "
		"| 2015-01-13 | 2020-01-14 | 2023-01-10,2022-01-11 | - | s\n",
		"t.catalog:1:", "ascending");
	expect_error(ROW("a", "client", "6002,6002", "general*", "2020-01-14"),
		     "t.catalog:1:", "build 6002 is listed twice");
	/* the first row in file order that has an error is named */
	expect_error(ROW("a", "client", "6002", "general*", "2020-01-14") ROW(
			     "b", "client", "6003", "general", "2020-01-14")
			     ROW("c", "client", "6003", "ltsc", "2020-01-14"),
		     "t.catalog:2:", "client build 6003 has 0 rows marked *");
	expect_error(ROW("a", "client", "6002", "general*", "2020-01-14") ROW(
			     "b", "client", "6002,6003", "ltsc*", "2020-01-14"),
		     "t.catalog:1:", "client build 6002 has 2 rows marked *");
}

/*
 * A catalogue near the 1 MiB cap: 9,000 rows in the real row format. The
 * row checks were quadratic (7 s for such a file); they sort now. What is
 * checked here is the answer; the time is measured by bench/catalog.sh.
 */
static char *big_catalog(int rows, size_t *len)
{
	size_t size = (size_t)rows * 160;
	char *text = malloc(size);
	size_t used = 0;

	assert_non_null(text);
	for (int i = 0; i < rows; i++)
		used += (size_t)snprintf(
			text + used, size - used,
			"release | r%d | Row %d | %s | 10.0 | %d | general* | "
			"2015-07-29 | 2020-01-14 | 2025-10-14 | - | - | s\n",
			i, i, i % 2 ? "client" : "server", 100000 + i / 2);
	*len = used;
	return text;
}

static void test_parse_large(void **state)
{
	struct pol_catalog *c;
	char err[256];
	size_t len;
	char *text = big_catalog(9000, &len);

	(void)state;
	assert_int_equal(
		pol_catalog_parse(text, len, "big", &c, err, sizeof(err)),
		POL_OK);
	assert_true(len < 1024 * 1024);
	assert_int_equal(c->count, 9000);
	pol_catalog_free(c);
	/* the last row repeats the first's id, build and edition */
	snprintf(strstr(text, "release | r8999 "), 160,
		 "release | r0 | Row | server | 10.0 | 100000 | general | "
		 "2015-07-29 | 2020-01-14 | 2025-10-14 | - | - | s\n");
	assert_int_equal(pol_catalog_parse(text, strlen(text), "big", &c, err,
					   sizeof(err)),
			 POL_ERR_SYNTAX);
	assert_string_equal(err, "big:9000: server build 100000 edition "
				 "general is also on line 1");
	free(text);
}

static void test_parse_good(void **state)
{
	static const char text[] =
		"# comment\r\n\r\n"
		"release | server-2008-sp2 | Windows Server 2008 SP2 | server "
		"| "
		"6.0 | 6002,6003 | general* | 2009-04-29 | 2015-01-13 | "
		"2020-01-14 | 2021-01-12,2022-01-11,2023-01-10 | 2024-01-09 | "
		"S2\r\n";
	struct pol_catalog *c;
	char err[256];

	(void)state;
	assert_int_equal(pol_catalog_parse(text, strlen(text), "t", &c, err,
					   sizeof(err)),
			 POL_OK);
	assert_int_equal(c->count, 1);
	assert_int_equal(c->rows[0].nbuilds, 2);
	assert_int_equal(c->rows[0].line, 3);
	assert_string_equal(c->rows[0].source, "S2");
	assert_true(c->rows[0].edition_default);
	assert_string_equal(c->rows[0].edition, "general");
	pol_catalog_free(c);
}

static void test_load_missing(void **state)
{
	struct pol_catalog *c;
	char err[256];

	(void)state;
	assert_int_equal(pol_catalog_load("/nonexistent/x.catalog", &c, err,
					  sizeof(err)),
			 POL_ERR_IO);
	assert_non_null(strstr(err, "/nonexistent/x.catalog"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_server_2008_sp2),
		cmocka_unit_test(test_shared_builds),
		cmocka_unit_test(test_editions_2026_12),
		cmocka_unit_test(test_lookup_failures),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_large),
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_load_missing),
	};
	return cmocka_run_group_tests(tests, load_shipped, free_shipped);
}
