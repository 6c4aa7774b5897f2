/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hrSWInstalledTable: the name and date parsers over the real rows of
 * shared/reference/snmp-and-plugin-conventions.md section 2 (snmpsim's
 * recorded XP walk, nmap's Server 2003 output, net-snmp on Linux, the
 * LibreNMS and Centreon issues), copied exactly; the list, its hotfixes
 * and facts; the merge with NSClient++; the rule and the rendering.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "plugin/output.h"
#include "policy/evaluate.h"
#include "shipped.h"
#include "snmp/software.h"
#include "snmp/swname.h"

/* The Nokia driver row of the XP walk: cp1252 quotes, cut at 64 bytes. */
static const char nokia[] = "Windows Driver Package - Nokia pccsmcfd "
			    "\x93LegacyDriver\x94  (05/31/2";

struct name_case {
	const char *name;
	const char *kb; /* "" for none */
	bool cut;
};

static const struct name_case real_names[] = {
	/* the XP walk */
	{"Update for Windows XP (KB2492386)", "KB2492386", false},
	{"Security Update for Windows XP (KB2621440)", "KB2621440", false},
	{"Hotfix for Windows XP (KB2756822)", "KB2756822", false},
	{"Update for Windows XP (KB2661254-v2)", "KB2661254", false},
	{"Hotfix for Windows XP (KB954550-v5)", "KB954550", false},
	{"Security Update for Windows Internet Explorer 8 (KB2497640)",
	 "KB2497640", false},
	{"Update for Microsoft .NET Framework 3.5 SP1 (KB963707)", "KB963707",
	 false},
	{"Windows Genuine Advantage Validation Tool (KB892130)", "KB892130",
	 false},
	{"MSXML 4.0 SP2 (KB954430)", "KB954430", false},
	{"Microsoft .NET Framework 1.1 Security Update (KB2698023)",
	 "KB2698023", false},
	/* 64 bytes, and whole: the ")" closes the KB */
	{"Update for Microsoft .NET Framework 4 Client Profile (KB2468871)",
	 "KB2468871", false},
	{"Security Update for Microsoft .NET Framework 3.5 SP1 (KB2604111)",
	 "KB2604111", false},
	/* 64 bytes, cut in the KB: twelve rows of the walk */
	{"Security Update for Microsoft .NET Framework 4 Client Profile (K", "",
	 true},
	/* 64 bytes without a KB: whole or cut, nobody can tell */
	{"Microsoft Base Smart Card Cryptographic Service Provider Package", "",
	 true},
	{nokia, "", true},
	{"7-Zip 9.20", "", false},
	{"Microsoft .NET Framework 4 Client Profile", "", false},
	{"Windows XP Service Pack 3", "", false},
	{"Mozilla Firefox 19.0.2 (x86 ru)", "", false},
	/* nmap, Server 2003 */
	{"Security Update for Windows Server 2003 (KB924667-v2)", "KB924667",
	 false},
	{"Security Update for Windows Server 2003 (KB925902)", "KB925902",
	 false},
	{"Security Update for Windows Media Player 6.4 (KB925398)", "KB925398",
	 false},
	{"Apache Tomcat 5.5 (remove only)", "", false},
	/* Windows 7 to 2012 (LibreNMS #1669, Centreon #1981), Linux dpkg */
	{"Microsoft Visual C++ 2008 Redistributable - x64 9.0.30729.6161", "",
	 false},
	{"libc6_2.36-9+deb12u14_amd64", "", false},
};

static void test_real_names(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(real_names) / sizeof(real_names[0]);
	     i++) {
		const struct name_case *c = &real_names[i];
		struct wbs_swname s;
		wbs_parse_swname(c->name, strlen(c->name), &s);
		if (strcmp(s.kb, c->kb) != 0 || s.cut != c->cut)
			fail_msg("'%s': '%s' cut %d, expected '%s' cut %d",
				 c->name, s.kb, s.cut, c->kb, c->cut);
	}
}

