/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Argument parsing: defaults, every invalid value's message, secrets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "plugin/args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_ARGS 32

static struct wb_args parse(const char *first, ...)
{
	static char storage[MAX_ARGS][256];
	char *argv[MAX_ARGS + 1];
	int argc = 0;
	va_list ap;

	snprintf(storage[argc], sizeof(storage[0]), "check_winbuild");
	argv[argc] = storage[argc];
	argc++;
	va_start(ap, first);
	for (const char *a = first; a != NULL; a = va_arg(ap, const char *)) {
		assert_true(argc < MAX_ARGS);
		snprintf(storage[argc], sizeof(storage[0]), "%s", a);
		argv[argc] = storage[argc];
		argc++;
	}
	va_end(ap);
	argv[argc] = NULL;
	return wb_args_parse(argc, argv);
}

static void test_defaults(void **state)
{
	struct wb_args a;

	(void)state;
	unsetenv("WINBUILD_COMMUNITY");
	a = parse("-H", "winhost", (char *)NULL);
	assert_true(a.ok);
	assert_string_equal(a.config.host, "winhost");
	assert_int_equal(a.config.version, WBS_V2C);
	assert_string_equal(a.config.community, "public");
	assert_int_equal(a.config.timeout_s, 10);
	assert_int_equal(a.config.timeout_state, WB_UNKNOWN);
	/* no rule set: the built-in defaults and a policy file decide */
	assert_int_equal(a.config.policy.set, 0);
	assert_int_equal(a.config.policy.ndeny + a.config.policy.nhotfix +
				 a.config.policy.nallow,
			 0);
	assert_null(a.config.policy_file);
	assert_false(a.config.explain);
	assert_false(a.config.date_set);
	assert_int_equal(a.config.format, WB_FORMAT_TEXT);
}

static void test_values(void **state)
{
	struct wb_args a;

	(void)state;
	a = parse("-H", "h", "-t", "5:critical", "-w", "90:", "-c", "@-10:-1",
		  "--support", "esu-azure", "--min-build", "6.0.6003.21481",
		  "--date", "2024-02-29", "--output-format", "json", "-vvvv",
		  (char *)NULL);
	assert_true(a.ok);
	assert_int_equal(a.config.timeout_s, 5);
	assert_int_equal(a.config.timeout_state, WB_CRITICAL);
	assert_true(a.config.policy.crit.alert_inside);
	assert_int_equal(a.config.policy.tier, POL_TIER_ESU_AZURE);
	assert_int_equal(a.config.policy.nmin, 1);
	assert_int_equal(a.config.policy.min[0].build, 6003);
	assert_int_equal(a.config.policy.min[0].revision, 21481);
	assert_string_equal(a.config.policy.warn.text, "90:");
	assert_string_equal(a.config.policy.at[POL_KEY_WARN].file,
			    "the command line");
	assert_true(a.config.date_set);
	assert_int_equal(a.config.format, WB_FORMAT_JSON);
	assert_int_equal(a.config.verbose, 3);
}

struct bad_case {
	const char *option, *value, *says;
};

