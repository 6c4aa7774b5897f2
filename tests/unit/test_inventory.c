/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fleet inventory (--hosts): every field, and every error's line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "plugin/inventory.h"
#include "snmp/client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The hosts of a text, read as a fleet run reads its file. */
#define HOSTS 8
struct inventory {
	size_t count;
	struct wb_host hosts[HOSTS];
	char text[HOSTS][WB_INVENTORY_BUF];
};

static bool parse_len(const char *text, size_t len, struct inventory *inv,
		      char *err, size_t errlen)
{
	FILE *in = fmemopen((void *)text, len, "r");
	struct wb_inventory_reader r;
	int got = -1;

	assert_non_null(in);
	wb_inventory_reader_init(&r, in, "hosts.txt");
	inv->count = 0;
	while (inv->count < HOSTS &&
	       (got = wb_inventory_next(&r, inv->text[inv->count],
					&inv->hosts[inv->count], err,
					errlen)) == 1)
		inv->count++;
	fclose(in);
	assert_true(inv->count < HOSTS);
	return got == 0;
}

static bool parse(const char *text, struct inventory *inv, char *err,
		  size_t errlen)
{
	return parse_len(text, strlen(text), inv, err, errlen);
}

static void test_fields(void **state)
{
	static struct inventory inv;
	char err[512];
	const struct wb_host *h;

	(void)state;
	assert_true(parse("# the estate\n"
			  "\n"
			  "dc01.example.org name=dc01 port=1161 version=1 "
			  "community-file=/etc/nagios/dc.community "
			  "site=berlin owner=ops group=dc\n"
			  "  10.0.0.5\tcommunity-env=FLEET_COMMUNITY "
			  "edition=ltsc policy=lab-2 # a comment\r\n"
			  "[::1] version=2c\n"
			  "192.0.2.7 version=3",
			  &inv, err, sizeof(err)));
	assert_int_equal(inv.count, 4);
	h = &inv.hosts[0];
	assert_int_equal(h->line, 3);
	assert_string_equal(h->address, "dc01.example.org");
	assert_string_equal(h->name, "dc01");
	assert_int_equal(h->port, 1161);
	assert_int_equal(h->version, 0);
	assert_int_equal(h->community_ref, WB_REF_FILE);
	assert_string_equal(h->community, "/etc/nagios/dc.community");
	assert_string_equal(h->site, "berlin");
	assert_string_equal(h->owner, "ops");
	assert_string_equal(h->group, "dc");
	assert_null(h->edition);
	assert_null(h->policy);
	h = &inv.hosts[1];
	assert_int_equal(h->line, 4);
	assert_string_equal(h->address, "10.0.0.5");
	assert_null(h->name);
	assert_int_equal(h->port, 0);
	assert_int_equal(h->version, -1);
	assert_int_equal(h->community_ref, WB_REF_ENV);
	assert_string_equal(h->community, "FLEET_COMMUNITY");
	assert_string_equal(h->edition, "ltsc");
	assert_string_equal(h->policy, "lab-2");
	assert_null(h->site);
	assert_string_equal(inv.hosts[2].address, "[::1]");
	assert_int_equal(inv.hosts[2].version, 1);
	assert_int_equal(inv.hosts[3].version, 2);
	assert_int_equal(inv.hosts[3].line, 6);
	/* a line without SNMPv3 keys takes the command line's */
	assert_null(inv.hosts[3].secname);
	assert_null(inv.hosts[3].context);
	assert_int_equal(inv.hosts[3].level, -1);
	assert_int_equal(inv.hosts[3].auth, -1);
	assert_int_equal(inv.hosts[3].priv, -1);
	assert_int_equal(inv.hosts[3].auth_ref, WB_REF_NONE);
	assert_null(inv.hosts[3].auth_pass);
	assert_int_equal(inv.hosts[3].priv_ref, WB_REF_NONE);
	assert_null(inv.hosts[3].priv_pass);
}