/* Every name with a KB, cut anywhere before its end: never a KB, since
 * a cut number may be another KB's (KB26041 of KB2604121). */
static void test_cut_anywhere(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(real_names) / sizeof(real_names[0]);
	     i++) {
		const char *name = real_names[i].name;
		size_t len = strlen(name);
		if (real_names[i].kb[0] == '\0')
			continue;
		for (size_t cut = 0; cut < len; cut++) {
			struct wbs_swname s;
			wbs_parse_swname(name, cut, &s);
			if (s.kb[0] != '\0')
				fail_msg("'%.*s' gave %s", (int)cut, name,
					 s.kb);
			assert_int_equal(s.cut, cut >= WBS_SW_NAME_MAX);
		}
	}
}

/* Constructed in the real formats: the cuts and the groups that are not
 * KBs. */
static void test_not_kbs(void **state)
{
	static const char *const none[] = {
		"Security Update for Microsoft .NET Framework 4 Extended "
		"(KB26041",
		"Security Update for Windows Server 2003 (KB12345",
		"Update for Windows XP (KB2661254-v",
		"Update for Windows XP (KB2661254-v2",
		"Update for Windows XP (KB2661254-)",
		"Update for Windows XP (KB)",
		"Update for Windows XP (KB1234567890)",
		"Update for Windows XP (kb2492386)",
		"Update for Windows XP KB2492386",
		"Update for Windows XP (KB 2492386)",
	};
	static const char longer[] = "Cumulative Security Update for Internet "
				     "Explorer 8 for Windows Server 2003 "
				     "(KB2618444)";
	struct wbs_swname s;

	(void)state;
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		wbs_parse_swname(none[i], strlen(none[i]), &s);
		if (s.kb[0] != '\0')
			fail_msg("'%s' gave %s", none[i], s.kb);
		assert_int_equal(s.cut, strlen(none[i]) >= 64);
	}
	/* the last whole group names the update; a NUL ends nothing */
	wbs_parse_swname("Hotfix (KB111111) for (KB222222)", 32, &s);
	assert_string_equal(s.kb, "KB222222");
	wbs_parse_swname("Update\0for Windows XP (KB2492386)", 33, &s);
	assert_string_equal(s.kb, "KB2492386");
	/* an agent other than Windows' may send more than 64 bytes */
	wbs_parse_swname(longer, strlen(longer), &s);
	assert_string_equal(s.kb, "KB2618444");
	assert_false(s.cut);
}

struct date_case {
	const char *hex;
	const char *date; /* NULL: POL_NO_DATE */
};

static const struct date_case dates[] = {
	/* the XP walk, rows 1 and 160 */
	{"07dd011a01091c00", "2013-01-26"},
	{"07dd030a0f332400", "2013-03-10"},
	/* nmap's "2007-09-15 15:13:18" as Windows sends it */
	{"07d7090f0f0d1200", "2007-09-15"},
	/* LibreNMS #1669: "2014-4-5,18:26:20.0" */
	{"07de0405121a1400", "2014-04-05"},
	/* net-snmp on Linux: 11 octets, UTC offset +0:00 */
	{"07e906180e252e002b0000", "2025-06-24"},
	/* constructed: a leap day; offsets either way; a leap second */
	{"07dc021d00000000", "2012-02-29"},
	{"07dc021d00000000"
	 "2d0500",
	 "2012-02-29"},
	{"07dc021d00003c00"
	 "2b0e00",
	 "2012-02-29"},
	/* constructed: what is no date */
	{"", NULL},
	{"07dd011a01091c", NULL},
	{"07dd011a01091c0000", NULL},
	{"07dd001a01091c00", NULL},
	{"07dd0d1a01091c00", NULL},
	{"07dd021d01091c00", NULL},
	{"07dd011f18091c00", NULL},
	{"07dd011a013c1c00", NULL},
	{"07dd011a01093d00", NULL},
	{"07dd011a01091c0a", NULL},
	{"07dd011a01091c00"
	 "200000",
	 NULL},
	{"07dd011a01091c00"
	 "2b0f00",
	 NULL},
	{"07dd011a01091c00"
	 "2b003c",
	 NULL},
	{"0000000000000000", NULL},
	{"0641010100000000", NULL}, /* a zero FILETIME: 1601-01-01 */
	{"07b2010100000000", NULL}, /* a zero time_t: 1970-01-01 */
};