static const struct bad_case bad_cases[] = {
	{"-p", "0", "-p: '0' is not a port from 1 to 65535"},
	{"-p", "65536", "-p: '65536' is not a port"},
	{"-P", "4", "-P: '4' is not one of 1, 2c, 3"},
	{"-t", "0", "-t: '0' is not a number of seconds"},
	{"-t", "abc", "-t: 'abc' is not a number of seconds"},
	{"-t", "10:maybe", "-t: 'maybe' is not a state"},
	{"-w", "abc", "-w: 'abc' is not a range"},
	{"-c", "20:10", "-c: '20:10' is not a range: its start is above"},
	{"--support", "forever",
	 "--support: 'forever' is not mainstream, extended, esu or esu-azure"},
	{"--min-build", "x.y", "--min-build: 'x.y' is not a build"},
	{"--min-build", "6003,6.0.6003",
	 "--min-build: the minimum of build 6003 is given twice"},
	{"--require-hotfix", "4474419",
	 "--require-hotfix: '4474419' is not a KB number"},
	{"--min-agent", "new", "--min-agent: 'new' is not a version"},
	{"--min-agent", "0.5.2 soon", "--min-agent: 'soon' is not a state"},
	{"--missing-fact", "maybe", "--missing-fact: 'maybe' is not a state"},
	{"--deny", "6.0.6002", "--deny: a deny is VERSION[-VERSION]"},
	{"--deny", "6003-6002: backwards",
	 "--deny: '6003-6002' is not a version or a range"},
	{"--allow", "", "--allow: a value is needed"},
	{"--date", "2026-13-01", "--date: '2026-13-01' is not a date"},
	{"--date", "2023-02-29", "--date: '2023-02-29' is not a date"},
	{"--output-format", "xml",
	 "--output-format: 'xml' is not text or json"},
	{"--edition", "LTSC", "--edition: 'LTSC' is not an edition name"},
	{"-L", "authpriv2", "-L: 'authpriv2' is not one of"},
	{"-a", "SHA-1024", "-a: 'SHA-1024' is not one of"},
	{"-x", "ROT13", "-x: 'ROT13' is not one of"},
	{"-C", "", "-C is empty"},
	{"--nt-port", "0", "--nt-port: '0' is not a port from 1 to 65535"},
	{"--source", "rest,nrpe",
	 "--source rest,nrpe: ask NSClient++ over one"},
	{"--source", "snmp,ntx", "--source: 'ntx' is not one of"},
};

/* --source nt: the check_nt port, 12489 unless given */
static void test_source_nt(void **state)
{
	struct wb_args a;

	(void)state;
	a = parse("-H", "h", "--source", "snmp,nt", (char *)NULL);
	assert_true(a.ok);
	assert_int_equal(a.config.sources, WB_SOURCE_SNMP | WB_SOURCE_NT);
	assert_int_equal(a.config.nt_port, 12489);
	a = parse("-H", "h", "--source", "nt", "--nt-port", "5000",
		  (char *)NULL);
	assert_true(a.ok);
	assert_int_equal(a.config.sources, WB_SOURCE_NT);
	assert_int_equal(a.config.nt_port, 5000);
}

/* --submit icinga2: the URL taken apart, its defaults; the password from
 * the environment */
static void test_submit_icinga(void **state)
{
	struct wb_args a;

	(void)state;
	setenv("WINBUILD_ICINGA_PASSWORD", "wbApi-Pw1", 1);
	a = parse("--hosts", "h", "--submit", "icinga2", "--icinga-user", "mon",
		  (char *)NULL);
	assert_true(a.ok);
	assert_true(a.config.submit && a.config.submit_icinga);
	assert_string_equal(a.config.icinga_host, "localhost");
	assert_int_equal(a.config.icinga_port, 5665);
	assert_string_equal(a.config.icinga_prefix, "");
	assert_string_equal(a.config.icinga_pass, "wbApi-Pw1");
	a = parse("--hosts", "h", "--submit", "icinga2", "--icinga-user", "mon",
		  "--icinga-url", "HTTPS://[::1]:8443/icinga/api//",
		  (char *)NULL);
	assert_true(a.ok);
	assert_string_equal(a.config.icinga_host, "[::1]");
	assert_int_equal(a.config.icinga_port, 8443);
	assert_string_equal(a.config.icinga_prefix, "/icinga/api");
	a = parse("--hosts", "h", "--submit", "icinga2", "--icinga-user", "mon",
		  "--icinga-url", "https://mon.example.org", (char *)NULL);
	assert_true(a.ok);
	assert_string_equal(a.config.icinga_host, "mon.example.org");
	assert_int_equal(a.config.icinga_port, 5665);
	/* an IPv6 address without its brackets, a port without digits */
	a = parse("--hosts", "h", "--submit", "icinga2", "--icinga-user", "mon",
		  "--icinga-url", "https://::1:5665", (char *)NULL);
	assert_false(a.ok);
	a = parse("--hosts", "h", "--submit", "icinga2", "--icinga-user", "mon",
		  "--icinga-url", "https://mon:", (char *)NULL);
	assert_false(a.ok);
	unsetenv("WINBUILD_ICINGA_PASSWORD");
	/* the variable alone, without --submit icinga2: ignored */
	setenv("WINBUILD_ICINGA_PASSWORD", "wbApi-Pw1", 1);
	a = parse("--hosts", "h", (char *)NULL);
	assert_true(a.ok);
	assert_false(a.config.submit);
	unsetenv("WINBUILD_ICINGA_PASSWORD");
}