/* The SNMPv3 keys take what -U, -L, -N, -a and -x take, in any case. */
static void test_v3_fields(void **state)
{
	static struct inventory inv;
	char err[512];
	const struct wb_host *h;

	(void)state;
	assert_true(parse("10.0.0.9 version=3 secname=monitor "
			  "seclevel=authPriv context=win2019dc "
			  "authproto=SHA-256 auth-file=/etc/winbuild/auth "
			  "privproto=aes-256 priv-env=WB_PRIV\n"
			  "10.0.0.10 version=3 secname=m2 seclevel=authnopriv "
			  "authproto=md5 auth-env=WB_AUTH\n"
			  "10.0.0.11 seclevel=noAuthNoPriv privproto=DES "
			  "priv-file=/p\n",
			  &inv, err, sizeof(err)));
	assert_int_equal(inv.count, 3);
	h = &inv.hosts[0];
	assert_int_equal(h->version, 2);
	assert_string_equal(h->secname, "monitor");
	assert_string_equal(h->context, "win2019dc");
	assert_int_equal(h->level, WBS_AUTH_PRIV);
	assert_int_equal(h->auth, WBS_AUTH_SHA256);
	assert_int_equal(h->auth_ref, WB_REF_FILE);
	assert_string_equal(h->auth_pass, "/etc/winbuild/auth");
	assert_int_equal(h->priv, WBS_PRIV_AES256);
	assert_int_equal(h->priv_ref, WB_REF_ENV);
	assert_string_equal(h->priv_pass, "WB_PRIV");
	assert_int_equal(h->community_ref, WB_REF_NONE);
	h = &inv.hosts[1];
	assert_int_equal(h->level, WBS_AUTH_NOPRIV);
	assert_int_equal(h->auth, WBS_AUTH_MD5);
	assert_int_equal(h->auth_ref, WB_REF_ENV);
	assert_string_equal(h->auth_pass, "WB_AUTH");
	assert_int_equal(h->priv, -1);
	assert_null(h->context);
	h = &inv.hosts[2];
	assert_int_equal(h->version, -1);
	assert_int_equal(h->level, WBS_NOAUTH_NOPRIV);
	assert_int_equal(h->priv, WBS_PRIV_DES);
	assert_int_equal(h->priv_ref, WB_REF_FILE);
	assert_string_equal(h->priv_pass, "/p");
}