static int nibble(char c)
{
	assert_non_null(strchr("0123456789abcdef", c));
	return c <= '9' ? c - '0' : c - 'a' + 10;
}

/* Octets written as lower-case hex, as in the .snmprec files. */
static size_t from_hex(const char *hex, unsigned char *out)
{
	size_t n = strlen(hex) / 2;

	for (size_t i = 0; i < n; i++)
		out[i] = (unsigned char)(nibble(hex[2 * i]) << 4 |
					 nibble(hex[2 * i + 1]));
	return n;
}

static void test_dates(void **state)
{
	unsigned char o[16];
	char text[POL_DATE_TEXT];

	(void)state;
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		long d = wbs_parse_swdate(o, from_hex(dates[i].hex, o));
		if (dates[i].date == NULL && d == POL_NO_DATE)
			continue;
		if (d == POL_NO_DATE)
			fail_msg("%s: no date", dates[i].hex);
		pol_date_format(d, text);
		if (dates[i].date == NULL || strcmp(text, dates[i].date) != 0)
			fail_msg("%s: %s", dates[i].hex, text);
	}
}

/* A row of a list: name, index, date as hex ("" for no date row). */
static void add(struct wbs_software *sw, unsigned long index, const char *name,
		const char *hex)
{
	unsigned char o[16];

	assert_true(wbs_software_add_name(sw, index, name, strlen(name)));
	if (hex[0] != '\0')
		assert_true(
			wbs_software_add_date(sw, index, o, from_hex(hex, o)));
}

/* Rows 63 to 66, 93 and 105 to 106 of the XP walk, with their dates,
 * one date left out; then a row out of order. */
static void xp_rows(struct wbs_software *sw)
{
	wbs_software_init(sw);
	add(sw, 63, "Security Update for Windows XP (KB2802968)",
	    "07dd0219102b0600");
	add(sw, 64, "Windows Genuine Advantage Validation Tool (KB892130)",
	    "07d80c0b0f113000");
	add(sw, 65,
	    "Microsoft Base Smart Card Cryptographic Service Provider Package",
	    "07d9040900040e00");
	add(sw, 66, "Security Update for Windows XP (KB923789)", "");
	add(sw, 93, "Windows Genuine Advantage Validation Tool (KB892130)",
	    "07d80c0b0f113000");
	add(sw, 105,
	    "Update for Microsoft .NET Framework 4 Client Profile (KB2468871)",
	    "07dd021910281600");
	add(sw, 106,
	    "Security Update for Microsoft .NET Framework 4 Client Profile (K",
	    "07dd021910281600");
	/* not after 106: dropped, the join needs increasing indexes */
	assert_true(wbs_software_add_name(sw, 100, "7-Zip 9.20", 10));
	wbs_software_finish(sw);
}

static void test_list(void **state)
{
	struct wbs_software sw;
	char text[POL_DATE_TEXT];

	(void)state;
	xp_rows(&sw);
	assert_int_equal(sw.nrows, 7);
	assert_int_equal(sw.with_kb, 5);
	assert_int_equal(sw.cut, 2);
	assert_int_equal(sw.rows[3].installed, POL_NO_DATE);
	pol_date_format(sw.rows[5].installed, text);
	assert_string_equal(text, "2013-02-25");
	/* one per KB, newest first, the undated last */
	assert_int_equal(sw.nhotfixes, 4);
	assert_string_equal(sw.hotfixes[0].id, "KB2802968");
	assert_string_equal(sw.hotfixes[1].id, "KB2468871");
	assert_string_equal(sw.hotfixes[2].id, "KB892130");
	assert_string_equal(sw.hotfixes[3].id, "KB923789");
	assert_int_equal(sw.hotfixes[3].installed, POL_NO_DATE);
	assert_false(sw.hotfixes_capped);
	/* the cp1252 quotes become '?': only the sanitiser's text is kept */
	wbs_software_free(&sw);
	add(&sw, 1, nokia, "07dd011a01091c00");
	assert_string_equal(sw.rows[0].name,
			    "Windows Driver Package - Nokia "
			    "pccsmcfd ?LegacyDriver? (05/31/2");
	wbs_software_free(&sw);
	assert_null(sw.rows);
}

