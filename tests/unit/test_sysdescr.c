/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sysDescr parser over the real strings in
 * shared/reference/snmp-and-plugin-conventions.md section 1.2, copied
 * exactly; the product-type map; the peer names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "snmp/sysdescr.h"

#include <string.h>

struct descr_case {
	const char *text;
	int reported_major, reported_minor; /* as sent */
	int nt_major, nt_minor;		    /* as meant */
	long build;
};

static const struct descr_case real[] = {
	/* NT 4, double spaces and "Number:" (Observium) */
	{"Hardware: x86 Family 6 Model 1 Stepping 9 AT/AT COMPATIBLE  - "
	 "Software: Windows NT Version 4.0  (Build Number: 1381 "
	 "Multiprocessor Free )",
	 4, 0, 4, 0, 1381},
	/* NT 4, single spaces (FusionInventory) */
	{"Hardware: x86 Family 6 Model 8 Stepping 10 AT/AT COMPATIBLE - "
	 "Software: Windows NT Version 4.0 (Build Number: 1381 Uniprocessor "
	 "Free )",
	 4, 0, 4, 0, 1381},
	/* NT 4, snmputil in a Microsoft KB text */
	{"Hardware: x86 Family 6 Model 1 Stepping 7 AT/AT COMPATIBLE  - "
	 "Software: Windows NT Version 4.0  (Build Number: 1381 Uniprocessor "
	 "Free)",
	 4, 0, 4, 0, 1381},
	{"Hardware: x86 Family 15 Model 2 Stepping 5 AT/AT COMPATIBLE - "
	 "Software: Windows 2000 Version 5.0 (Build 2195 Multiprocessor Free)",
	 5, 0, 5, 0, 2195},
	{"Hardware: x86 Family 6 Model 5 Stepping 2 AT/AT COMPATIBLE - "
	 "Software: Windows 2000 Version 5.0 (Build 2195 Uniprocessor Free)",
	 5, 0, 5, 0, 2195},
	/* XP calls itself Windows 2000 (snmpsim's recorded XP walk) */
	{"Hardware: x86 Family 6 Model 9 Stepping 5 AT/AT COMPATIBLE - "
	 "Software: Windows 2000 Version 5.1 (Build 2600 Uniprocessor Free)",
	 5, 1, 5, 1, 2600},
	{"Hardware: x86 Family 16 Model 4 Stepping 2 AT/AT COMPATIBLE - "
	 "Software: Windows 2000 Version 5.1 (Build 2600 Multiprocessor Free)",
	 5, 1, 5, 1, 2600},
	{"Hardware: x86 Family 15 Model 4 Stepping 9 AT/AT COMPATIBLE - "
	 "Software: Windows Version 5.2 (Build 3790 Uniprocessor Free)",
	 5, 2, 5, 2, 3790},
	{"Hardware: EM64T Family 6 Model 26 Stepping 5 AT/AT COMPATIBLE - "
	 "Software: Windows Version 5.2 (Build 3790 Multiprocessor Free)",
	 5, 2, 5, 2, 3790},
	{"Hardware: x86 Family 15 Model 4 Stepping 3 AT/AT COMPATIBLE - "
	 "Software: Windows Version 5.2 (Build 3790 Multiprocessor Free)",
	 5, 2, 5, 2, 3790},
	{"Hardware: AMD64 Family 16 Model 2 Stepping 3 AT/AT COMPATIBLE - "
	 "Software: Windows Version 6.0 (Build 6002 Multiprocessor Free)",
	 6, 0, 6, 0, 6002},
	{"Hardware: Intel64 Family 6 Model 23 Stepping 6 AT/AT COMPATIBLE - "
	 "Software: Windows Version 6.1 (Build 7600 Multiprocessor Free)",
	 6, 1, 6, 1, 7600},
	{"Hardware: Intel64 Family 6 Model 26 Stepping 4 AT/AT COMPATIBLE - "
	 "Software: Windows Version 6.1 (Build 7601 Multiprocessor Free)",
	 6, 1, 6, 1, 7601},
	{"Hardware: Intel64 Family 6 Model 42 Stepping 7 AT/AT COMPATIBLE - "
	 "Software: Windows Version 6.1 (Build 7601 Multiprocessor Free)",
	 6, 1, 6, 1, 7601},
	{"Hardware: Intel64 Family 6 Model 44 Stepping 2 AT/AT COMPATIBLE - "
	 "Software: Windows Version 6.2 (Build 9200 Multiprocessor Free)",
	 6, 2, 6, 2, 9200},
	{"Hardware: Intel64 Family 6 Model 44 Stepping 2 AT/AT COMPATIBLE - "
	 "Software: Windows Version 6.3 (Build 9600 Multiprocessor Free)",
	 6, 3, 6, 3, 9600},
	{"Hardware: Intel64 Family 6 Model 28 Stepping 10 AT/AT COMPATIBLE - "
	 "Software: Windows Version 6.3 (Build 9600 Multiprocessor Free)",
	 6, 3, 6, 3, 9600},
	/* NT 10.0 builds report 6.3 */
	{"Hardware: Intel64 Family 6 Model 79 Stepping 1 AT/AT COMPATIBLE - "
	 "Software: Windows Version 6.3 (Build 17763 Multiprocessor Free)",
	 6, 3, 10, 0, 17763},
	{"Hardware: AMD64 Family 23 Model 1 Stepping 2 AT/AT COMPATIBLE - "
	 "Software: Windows Version 6.3 (Build 17763 Multiprocessor Free)",
	 6, 3, 10, 0, 17763},
	{"Hardware: Intel64 Family 6 Model 63 Stepping 2 AT/AT COMPATIBLE - "
	 "Software: Windows Version 6.3 (Build 19041 Multiprocessor Free)",
	 6, 3, 10, 0, 19041},
	{"Hardware: Intel64 Family 6 Model 122 Stepping 8 AT/AT COMPATIBLE - "
	 "Software: Windows Version 6.3 (Build 19043 Multiprocessor Free)",
	 6, 3, 10, 0, 19043},
	{"Hardware: Intel64 Family 6 Model 60 Stepping 3 AT/AT COMPATIBLE - "
	 "Software: Windows Version 6.3 (Build 19045 Multiprocessor Free)",
	 6, 3, 10, 0, 19045},
	{"Hardware: Intel64 Family 6 Model 85 Stepping 7 AT/AT COMPATIBLE - "
	 "Software: Windows Version 6.3 (Build 20348 Multiprocessor Free)",
	 6, 3, 10, 0, 20348},
	{"Hardware: Intel64 Family 6 Model 63 Stepping 2 AT/AT COMPATIBLE - "
	 "Software: Windows Version 6.3 (Build 20348 Multiprocessor Free)",
	 6, 3, 10, 0, 20348},
	{"Hardware: Intel64 Family 6 Model 85 Stepping 4 AT/AT COMPATIBLE - "
	 "Software: Windows Version 6.3 (Build 26100 Multiprocessor Free)",
	 6, 3, 10, 0, 26100},
	{"Hardware: AMD64 Family 15 Model 107 Stepping 1 AT/AT COMPATIBLE - "
	 "Software: Windows Version 6.3 (Build 26100 Multiprocessor Free)",
	 6, 3, 10, 0, 26100},
	/* the 10.0 form, quoted without its hardware part in the reference
	 * (seen only in synthetic fixtures): accepted as well */
	{"Windows Version 10.0 (Build 17763 Multiprocessor Free)", 10, 0, 10, 0,
	 17763},
};