static const struct {
	const char *text, *says;
} bad_cases[] = {
	{"", "hosts.txt: no host in it"},
	{"# only a comment\n\n", "hosts.txt: no host in it"},
	{"h1\nh2 comunity-file=/x\n",
	 "hosts.txt:2: unknown key 'comunity-file'"},
	{"h1 community=public\n",
	 "hosts.txt:1: community= would write a secret into the inventory: "
	 "give community-file=PATH or community-env=VARIABLE"},
	{"h1 password=x\n", "hosts.txt:1: password= would write a secret"},
	{"h1 authpasswd=x\n",
	 "hosts.txt:1: authpasswd= would write a secret into the inventory: "
	 "give auth-file=PATH or auth-env=VARIABLE"},
	{"h1 privpasswd=x\n",
	 "hosts.txt:1: privpasswd= would write a secret into the inventory: "
	 "give priv-file=PATH or priv-env=VARIABLE"},
	{"h1 auth-passphrase=x\n",
	 "hosts.txt:1: auth-passphrase= would write a secret into the "
	 "inventory: give auth-file=PATH"},
	{"h1 priv-passphrase=x\n",
	 "hosts.txt:1: priv-passphrase= would write a secret into the "
	 "inventory: give priv-file=PATH"},
	{"h1 auth=x\n", "hosts.txt:1: auth= would write a secret"},
	{"h1 priv=x\n", "hosts.txt:1: priv= would write a secret"},
	{"h1 secname=a secname=b\n", "hosts.txt:1: secname= is given twice"},
	{"h1 secname=\n", "hosts.txt:1: secname= has no value"},
	{"h1 context=a context=b\n", "hosts.txt:1: context= is given twice"},
	{"h1 seclevel=authpriv seclevel=authPriv\n",
	 "hosts.txt:1: seclevel= is given twice"},
	{"h1 seclevel=priv\n",
	 "hosts.txt:1: seclevel=priv is not one of noAuthNoPriv, authNoPriv, "
	 "authPriv"},
	{"h1 authproto=SHA-3\n",
	 "hosts.txt:1: authproto=SHA-3 is not one of MD5, SHA, SHA-224, "
	 "SHA-256, SHA-384, SHA-512"},
	{"h1 authproto=MD5 authproto=SHA\n",
	 "hosts.txt:1: authproto= is given twice"},
	{"h1 privproto=3DES\n",
	 "hosts.txt:1: privproto=3DES is not one of DES, AES, AES-192, "
	 "AES-256"},
	{"h1 privproto=AES privproto=DES\n",
	 "hosts.txt:1: privproto= is given twice"},
	{"h1 auth-file=/a auth-env=B\n",
	 "hosts.txt:1: auth-env=: the authentication passphrase is given "
	 "twice"},
	{"h1 priv-env=A priv-env=B\n",
	 "hosts.txt:1: priv-env=: the privacy passphrase is given twice"},
	{"h1 auth-file=\n", "hosts.txt:1: auth-file= has no value"},
	{"h1 auth-path=/a\n", "hosts.txt:1: unknown key 'auth-path'"},
	{"h1 secret-file=/a\n", "hosts.txt:1: unknown key 'secret-file'"},
	{"h1 port=0\n", "hosts.txt:1: port=0 is not a port from 1 to 65535"},
	{"h1 port=161 port=162\n", "hosts.txt:1: port= is given twice"},
	{"h1 version=2\n", "hosts.txt:1: version=2 is not 1, 2c or 3"},
	{"h1 name=a name=b\n", "hosts.txt:1: name= is given twice"},
	{"h1 community-file=/a community-env=B\n",
	 "hosts.txt:1: community-env=: the community is given twice"},
	{"h1 edition=LTSC\n", "hosts.txt:1: edition=LTSC is not an edition"},
	{"h1 policy=DC\n", "hosts.txt:1: policy=DC is not a section name"},
	{"h1 policy=dc policy=lab\n", "hosts.txt:1: policy= is given twice"},
	{"h1 policy=a123456789b123456789c123456789d123456789\n",
	 "hosts.txt:1: policy=a123456789b123456789c123456789d123456789 is "
	 "not a section name"},
	{"h1 site=\n", "hosts.txt:1: site= has no value"},
	{"h1 =x\n", "hosts.txt:1: '=x' is not KEY=VALUE"},
	{"h1 berlin\n", "hosts.txt:1: 'berlin' is not KEY=VALUE"},
	{"site=berlin h1\n", "hosts.txt:1: a line starts with the host's "
			     "address, not 'site=berlin'"},
	{"h1\nh2\x01\n", "hosts.txt:2: a control character (0x01)"},
	{"h1 source=nt\n",
	 "hosts.txt:1: source=nt is not snmp, rest or nrpe (fleet mode asks "
	 "no other source)"},
	{"h1 source=NRPE\n",
	 "hosts.txt:1: source=NRPE is not snmp, rest or nrpe (fleet mode "
	 "asks no other source)"},
	{"h1 source=nrpe source=rest\n", "hosts.txt:1: source= is given twice"},
	{"h1 source=nrpe community-file=/c\n",
	 "hosts.txt:1: community-file= goes with SNMP hosts, and this one is "
	 "source=nrpe"},
	{"h1 version=2c source=nrpe\n",
	 "hosts.txt:1: version= goes with SNMP hosts, and this one is "
	 "source=nrpe"},
	{"h1 source=nrpe password-env=P\n",
	 "hosts.txt:1: password-env= goes with REST hosts, and this one is "
	 "source=nrpe"},
	{"h1 source=nrpe user=monitor\n",
	 "hosts.txt:1: user= goes with REST hosts, and this one is "
	 "source=nrpe"},
	{"h1 source=rest source=rest\n", "hosts.txt:1: source= is given twice"},
	{"h1 password-file=/a password-env=B\n",
	 "hosts.txt:1: password-env=: the password is given twice"},
	{"h1 user=a user=b\n", "hosts.txt:1: user= is given twice"},
	{"h1 password-env=\n", "hosts.txt:1: password-env= has no value"},
	{"h1 source=rest community-env=C\n",
	 "hosts.txt:1: community-env= goes with SNMP hosts, and this one is "
	 "source=rest"},
	{"h1 version=1 source=rest\n",
	 "hosts.txt:1: version= goes with SNMP hosts, and this one is "
	 "source=rest"},
	{"h1 source=snmp password-file=/p\n",
	 "hosts.txt:1: password-file= goes with REST hosts, and this one is "
	 "source=snmp"},
	{"h1 user=monitor source=snmp\n",
	 "hosts.txt:1: user= goes with REST hosts, and this one is "
	 "source=snmp"},
	{"h1\rsite=x\n", "hosts.txt:1: a control character (0x0d)"},
};

static void test_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		static struct inventory inv;
		char err[512] = "";

		if (parse(bad_cases[i].text, &inv, err, sizeof(err)) ||
		    strncmp(err, bad_cases[i].says,
			    strlen(bad_cases[i].says)) != 0)
			fail_msg("case %zu: '%s'", i, err);
	}
}

/* REST hosts: source=, user=, password-file= and password-env=; a host
 * without source= may carry either kind's keys (the command line's
 * --source decides, in the fleet run). */