/* The 20,000-row cap, and the 1,000 hotfixes kept: the newest. */
static void test_caps(void **state)
{
	struct wbs_software sw;
	char name[64];
	unsigned char o[8] = {0x07, 0xd7, 1, 1, 0, 0, 0, 0};
	int i;

	(void)state;
	wbs_software_init(&sw);
	for (i = 1; i <= WBS_SW_ROWS_MAX; i++) {
		snprintf(name, sizeof(name),
			 "Update for Windows Server 2003 (KB%d)", 900000 + i);
		o[2] = (unsigned char)(1 + i % 12);
		assert_true(wbs_software_add_name(&sw, (unsigned long)i, name,
						  strlen(name)));
		assert_true(wbs_software_add_date(&sw, (unsigned long)i, o, 8));
	}
	assert_false(wbs_software_add_name(&sw, (unsigned long)i, name, 4));
	assert_false(wbs_software_add_date(&sw, (unsigned long)i, o, 8));
	wbs_software_finish(&sw);
	assert_int_equal(sw.nrows, WBS_SW_ROWS_MAX);
	assert_int_equal(sw.nhotfixes, WBS_SW_HOTFIX_MAX);
	assert_true(sw.hotfixes_capped);
	/* December rows first, in the agent's order */
	assert_string_equal(sw.hotfixes[0].id, "KB900011");
	assert_string_equal(sw.hotfixes[1].id, "KB900023");
	wbs_software_free(&sw);
}

static struct pol_facts host_facts(int major, int minor, long build)
{
	struct pol_facts f;

	pol_facts_init(&f);
	f.nt_major = major;
	f.nt_minor = minor;
	f.build = build;
	f.src_version = "snmp:sysDescr.0";
	f.type = major == 5 ? POL_TYPE_WORKSTATION : POL_TYPE_SERVER;
	f.src_type = "snmp:sysObjectID.0";
	return f;
}

static void test_facts(void **state)
{
	struct wbs_software sw;
	struct pol_facts xp = host_facts(5, 1, 2600), s2019;

	(void)state;
	xp_rows(&sw);
	wbs_software_facts(&sw, &xp);
	assert_int_equal(xp.nsoftware, 7);
	assert_string_equal(xp.src_software, "snmp:hrSWInstalledTable");
	assert_string_equal(xp.src_hotfixes, "snmp:hrSWInstalledTable");
	assert_int_equal(xp.nhotfixes, 4);
	/* two names may hide a KB: the list may miss some */
	assert_true(xp.hotfixes_capped);
	assert_string_equal(xp.notes, "2 names fill the 64 bytes Windows cuts "
				      "them at: a KB among them cannot be "
				      "told");
	/* Vista and later: the KBs seen, never all */
	s2019 = host_facts(10, 0, 17763);
	wbs_software_facts(&sw, &s2019);
	assert_int_equal(s2019.nhotfixes, 4);
	assert_true(s2019.hotfixes_capped);
	assert_non_null(strstr(s2019.notes, "XP and Server 2003 only"));
	wbs_software_free(&sw);
	/* no KB on 2019: no hotfix facts at all, and why */
	wbs_software_init(&sw);
	add(&sw, 1, "7-Zip 9.20", "07de0405121a1400");
	wbs_software_finish(&sw);
	s2019 = host_facts(10, 0, 17763);
	wbs_software_facts(&sw, &s2019);
	assert_null(s2019.src_hotfixes);
	assert_string_equal(s2019.notes,
			    "hrSWInstalledTable names no update by KB (it is "
			    "known to list Windows' updates on XP and Server "
			    "2003 only)");
	wbs_software_free(&sw);
}