static void test_real_strings(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(real) / sizeof(real[0]); i++) {
		const struct descr_case *c = &real[i];
		struct wbs_descr d;
		if (!wbs_parse_sysdescr(c->text, strlen(c->text), &d))
			fail_msg("not parsed: %s", c->text);
		assert_int_equal(d.agent, WBS_AGENT_MICROSOFT);
		assert_int_equal(d.reported_major, c->reported_major);
		assert_int_equal(d.reported_minor, c->reported_minor);
		assert_int_equal(d.nt_major, c->nt_major);
		assert_int_equal(d.nt_minor, c->nt_minor);
		assert_int_equal(d.build, c->build);
	}
}

/* net-snmp's own agent on Windows (net-snmp issue #388) */
static void test_netsnmp_agent(void **state)
{
	static const char text[] = "Windows DESKTOP-E6DGEM9 10.0.19043 Windows "
				   "10 Home Intel64 Family 6 Model 122 "
				   "Stepping 8";
	struct wbs_descr d;

	(void)state;
	assert_true(wbs_parse_sysdescr(text, strlen(text), &d));
	assert_int_equal(d.agent, WBS_AGENT_NETSNMP);
	assert_int_equal(d.nt_major, 10);
	assert_int_equal(d.build, 19043);
	assert_int_equal(d.family, POL_FAMILY_CLIENT);
}