static void test_rest_fields(void **state)
{
	static struct inventory inv;
	char err[512];
	const struct wb_host *h;

	(void)state;
	assert_true(parse("win1 source=rest port=8443 user=monitor "
			  "password-file=/etc/nagios/nscp.pw\n"
			  "win2 source=rest password-env=NSCP_PW\n"
			  "dc01 source=snmp community-env=C version=1\n"
			  "h4 password-env=P\n"
			  "h5\n",
			  &inv, err, sizeof(err)));
	assert_int_equal(inv.count, 5);
	h = &inv.hosts[0];
	assert_int_equal(h->source, WB_HOST_REST);
	assert_int_equal(h->port, 8443);
	assert_string_equal(h->user, "monitor");
	assert_int_equal(h->password_ref, WB_REF_FILE);
	assert_string_equal(h->password, "/etc/nagios/nscp.pw");
	assert_int_equal(h->community_ref, WB_REF_NONE);
	assert_null(wb_host_misfit(h, WB_HOST_REST));
	assert_string_equal(wb_host_misfit(h, WB_HOST_SNMP), "password-file");
	h = &inv.hosts[1];
	assert_int_equal(h->password_ref, WB_REF_ENV);
	assert_string_equal(h->password, "NSCP_PW");
	assert_null(h->user);
	h = &inv.hosts[2];
	assert_int_equal(h->source, WB_HOST_SNMP);
	assert_int_equal(h->password_ref, WB_REF_NONE);
	assert_null(wb_host_misfit(h, WB_HOST_SNMP));
	assert_string_equal(wb_host_misfit(h, WB_HOST_REST), "version");
	h = &inv.hosts[3];
	assert_int_equal(h->source, WB_HOST_DEFAULT);
	assert_string_equal(wb_host_misfit(h, WB_HOST_SNMP), "password-env");
	assert_null(wb_host_misfit(h, WB_HOST_REST));
	h = &inv.hosts[4];
	assert_null(wb_host_misfit(h, WB_HOST_SNMP));
	assert_null(wb_host_misfit(h, WB_HOST_REST));
}

/* NRPE hosts: source=nrpe, port= (the NRPE port) and labels; no key of
 * their own, so every SNMP and REST key is a misfit. */
static void test_nrpe_fields(void **state)
{
	static struct inventory inv;
	char err[512];
	const struct wb_host *h;

	(void)state;
	assert_true(parse("192.0.2.10 name=dc02 source=nrpe port=5667 "
			  "edition=ltsc site=berlin group=dcs\n"
			  "win3.example.org source=nrpe\n"
			  "h3 community-env=C user=u\n",
			  &inv, err, sizeof(err)));
	assert_int_equal(inv.count, 3);
	h = &inv.hosts[0];
	assert_int_equal(h->source, WB_HOST_NRPE);
	assert_string_equal(h->address, "192.0.2.10");
	assert_string_equal(h->name, "dc02");
	assert_int_equal(h->port, 5667);
	assert_string_equal(h->edition, "ltsc");
	assert_string_equal(h->site, "berlin");
	assert_string_equal(h->group, "dcs");
	assert_int_equal(h->version, -1);
	assert_null(wb_host_misfit(h, WB_HOST_NRPE));
	h = &inv.hosts[1];
	assert_int_equal(h->source, WB_HOST_NRPE);
	assert_int_equal(h->port, 0);
	assert_null(h->name);
	/* without source=, --source nrpe decides in the run: then misfits */
	h = &inv.hosts[2];
	assert_int_equal(h->source, WB_HOST_DEFAULT);
	assert_string_equal(wb_host_misfit(h, WB_HOST_NRPE), "community-env");
	assert_string_equal(wb_host_key_source("community-env"), "SNMP");
	assert_string_equal(wb_host_key_source("user"), "REST");
	assert_string_equal(wb_host_source_name(WB_HOST_NRPE), "nrpe");
}

/* A NUL inside the text is refused, not taken for its end. */
static void test_nul(void **state)
{
	static struct inventory inv;
	char err[512];

	(void)state;
	assert_false(parse_len("h1\nh2\0x\n", 8, &inv, err, sizeof(err)));
	assert_string_equal(err, "hosts.txt:2: a control character (0x00)");
}

static void test_long_line(void **state)
{
	size_t n = WB_INVENTORY_LINE_MAX + 10;
	char *text = malloc(n + 8);
	static struct inventory inv;
	char err[512];

	(void)state;
	assert_non_null(text);
	memcpy(text, "h1\nh2 ", 6);
	memset(text + 6, 'x', n);
	text[6 + n] = '\n';
	assert_false(parse_len(text, n + 7, &inv, err, sizeof(err)));
	assert_string_equal(err, "hosts.txt:2: longer than 4096 characters");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_v3_fields),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_rest_fields),
		cmocka_unit_test(test_nrpe_fields),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_long_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
