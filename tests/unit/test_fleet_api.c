/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * --submit icinga2's results, kept in a temporary file until the run's
 * end, with a stand-in for the module's Icinga 2 client that knows some
 * hosts and not others.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "plugin/fleet_api.h"
#include "plugin/module.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#define HOSTS 1000

/* A host's report as wb_report_text writes it (tests/unit/test_output.c). */
static const char report[] =
	"WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6002: extended "
	"support ended 2020-01-14 (2504 days ago)\n"
	"\\_ [CRITICAL] support: extended support ended 2020-01-14 (2504 "
	"days ago)\n"
	"\\_ [UNKNOWN] build: revision unknown\n"
	"| 'build'=6002;;;; 'support_days_left'=-2504;180:;0:;; "
	"'time'=0.012346s;;;;\n";

/* What the stand-in was sent. */
static struct {
	unsigned posts[HOSTS]; /* by the number in the host's name */
	size_t count;
} sent;

static int client; /* the stand-in's connection: its address only */

static struct nsc_icinga *fake_open(const struct nsc_target *target,
				    const char *prefix, char *err,
				    size_t errlen)
{
	(void)target;
	(void)prefix;
	(void)err;
	(void)errlen;
	return (struct nsc_icinga *)&client;
}

/* Icinga knows every host but pc3, pc10, pc17...: NO_OBJECT for those. */
static enum nsc_submit fake_submit(struct nsc_icinga *c,
				   const struct nsc_passive *result,
				   long timeout_ms, char *why, size_t whylen)
{
	unsigned long n = strtoul(result->host + 2, NULL, 10);

	(void)c;
	(void)timeout_ms;
	assert_true(n < HOSTS);
	/* the report whole: output and perfdata apart, the state kept */
	assert_string_equal(result->output,
			    "WINBUILD CRITICAL - Windows Server 2008 SP2 "
			    "6.0.6002: extended support ended 2020-01-14 "
			    "(2504 days ago)\n"
			    "\\_ [CRITICAL] support: extended support ended "
			    "2020-01-14 (2504 days ago)\n"
			    "\\_ [UNKNOWN] build: revision unknown\n");
	assert_string_equal(result->perfdata,
			    "'build'=6002;;;; 'support_days_left'=-2504;180:;"
			    "0:;; 'time'=0.012346s;;;;");
	assert_int_equal(result->exit_status, (int)(n % 4));
	assert_string_equal(result->service, "winbuild");
	sent.posts[n]++;
	sent.count++;
	if (n % 7 == 3) {
		snprintf(why, whylen, "No objects found.");
		return NSC_SUBMIT_NO_OBJECT;
	}
	return NSC_SUBMIT_OK;
}

static void fake_close(struct nsc_icinga *c)
{
	assert_ptr_equal(c, &client);
}

static const char *fake_base(const struct nsc_icinga *c)
{
	(void)c;
	return "https://127.0.0.1:5665";
}

static const struct nsc_icinga_api fake = {fake_open, fake_submit, fake_close,
					   fake_base};

const struct nsc_icinga_api *wb_module_icinga(char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	return &fake;
}

static long plenty(void *ctx)
{
	(void)ctx;
	return 60000;
}

static struct wb_config config(void)
{
	struct wb_config c = {.submit_service = "winbuild",
			      .icinga_port = 5665,
			      .icinga_user = "winbuild"};

	snprintf(c.icinga_host, sizeof(c.icinga_host), "127.0.0.1");
	return c;
}

/* The "\_ submitted:" line. */
static void summary(const struct wb_fleet_api *api, char *line, size_t len)
{
	FILE *out = fmemopen(line, len, "w");

	assert_non_null(out);
	wb_fleet_api_summary(api, out);
	assert_int_equal(fclose(out), 0);
}

static void add_host(struct wb_fleet_api *api, size_t n)
{
	char name[16];

	snprintf(name, sizeof(name), "pc%zu", n);
	/* the place in the inventory is the number */
	wb_fleet_api_add(api, n, name, (int)(n % 4), report);
}

/* Results added as hosts end, in no order: each sent once, and the
 * summary names the inventory's first five Icinga lacks. */