/* --source nrpe: port 5666, payload 1024, TLS with a certificate,
 * unless given; the anonymous modes by name only */
static void test_source_nrpe(void **state)
{
	struct wb_args a;

	(void)state;
	a = parse("-H", "h", "--source", "snmp,nrpe", (char *)NULL);
	assert_true(a.ok);
	assert_int_equal(a.config.sources, WB_SOURCE_SNMP | WB_SOURCE_NRPE);
	assert_int_equal(a.config.nrpe_port, 5666);
	assert_int_equal(a.config.nrpe_payload, 1024);
	assert_int_equal(a.config.nrpe_tls, NSC_NRPE_TLS_CERT);
	a = parse("-H", "h", "--source", "nrpe", "--nrpe-tls", "adh",
		  "--nrpe-port", "5667", "--nrpe-payload", "4096",
		  (char *)NULL);
	assert_true(a.ok);
	assert_int_equal(a.config.nrpe_tls, NSC_NRPE_TLS_ADH);
	assert_int_equal(a.config.nrpe_port, 5667);
	assert_int_equal(a.config.nrpe_payload, 4096);
	a = parse("-H", "h", "--source", "nrpe", "--nrpe-tls", "anon",
		  (char *)NULL);
	assert_false(a.ok);
	a = parse("-H", "h", "--source", "nrpe", "--nrpe-tls", "none",
		  "--nrpe-cert", "c.pem", (char *)NULL);
	assert_false(a.ok);
	assert_non_null(strstr(a.error, "--nrpe-cert needs --nrpe-tls cert"));
}

static void test_bad_values(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct wb_args a =
			parse("-H", "h", c->option, c->value, (char *)NULL);
		if (a.ok || strstr(a.error, c->says) == NULL)
			fail_msg("%s %s: '%s'", c->option, c->value, a.error);
	}
}

static void test_usage_errors(void **state)
{
	struct wb_args a;

	(void)state;
	a = parse("-p", "1161", (char *)NULL);
	assert_false(a.ok);
	assert_string_equal(a.error, "no host: give -H HOST");
	a = parse("-H", "h", "--bogus", (char *)NULL);
	assert_false(a.ok);
	assert_non_null(strstr(a.error, "--bogus"));
	a = parse("-H", "h", "-q", (char *)NULL);
	assert_non_null(strstr(a.error, "unknown option -q"));
	a = parse("-H", (char *)NULL);
	assert_non_null(strstr(a.error, "-H needs a value"));
	a = parse("-H", "h", "--support", (char *)NULL);
	assert_non_null(strstr(a.error, "--support"));
	a = parse("-H", "h", "stray", (char *)NULL);
	assert_non_null(strstr(a.error, "unexpected argument 'stray'"));
	a = parse("-H", "h", "-P", "3", (char *)NULL);
	assert_non_null(strstr(a.error, "-P 3 needs a user"));
	a = parse("-H", "h", "-P", "3", "-U", "u", "-L", "authPriv", "-A",
		  "longenough", (char *)NULL);
	assert_non_null(strstr(a.error, "privacy passphrase of at least 8"));
	a = parse("-H", "h", "-P", "3", "-U", "u", "-A", "short", (char *)NULL);
	assert_non_null(
		strstr(a.error, "authentication passphrase of at least"));
	a = parse("-h", (char *)NULL);
	assert_true(a.ok);
	assert_int_equal(a.config.action, WB_ACTION_HELP);
	/* HOST:PORT is neither IPv6 nor a transport: the port goes with -p */
	a = parse("-H", "win01:1161", (char *)NULL);
	assert_string_equal(a.error, "-H win01:1161: give the port with -p (or "
				     "--rest-port for NSClient++): -H win01 "
				     "-p 1161");
	a = parse("-H", "10.0.0.5:", (char *)NULL);
	assert_non_null(strstr(a.error, "-H 10.0.0.5 -p PORT"));
	assert_true(parse("-H", "::1", (char *)NULL).ok);
	assert_true(parse("-H", "fe80::1", (char *)NULL).ok);
	assert_true(parse("-H", "udp:win01:1161", (char *)NULL).ok);
	assert_true(parse("-H", "tcp:win01", (char *)NULL).ok);
}