/* The parser reads only len bytes: the SNMP value is not terminated. */
static void test_length_bounded(void **state)
{
	static const char text[] =
		"Hardware: AMD64 Family 16 Model 2 Stepping "
		"3 AT/AT COMPATIBLE - Software: Windows "
		"Version 6.0 (Build 6002 Multiprocessor Free)";
	size_t cut = (size_t)(strstr(text, "6002") - text) + 2;
	struct wbs_descr d;

	(void)state;
	assert_true(wbs_parse_sysdescr(text, strlen(text), &d));
	assert_int_equal(d.build, 6002);
	/* cut inside the build number: no longer a complete version */
	assert_false(wbs_parse_sysdescr(text, cut, &d));
}

/* Other systems, and malformed Windows strings a broken agent could send. */
static void test_not_windows(void **state)
{
	static const char *const other[] = {
		/* net-snmp on Linux (reference section 2.4) */
		"Linux vm 6.18.44-fc-v669 #1 SMP PREEMPT_DYNAMIC @0 x86_64",
		"Linux cray 2.6.21.5-smp #2 SMP Tue Jun 19 14:58:11 CDT 2007 "
		"i686",
		"",
		"Hardware: x86 - Software: Windows",
		"Hardware: x86 - Software: Windows Version 6.3 (Build",
		"Hardware: x86 - Software: Windows Version 6.3 (Build x)",
		"Hardware: x86 - Software: Windows Version 6 (Build 9600 Free)",
		"Hardware: x86 - Software: Windows Version 6.3 (Build "
		"12345678901234567890 Free)",
		"Software: Windows Version 999.3 (Build 9600 Free)",
		"Windows host 10.0 Windows 10",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		struct wbs_descr d;
		if (wbs_parse_sysdescr(other[i], strlen(other[i]), &d))
			fail_msg("parsed as Windows: '%s'", other[i]);
	}
}

static void test_product_type(void **state)
{
	(void)state;
	assert_int_equal(wbs_product_type("1.3.6.1.4.1.311.1.1.3.1.1"),
			 POL_TYPE_WORKSTATION);
	assert_int_equal(wbs_product_type(".1.3.6.1.4.1.311.1.1.3.1.2"),
			 POL_TYPE_SERVER);
	assert_int_equal(wbs_product_type("1.3.6.1.4.1.311.1.1.3.1.3"),
			 POL_TYPE_DOMAIN_CONTROLLER);
	assert_int_equal(wbs_product_type("1.3.6.1.4.1.311.1.1.3.1.4"),
			 POL_TYPE_UNKNOWN);
	assert_int_equal(wbs_product_type("1.3.6.1.4.1.311.1.1.3.1.22"),
			 POL_TYPE_UNKNOWN);
	assert_int_equal(wbs_product_type("1.3.6.1.4.1.8072.3.2.10"),
			 POL_TYPE_UNKNOWN);
	assert_int_equal(wbs_product_type(""), POL_TYPE_UNKNOWN);
	assert_int_equal(pol_type_family(POL_TYPE_DOMAIN_CONTROLLER),
			 POL_FAMILY_SERVER);
	assert_int_equal(pol_type_family(POL_TYPE_WORKSTATION),
			 POL_FAMILY_CLIENT);
}

static void test_peer_names(void **state)
{
	static const struct {
		const char *host;
		long port;
		const char *peer;
	} cases[] = {
		{"winhost", 0, "winhost:161"},
		{"192.0.2.7", 1161, "192.0.2.7:1161"},
		{"::1", 0, "udp6:[::1]:161"},
		{"[::1]", 1161, "udp6:[::1]:1161"},
		{"[::1]:1161", 0, "udp6:[::1]:1161"},
		{"udp6:[::1]", 1161, "udp6:[::1]:1161"},
		{"tcp:winhost", 0, "tcp:winhost:161"},
		{"tcp:winhost:1161", 0, "tcp:winhost:1161"},
		{"udp:192.0.2.7", 162, "udp:192.0.2.7:162"},
	};
	char buf[128], err[128];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_true(wbs_peer_name(cases[i].host, cases[i].port, buf,
					  sizeof(buf), err, sizeof(err)));
		assert_string_equal(buf, cases[i].peer);
	}
	assert_false(wbs_peer_name("", 0, buf, sizeof(buf), err, sizeof(err)));
	assert_false(wbs_peer_name("tcp:winhost:1161", 1162, buf, sizeof(buf),
				   err, sizeof(err)));
	assert_non_null(strstr(err, "-p"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_strings),
		cmocka_unit_test(test_netsnmp_agent),
		cmocka_unit_test(test_length_bounded),
		cmocka_unit_test(test_not_windows),
		cmocka_unit_test(test_product_type),
		cmocka_unit_test(test_peer_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