static void test_all_sent(void **state)
{
	struct wb_config c = config();
	char err[256], line[1024];
	struct wb_fleet_api *api = wb_fleet_api_new(&c, err, sizeof(err));

	(void)state;
	memset(&sent, 0, sizeof(sent));
	assert_non_null(api);
	for (size_t i = 0; i < HOSTS; i++)
		add_host(api, (i * 7919) % HOSTS); /* a permutation */
	assert_int_equal(sent.count, 0);	   /* nothing before the end */
	wb_fleet_api_send(api, plenty, NULL);
	assert_int_equal(sent.count, HOSTS);
	for (size_t i = 0; i < HOSTS; i++)
		assert_int_equal(sent.posts[i], 1);
	assert_int_equal(wb_fleet_api_submitted(api), 857);
	assert_null(wb_fleet_api_stopped(api));
	summary(api, line, sizeof(line));
	assert_string_equal(line, "\\_ submitted: 857 results to "
				  "https://127.0.0.1:5665, not 143: 143 "
				  "without a service winbuild (pc3, pc10, "
				  "pc17, pc24, pc31, ...)\n");
	wb_fleet_api_free(api);
}

/* Fewer than five unknown, in reverse: all named, in inventory order. */
static void test_few_unknown(void **state)
{
	struct wb_config c = config();
	char err[256], line[1024];
	struct wb_fleet_api *api = wb_fleet_api_new(&c, err, sizeof(err));

	(void)state;
	memset(&sent, 0, sizeof(sent));
	assert_non_null(api);
	for (size_t n = 30; n-- > 0;)
		add_host(api, n);
	wb_fleet_api_send(api, plenty, NULL);
	summary(api, line, sizeof(line));
	assert_string_equal(line, "\\_ submitted: 26 results to "
				  "https://127.0.0.1:5665, not 4: 4 without a "
				  "service winbuild (pc3, pc10, pc17, pc24)\n");
	wb_fleet_api_free(api);
}

/* No place for the temporary file: nothing is sent, and the summary and
 * the stop say why; the run cannot end OK. */
static void test_no_temporary_file(void **state)
{
	struct wb_config c = config();
	char err[256], line[1024];
	struct wb_fleet_api *api = wb_fleet_api_new(&c, err, sizeof(err));
	const char *tmpdir = getenv("TMPDIR");
	char *saved = tmpdir ? strdup(tmpdir) : NULL;

	(void)state;
	memset(&sent, 0, sizeof(sent));
	assert_non_null(api);
	setenv("TMPDIR", "/nonexistent-winbuild-dir", 1);
	for (size_t n = 0; n < 3; n++)
		add_host(api, n);
	if (saved != NULL)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);
	wb_fleet_api_send(api, plenty, NULL);
	assert_int_equal(sent.count, 0);
	assert_int_equal(wb_fleet_api_submitted(api), 0);
	assert_string_equal(wb_fleet_api_stopped(api),
			    "the results could not be kept for sending: a "
			    "temporary file in /nonexistent-winbuild-dir: No "
			    "such file or directory");
	summary(api, line, sizeof(line));
	assert_string_equal(line, "\\_ submitted: 0 results to "
				  "https://127.0.0.1:5665, not 3: 3 not kept "
				  "for sending (a temporary file in "
				  "/nonexistent-winbuild-dir: No such file or "
				  "directory)\n");
	wb_fleet_api_free(api);
}

/* The disk full in the middle of a result (a file size limit does as
 * well): those written whole are sent, the rest counted with the
 * reason. */
static void test_full(void **state)
{
	struct wb_config c = config();
	char err[256], line[1024];
	struct wb_fleet_api *api = wb_fleet_api_new(&c, err, sizeof(err));
	/* room for two results and a part of the third, whatever the few
	 * bytes that go with each report */
	struct rlimit old, small = {.rlim_cur = 2 * sizeof(report) + 200};

	(void)state;
	memset(&sent, 0, sizeof(sent));
	assert_non_null(api);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small.rlim_max = old.rlim_max;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	for (size_t n = 1; n <= 5; n++)
		add_host(api, n);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	wb_fleet_api_send(api, plenty, NULL);
	assert_int_equal(sent.count, 2);
	assert_int_equal(sent.posts[1] + sent.posts[2], 2);
	assert_int_equal(wb_fleet_api_submitted(api), 2);
	assert_non_null(wb_fleet_api_stopped(api));
	summary(api, line, sizeof(line));
	assert_string_equal(line, "\\_ submitted: 2 results to "
				  "https://127.0.0.1:5665, not 3: 3 not kept "
				  "for sending (a temporary file: File too "
				  "large)\n");
	wb_fleet_api_free(api);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_sent),
		cmocka_unit_test(test_few_unknown),
		cmocka_unit_test(test_no_temporary_file),
		cmocka_unit_test(test_full),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