/* Secrets: wiped from argv, read from files and the environment, in
 * that order of precedence. */
static void test_secrets(void **state)
{
	char c[] = "-C", secret[] = "s3cret-community", host[] = "-H",
	     h[] = "h";
	char prog[] = "check_winbuild";
	char *argv[] = {prog, host, h, c, secret, NULL};
	char path[] = "/tmp/wb-test-secret-XXXXXX";
	char file_opt[64];
	struct wb_args a;
	int fd;

	(void)state;
	a = wb_args_parse(5, argv);
	assert_true(a.ok);
	assert_string_equal(a.config.community, "s3cret-community");
	assert_null(strstr(argv[4], "s3cret"));

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "from-file\r\nsecond line\n", 23), 23);
	close(fd);
	setenv("WINBUILD_COMMUNITY", "from-env", 1);
	snprintf(file_opt, sizeof(file_opt), "--community-file=%s", path);
	a = parse("-H", "h", file_opt, (char *)NULL);
	assert_string_equal(a.config.community, "from-file");
	a = parse("-H", "h", (char *)NULL);
	assert_string_equal(a.config.community, "from-env");
	unsetenv("WINBUILD_COMMUNITY");

	setenv("WINBUILD_AUTH_PASSPHRASE", "auth-from-env", 1);
	a = parse("-H", "h", "-P", "3", "-U", "u", (char *)NULL);
	assert_true(a.ok);
	assert_int_equal(a.config.level, WBS_AUTH_NOPRIV);
	unsetenv("WINBUILD_AUTH_PASSPHRASE");

	/* Icinga 2 exports an empty variable for an unset custom var */
	setenv("WINBUILD_COMMUNITY", "", 1);
	setenv("WINBUILD_AUTH_PASSPHRASE", "", 1);
	a = parse("-H", "h", "-P", "3", "-U", "u", (char *)NULL);
	assert_true(a.ok);
	assert_string_equal(a.config.community, "public");
	assert_int_equal(a.config.level, WBS_NOAUTH_NOPRIV);
	unsetenv("WINBUILD_COMMUNITY");
	unsetenv("WINBUILD_AUTH_PASSPHRASE");

	a = parse("-H", "h", "--community-file", "/nonexistent/secret",
		  (char *)NULL);
	assert_false(a.ok);
	assert_non_null(strstr(a.error, "--community-file /nonexistent/secret: "
					"cannot open"));
	fd = open(path, O_WRONLY | O_TRUNC);
	close(fd);
	a = parse("-H", "h", file_opt, (char *)NULL);
	assert_non_null(strstr(a.error, "the first line is empty"));
	unlink(path);
}