/* NSClient++'s list outranks SNMP's, whichever comes first; the software
 * list stays. */
static void test_merge(void **state)
{
	static const struct pol_hotfix wmi[] = {{"KB4499180", 18000}};
	struct wbs_software sw;
	struct pol_facts snmp = host_facts(5, 2, 3790), rest, copy;
	char why[256];

	(void)state;
	xp_rows(&sw);
	wbs_software_facts(&sw, &snmp);
	pol_facts_init(&rest);
	rest.hotfixes = wmi;
	rest.nhotfixes = 1;
	rest.src_hotfixes = "nsclient:check_wmi Win32_QuickFixEngineering";
	copy = snmp;
	assert_true(pol_facts_merge(&copy, &rest, why, sizeof(why)));
	assert_ptr_equal(copy.hotfixes, wmi);
	assert_false(copy.hotfixes_capped);
	assert_int_equal(copy.nsoftware, 7);
	assert_true(pol_facts_merge(&rest, &snmp, why, sizeof(why)));
	assert_ptr_equal(rest.hotfixes, wmi);
	assert_string_equal(rest.src_hotfixes,
			    "nsclient:check_wmi Win32_QuickFixEngineering");
	assert_string_equal(rest.src_software, "snmp:hrSWInstalledTable");
	assert_ptr_equal(rest.software, sw.rows);
	wbs_software_free(&sw);
}

/* A table that loops is an UNKNOWN rule, never worse than the support
 * verdict; the text line and a JSON answer that holds 5,000 rows. */
static void test_rule_and_output(void **state)
{
	struct pol_facts f = host_facts(10, 0, 17763);
	struct pol_report r = {0};
	struct wbs_software sw;
	static char buf[65536];
	char name[64];

	(void)state;
	wbs_software_init(&sw);
	for (int i = 1; i <= 5000; i++) {
		snprintf(name, sizeof(name), "Update \"%d\" (KB%d)", i,
			 900000 + i);
		assert_true(wbs_software_add_name(&sw, (unsigned long)i, name,
						  strlen(name)));
	}
	wbs_software_finish(&sw);
	snprintf(sw.problem, sizeof(sw.problem),
		 "the agent's hrSWInstalledTable loops at OID "
		 "1.3.6.1.2.1.25.6.3.1.2.1 (after 5000 rows): the list is "
		 "incomplete");
	sw.capped = true;
	wbs_software_facts(&sw, &f);
	pol_evaluate(shipped, NULL, NULL, NULL, &f, day("2026-11-22"), &r);
	assert_int_equal(r.state, WB_UNKNOWN);
	assert_string_equal(r.rules[r.nrules - 1].name, "software");
	wb_report_text(&r, buf, sizeof(buf));
	assert_non_null(strstr(buf, "\n\\_ software: 5000 or more installed "
				    "programs (5000 updates by KB)\n"));
	wb_report_json(&r, buf, sizeof(buf));
	assert_null(strstr(buf, "output_capped"));
	assert_non_null(strstr(buf, "\"software_capped\":true,"
				    "\"software_left_out\":"));
	assert_non_null(strstr(buf, "\"name\":\"Update \\\"1\\\" (KB900001)\","
				    "\"installed\":null,\"kb\":\"KB900001\","
				    "\"cut\":false}"));
	assert_string_equal(buf + strlen(buf) - 3, "]}\n");
	wbs_software_free(&sw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_names),
		cmocka_unit_test(test_cut_anywhere),
		cmocka_unit_test(test_not_kbs),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_facts),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_rule_and_output),
	};
	return cmocka_run_group_tests(tests, load_shipped, free_shipped);
}