/* Writes text to a new file of the given mode; returns its path. */
static const char *ini_file(const char *text, mode_t mode)
{
	static char path[] = "/tmp/wb-test-ini-XXXXXX";
	int fd;

	strcpy(path, "/tmp/wb-test-ini-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
	return path;
}

static void test_extra_opts(void **state)
{
	char opt[96], path[64];
	struct wb_args a;

	(void)state;
	snprintf(path, sizeof(path), "%s",
		 ini_file("[check_winbuild]\n"
			  "hostname = win01\n"
			  "t = 5\n"
			  "community = from-ini\n"
			  "insecure\n"
			  "[esu]\n"
			  "support = esu\n",
			  0600));
	snprintf(opt, sizeof(opt), "--extra-opts=@%s", path);
	a = parse(opt, (char *)NULL);
	assert_true(a.ok);
	assert_string_equal(a.config.host, "win01");
	assert_int_equal(a.config.timeout_s, 5);
	assert_string_equal(a.config.community, "from-ini");
	assert_true(a.config.insecure);
	assert_string_equal(a.config.advice, "");
	wb_args_free(&a);
	/* the command line wins; another section */
	snprintf(opt, sizeof(opt), "--extra-opts=esu@%s", path);
	a = parse("-H", "h", "-t", "7", opt, "--support", "extended",
		  (char *)NULL);
	assert_true(a.ok);
	assert_int_equal(a.config.timeout_s, 7);
	assert_int_equal(a.config.policy.tier, POL_TIER_EXTENDED);
	wb_args_free(&a);
	a = parse("-H", "h", opt, (char *)NULL);
	assert_int_equal(a.config.policy.tier, POL_TIER_ESU);
	wb_args_free(&a);
	/* the locator as an argument of its own, as Icinga 2 passes it */
	a = parse("-H", "h", "--extra-opts", opt + 13, "-t", "9", (char *)NULL);
	assert_true(a.ok);
	assert_int_equal(a.config.policy.tier, POL_TIER_ESU);
	assert_int_equal(a.config.timeout_s, 9);
	wb_args_free(&a);
	/* a missing section falls back to [check_winbuild] */
	snprintf(opt, sizeof(opt), "--extra-opts=nosuch@%s", path);
	a = parse(opt, (char *)NULL);
	assert_true(a.ok);
	assert_string_equal(a.config.host, "win01");
	wb_args_free(&a);
	/* the search path */
	setenv("MP_CONFIG_PATH", "/nonexistent:/tmp", 1);
	rename(path, "/tmp/plugins.ini");
	a = parse("--extra-opts", (char *)NULL);
	assert_true(a.ok);
	assert_string_equal(a.config.host, "win01");
	wb_args_free(&a);
	rename("/tmp/plugins.ini", path);
	unsetenv("MP_CONFIG_PATH");
	/* a secret in a file every user can read is pointed out */
	chmod(path, 0644);
	snprintf(opt, sizeof(opt), "--extra-opts=@%s", path);
	a = parse(opt, (char *)NULL);
	assert_non_null(strstr(a.config.advice, "holds a secret and is "
						"readable by every user"));
	wb_args_free(&a);
	unlink(path);
}

static void test_extra_opts_errors(void **state)
{
	static const struct {
		const char *text, *error;
	} cases[] = {
		{"[check_winbuild]\nbogus = 1\n",
		 ":2: 'bogus' is not an option of check_winbuild"},
		{"[check_winbuild]\ninsecure = yes\n",
		 ":2: --insecure takes no value"},
		{"[check_winbuild]\nhostname\n",
		 ":2: --hostname needs a value: hostname = VALUE"},
		{"[check_winbuild]\nextra-opts = x\n",
		 ":2: 'extra-opts' is not"},
		{"[other]\nhostname = h\n", " has no [check_winbuild] section"},
		{"hostname = h\n", ":1: 'hostname' comes before any [section]"},
		{"[check_winbuild]\nport = 0\n",
		 "-p: '0' is not a port from 1 to 65535"},
	};
	char opt[96];
	struct wb_args a;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *path = ini_file(cases[i].text, 0600);
		snprintf(opt, sizeof(opt), "--extra-opts=@%s", path);
		a = parse("-H", "h", opt, (char *)NULL);
		assert_false(a.ok);
		if (strstr(a.error, cases[i].error) == NULL)
			fail_msg("case %zu: '%s'", i, a.error);
		wb_args_free(&a);
		unlink(path);
	}
	a = parse("-H", "h", "--extra-opts=@/nonexistent/x.ini", (char *)NULL);
	assert_false(a.ok);
	assert_non_null(strstr(a.error, "cannot open the --extra-opts file "
					"/nonexistent/x.ini: No such file"));
	wb_args_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_source_nt),
		cmocka_unit_test(test_submit_icinga),
		cmocka_unit_test(test_source_nrpe),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_secrets),
		cmocka_unit_test(test_extra_opts),
		cmocka_unit_test(test_extra_opts_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
