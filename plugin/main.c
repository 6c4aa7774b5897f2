/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_winbuild: parse arguments -> gather facts from the host ->
 * evaluate the policy -> render the result. Only this file decides the
 * exit code.
 */
#include "config.h"

#include "args.h"
#include "fleet.h"
#include "help.h"
#include "module.h"
#include "nsclient/facts.h"
#include "nsclient/nt.h"
#include "output.h"
#include "proctitle.h"
#include "policy/catalog.h"
#include "policy/updates.h"
#include "policy/date.h"
#include "policy/evaluate.h"
#include "policy/facts.h"
#include "policy/policy.h"
#include "lib/runtime.h"
#include "snmp/client.h"
#include "snmp/facts.h"
#include "snmp/software.h"
#include "snmp/sysdescr.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define OUTPUT_MAX 65536

struct run {
	struct wb_args args;
	const struct wb_config *config; /* &args.config */
	struct timespec start;
	struct pol_catalog *catalog;
	struct pol_updates *updates;
	struct pol_file *policy; /* --policy, or NULL */
	struct pol_facts facts;
	struct nsc_host rest;
	struct wbs_software software; /* the facts point into it */
	struct pol_report report;
	char output[OUTPUT_MAX];
};

/* A -v line on stderr, through the sanitiser like everything shown. */
__attribute__((format(printf, 3, 4))) static void
trace(const struct run *run, int level, const char *fmt, ...)
{
	char line[2048], clean[2048];
	va_list ap;
	int n;

	if (run->config->verbose < level)
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	wb_sanitize(clean, sizeof(clean), line, strlen(line));
	fprintf(stderr, "check_winbuild: %s\n", clean);
}

__attribute__((format(printf, 3, 4))) static void
fail(struct run *run, enum wb_state state, const char *fmt, ...)
{
	char message[WB_MESSAGE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	pol_report_fail(&run->report, state, message);
}

static void render(const struct run *run, const struct pol_report *report,
		   char *buf, size_t buflen)
{
	if (run->config->format == WB_FORMAT_JSON)
		wb_report_json(report, buf, buflen);
	else
		wb_report_text(report, buf, buflen);
}

/*
 * The timeout backstop: the answer for "time is up" is rendered before the
 * query starts, so that the signal handler only writes and exits.
 */
static char timeout_answer[1024];
static size_t timeout_answer_len;
static enum wb_state timeout_state;

static void on_alarm(int sig)
{
	(void)sig;
	if (write(STDOUT_FILENO, timeout_answer, timeout_answer_len) < 0) {
		/* nothing left to tell anyone */
	}
	_exit((int)timeout_state);
}

static const char *version_name(enum wbs_version version)
{
	return version == WBS_V1 ? "v1" : version == WBS_V2C ? "v2c" : "v3";
}

static void arm_timeout(const struct run *run)
{
	const struct wb_config *c = run->config;
	struct pol_report report = {0};
	char message[WB_MESSAGE_MAX];

	if (c->sources & (WB_SOURCE_REST | WB_SOURCE_NRPE | WB_SOURCE_NT))
		snprintf(message, sizeof(message),
			 "no complete answer from %s within %ld s (%s%s%s"
			 "NSClient++ %s on port %ld)",
			 c->host, c->timeout_s,
			 c->sources & WB_SOURCE_SNMP ? "SNMP " : "",
			 c->sources & WB_SOURCE_SNMP ? version_name(c->version)
						     : "",
			 c->sources & WB_SOURCE_SNMP ? " and " : "",
			 c->sources & WB_SOURCE_REST   ? "REST"
			 : c->sources & WB_SOURCE_NRPE ? "NRPE"
						       : "check_nt",
			 c->sources & WB_SOURCE_REST   ? c->rest_port
			 : c->sources & WB_SOURCE_NRPE ? c->nrpe_port
						       : c->nt_port);
	else
		snprintf(message, sizeof(message),
			 "no answer from %s within %ld s over SNMP %s: %s",
			 c->host, c->timeout_s, version_name(c->version),
			 wb_snmp_silence(c->version, c->level));
	pol_report_fail(&report, c->timeout_state, message);
	report.advice = run->report.advice;
	render(run, &report, timeout_answer, sizeof(timeout_answer));
	timeout_answer_len = strlen(timeout_answer);
	timeout_state = c->timeout_state;
	signal(SIGALRM, on_alarm);
	alarm((unsigned)c->timeout_s);
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) +
	       (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* What is left of -t, in ms, at least 1: every source gets only that. */
static long ms_left(const struct run *run)
{
	long left = run->config->timeout_s * 1000 -
		    (long)(seconds_since(&run->start) * 1000);

	return left > 0 ? left : 1;
}

static void fill_target(const struct run *run, const char *peer,
			struct wbs_target *t)
{
	const struct wb_config *c = run->config;

	*t = (struct wbs_target){
		.peer = peer,
		.version = c->version,
		.community = c->community,
		.user = c->user,
		.context = c->context,
		.level = c->level,
		.auth = c->auth,
		.priv = c->priv,
		.auth_pass = c->auth_pass,
		.priv_pass = c->priv_pass,
		.timeout_ms = ms_left(run), /* the client keeps a margin */
	};
}

static bool snmp_failed(struct run *run, enum wbs_status st, const char *err)
{
	const struct wb_config *c = run->config;

	switch (st) {
	case WBS_OK:
		return false;
	case WBS_ERR_TIMEOUT:
		fail(run, c->timeout_state,
		     "no answer from %s within %ld s over SNMP %s: %s", c->host,
		     c->timeout_s, version_name(c->version),
		     wb_snmp_silence(c->version, c->level));
		return true;
	case WBS_ERR_NO_DESCR:
		fail(run, WB_UNKNOWN,
		     "%s: cannot tell the Windows version without it", err);
		return true;
	default:
		fail(run, WB_UNKNOWN, "%s", err);
		return true;
	}
}

static const char *secret_note(const char *value, const char *fallback)
{
	return value[0] == '\0'		      ? "not set"
	       : strcmp(value, fallback) == 0 ? "the default"
					      : "set (not shown)";
}

/* "snmp,rest,nt": the sources asked, in buf. */
static const char *sources_text(unsigned sources, char *buf, size_t len)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {{WB_SOURCE_SNMP, "snmp"},
		     {WB_SOURCE_REST, "rest"},
		     {WB_SOURCE_NRPE, "nrpe"},
		     {WB_SOURCE_NT, "nt"}};
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if ((sources & names[i].bit) && used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
						 used ? "," : "",
						 names[i].name);
	return buf;
}

/* -vv: the configuration as understood, secrets left out. */
static void trace_config(const struct run *run)
{
	const struct wb_config *c = run->config;
	char date[POL_DATE_TEXT] = "today", sources[32];

	if (c->verbose < 2)
		return;
	if (c->date_set)
		pol_date_format(c->date, date);
	trace(run, 2, "host %s, sources %s, timeout %ld s (then %s)", c->host,
	      sources_text(c->sources, sources, sizeof(sources)), c->timeout_s,
	      wb_state_name(c->timeout_state));
	if ((c->sources & WB_SOURCE_SNMP) && c->version == WBS_V3)
		trace(run, 2,
		      "v3 user %s, context %s, level %d, auth "
		      "passphrase %s, privacy passphrase %s",
		      c->user, c->context ? c->context : "(none)",
		      (int)c->level, secret_note(c->auth_pass, ""),
		      secret_note(c->priv_pass, ""));
	else if (c->sources & WB_SOURCE_SNMP)
		trace(run, 2, "SNMP %s port %ld, community %s",
		      version_name(c->version), c->port ? c->port : 161,
		      secret_note(c->community, "public"));
	if (c->sources & WB_SOURCE_REST)
		trace(run, 2, "REST port %ld, %s, password %s, TLS %s%s%s",
		      c->rest_port, c->rest_user ? "Basic" : "password header",
		      secret_note(c->rest_pass, ""),
		      c->insecure	   ? "not verified (--insecure)"
		      : c->ca_file != NULL ? "verified against "
					   : "verified",
		      c->ca_file != NULL && !c->insecure ? c->ca_file : "",
		      c->pin != NULL ? ", public key pinned" : "");
	if (c->sources & WB_SOURCE_NRPE)
		trace(run, 2, "NRPE port %ld, payload %ld, packets %s, TLS %s",
		      c->nrpe_port, c->nrpe_payload,
		      c->nrpe_version == 0   ? "v4, else v2"
		      : c->nrpe_version == 2 ? "v2"
		      : c->nrpe_version == 3 ? "v3"
					     : "v4",
		      c->nrpe_tls == NSC_NRPE_TLS_NONE	  ? "none (plain TCP)"
		      : c->nrpe_tls == NSC_NRPE_TLS_ADH	  ? "anonymous DH"
		      : c->nrpe_tls == NSC_NRPE_TLS_AECDH ? "anonymous ECDH"
		      : c->insecure ? "certificate, not verified (--insecure)"
				    : "certificate, verified");
	if (c->sources & WB_SOURCE_NT)
		trace(run, 2, "check_nt port %ld, password %s", c->nt_port,
		      c->rest_pass[0] ? "set (not shown)"
				      : "not set ('None' is sent)");
	trace(run, 2, "policy: %s, %zu sections; edition %s, date %s",
	      c->policy_file ? c->policy_file : "(none)",
	      run->policy ? run->policy->count : 0,
	      c->policy.edition ? c->policy.edition : "(from the host)", date);
	trace(run, 2, "catalogue %s, %zu releases", c->catalog,
	      run->catalog->count);
}

static void trace_answers(const struct run *run, const struct wbs_sysinfo *si)
{
	for (int i = 0; i < WBS_VARBINDS; i++)
		trace(run, 1, "%s: %s", wbs_varbind_names[i],
		      si->answer[i] ? si->answer[i] : "no answer");
	if (si->descr.present)
		trace(run, 2, "sysDescr.0 is %zu bytes%s", si->descr.full_len,
		      si->descr.full_len > si->descr.len ? " (capped)" : "");
}

/* -v: how the walk went; -vvv: every row, sanitised like all output. */
/* The software table is walked when asked, or when a rule needs the
 * hotfixes it may name (--require-hotfix, or the policy file's) and
 * NSClient++, which lists them all, is not asked. */
static bool walk_software(const struct run *run)
{
	const struct pol_file *file = run->policy;

	if (run->config->software)
		return true;
	if (run->config->sources & (WB_SOURCE_REST | WB_SOURCE_NRPE))
		return false;
	if (run->config->policy.nhotfix > 0)
		return true;
	for (size_t i = 0; file != NULL && i < file->count; i++)
		if (file->sections[i].rules.nhotfix > 0)
			return true;
	return false;
}

static void trace_software(const struct run *run)
{
	const struct wbs_software *sw = &run->software;
	char date[POL_DATE_TEXT];

	trace(run, 1,
	      "hrSWInstalledTable: %d rows (%d naming a KB, %d cut) in %d "
	      "requests, %ld ms%s%s",
	      sw->nrows, sw->with_kb, sw->cut, sw->requests, sw->ms,
	      sw->note[0] || sw->problem[0] ? "; " : "",
	      sw->problem[0] ? sw->problem : sw->note);
	for (int i = 0; i < sw->nrows && run->config->verbose >= 3; i++) {
		const struct pol_software *row = &sw->rows[i];
		if (row->installed == POL_NO_DATE)
			snprintf(date, sizeof(date), "-");
		else
			pol_date_format(row->installed, date);
		trace(run, 3, "hrSWInstalledName.%lu %s '%s'%s%s%s",
		      sw->index[i], date, row->name, row->kb[0] ? " " : "",
		      row->kb, row->cut ? " (cut)" : "");
	}
}

/* Reads the host over SNMP into run->facts. False: the report says why. */
static bool gather_snmp(struct run *run)
{
	const struct wb_config *c = run->config;
	struct pol_facts *f = &run->facts;
	struct wbs_target target;
	struct wbs_sysinfo si;
	char peer[300], err[WB_MESSAGE_MAX];
	enum wbs_status st;

	if (!wbs_peer_name(c->host, c->port, peer, sizeof(peer), err,
			   sizeof(err))) {
		fail(run, WB_UNKNOWN, "%s", err);
		return false;
	}
	fill_target(run, peer, &target);
	trace(run, 1, "SNMP %s GET to %s, %ld s budget",
	      version_name(c->version), peer, c->timeout_s);
	st = wbs_query_sysinfo(&target, &si,
			       walk_software(run) ? &run->software : NULL, err,
			       sizeof(err));
	trace_answers(run, &si);
	if (snmp_failed(run, st, err))
		return false;
	if (!wbs_sysinfo_facts(&si, f, err, sizeof(err))) {
		fail(run, WB_UNKNOWN, "%s", err);
		return false;
	}
	if (walk_software(run)) {
		trace_software(run);
		/* after the sysDescr facts: the Windows version tells how
		 * far the table lists updates */
		wbs_software_facts(&run->software, f);
	}
	trace(run, 3, "sysDescr.0 '%s', sysObjectID.0 %s", f->description,
	      f->object_id[0] ? f->object_id : "(none)");
	return true;
}

static bool rest_failed(struct run *run, enum nsc_status st, const char *err)
{
	const struct wb_config *c = run->config;

	if (st == NSC_OK)
		return false;
	if (nsc_timed_out(st, err))
		fail(run, c->timeout_state, "%s (the whole check has %ld s)",
		     err, c->timeout_s);
	else
		fail(run, WB_UNKNOWN, "%s", err);
	return true;
}

/* Reads the host over NSClient++'s REST API or NRPE (nrpe) and merges
 * what it said. */
static bool gather_rest(struct run *run, bool nrpe)
{
	const struct wb_config *c = run->config;
	char err[WB_MESSAGE_MAX];
	/* loaded first: the module's start-up counts against the budget */
	nsc_query_fn query = wb_module_nsclient(err, sizeof(err));
	/* the margin the SNMP client keeps too: 5 % of -t, 100 to 500 ms */
	long budget = c->timeout_s * 1000;
	long margin = budget / 20 < 100	  ? 100
		      : budget / 20 > 500 ? 500
					  : budget / 20;
	long left = ms_left(run) - margin;
	struct nsc_target target = {
		.host = c->host,
		.port = c->rest_port,
		.user = c->rest_user,
		.password = c->rest_pass[0] ? c->rest_pass : NULL,
		.ca_file = c->ca_file,
		.pin = c->pin,
		.insecure = c->insecure,
		.api = nrpe ? NSC_API_NRPE : c->rest_api,
		.timeout_ms = left > 0 ? left : 1,
		.nrpe_tls = c->nrpe_tls,
		.nrpe_payload = c->nrpe_payload,
		.nrpe_version = c->nrpe_version,
		.nrpe_cert = c->nrpe_cert,
		.nrpe_key = c->nrpe_key,
	};
	enum nsc_status st;

	if (query == NULL) {
		fail(run, WB_UNKNOWN, "%s", err);
		return false;
	}
	if (nrpe)
		target.port = c->nrpe_port;
	trace(run, 1, "NSClient++ %s to %s port %ld, %s API, %ld ms left",
	      nrpe ? "NRPE" : "REST", c->host, target.port,
	      nrpe			    ? "nrpe"
	      : c->rest_api == NSC_API_AUTO ? "auto"
	      : c->rest_api == NSC_API_V1   ? "v1"
					    : "legacy",
	      target.timeout_ms);
	st = query(&target, &run->rest, err, sizeof(err));
	if (run->rest.notes[0])
		trace(run, 1, "NSClient++: %s", run->rest.notes);
	if (rest_failed(run, st, err))
		return false;
	trace(run, 2, "NSClient++ %s: %d.%d.%ld revision %ld, caption '%s'",
	      run->rest.agent_version[0] ? run->rest.agent_version
					 : "(version unknown)",
	      run->rest.major, run->rest.minor, run->rest.build,
	      run->rest.revision, run->rest.caption);
	if (!nsc_merge_host(&run->rest,
			    nrpe ? c->nrpe_tls != NSC_NRPE_TLS_CERT ||
					    c->insecure
				 : c->insecure,
			    &run->facts, err, sizeof(err))) {
		fail(run, WB_UNKNOWN, "%s", err);
		return false;
	}
	return true;
}

/* Asks NSClient++'s check_nt server for its version and merges it. */
static bool gather_nt(struct run *run)
{
	const struct wb_config *c = run->config;
	char err[WB_MESSAGE_MAX];
	/* the margin the other sources keep: 5 % of -t, 100 to 500 ms */
	long budget = c->timeout_s * 1000;
	long margin = budget / 20 < 100	  ? 100
		      : budget / 20 > 500 ? 500
					  : budget / 20;
	long left = ms_left(run) - margin;
	struct nsc_nt_target target = {
		.host = c->host,
		.port = c->nt_port,
		/* what check_nt sent without -s */
		.password = c->rest_pass[0] ? c->rest_pass : "None",
		.timeout_ms = left > 0 ? left : 1,
	};
	struct nsc_nt_result result;
	struct pol_facts nt;
	enum nsc_status st;

	trace(run, 1,
	      "NSClient++ check_nt CLIENTVERSION to %s port %ld, %ld "
	      "ms left",
	      c->host, c->nt_port, target.timeout_ms);
	st = nsc_nt_query(&target, &result, err, sizeof(err));
	if (result.newline)
		trace(run, 1,
		      "check_nt: no answer without a newline; asked "
		      "again with one (NSClient++ 0.12.2 to 0.16.2)");
	if (st != NSC_OK) {
		if (result.timed_out)
			fail(run, c->timeout_state,
			     "%s (the whole check has %ld s)", err,
			     c->timeout_s);
		else
			fail(run, WB_UNKNOWN, "%s", err);
		return false;
	}
	trace(run, 2, "check_nt: '%s'", result.reply.text);
	nsc_nt_facts(&result.reply, &nt);
	if (!pol_facts_merge(&run->facts, &nt, err, sizeof(err))) {
		fail(run, WB_UNKNOWN, "%s", err);
		return false;
	}
	return true;
}

static bool gather(struct run *run)
{
	if ((run->config->sources & WB_SOURCE_SNMP) && !gather_snmp(run))
		return false;
	if ((run->config->sources & WB_SOURCE_REST) && !gather_rest(run, false))
		return false;
	if ((run->config->sources & WB_SOURCE_NRPE) && !gather_rest(run, true))
		return false;
	if ((run->config->sources & WB_SOURCE_NT) && !gather_nt(run))
		return false;
	/* check_nt alone: an agent version, no Windows version */
	if ((run->config->sources & WB_SOURCE_NT) &&
	    run->facts.src_version == NULL) {
		fail(run, WB_UNKNOWN,
		     "NSClient++ %s answered over check_nt, but that protocol "
		     "does not tell the Windows version or build: add a "
		     "source that does, e.g. --source snmp,nt",
		     run->facts.agent);
		return false;
	}
	return true;
}

static long today(const struct wb_config *c)
{
	time_t now;
	struct tm tm;

	if (c->date_set)
		return c->date;
	now = time(NULL);
	localtime_r(&now, &tm);
	return pol_date_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
				   tm.tm_mday);
}

static void print_date(const char *label, long day)
{
	char buf[POL_DATE_TEXT];

	if (day == POL_NO_DATE)
		printf("  %-11s -\n", label);
	else {
		pol_date_format(day, buf);
		printf("  %-11s %s\n", label, buf);
	}
}

static int list_catalog(const struct pol_catalog *catalog, const char *path)
{
	printf("%s: %zu releases\n", path, catalog->count);
	print_date("reviewed", catalog->reviewed);
	for (size_t i = 0; i < catalog->nadvisories; i++) {
		const struct pol_advisory *a = &catalog->advisories[i];
		char from[48], to[48];
		pol_version_format(&a->from, from, sizeof(from));
		pol_version_format(&a->to, to, sizeof(to));
		printf("\nadvisory %s  %s%s%s denied, %s\n  %-11s %s\n"
		       "  %-11s %s\n",
		       a->id, from, strcmp(from, to) ? "-" : "",
		       strcmp(from, to) ? to : "", wb_state_name(a->state),
		       "reason", a->reason, "source", a->source);
	}
	for (size_t i = 0; i < catalog->count; i++) {
		const struct pol_release *r = &catalog->rows[i];
		printf("\n%s  %s\n  %-11s %s, NT %d.%d, build", r->id, r->name,
		       "family", pol_family_name(r->family), r->nt_major,
		       r->nt_minor);
		for (int b = 0; b < r->nbuilds; b++)
			printf("%s %ld", b ? "," : "", r->builds[b]);
		printf(", edition %s%s\n", r->edition,
		       r->edition_default ? " (default)" : "");
		print_date("released", r->released);
		print_date("mainstream", r->mainstream);
		print_date("extended", r->extended);
		for (int e = 0; e < r->nesu; e++) {
			char label[24];
			snprintf(label, sizeof(label), "ESU year %d", e + 1);
			print_date(r->nesu > 1 ? label : "ESU", r->esu[e]);
		}
		if (r->azure != POL_NO_DATE)
			print_date("Azure ESU", r->azure);
		printf("  %-11s %s\n", "source", r->source);
	}
	return 0;
}

/*
 * The update history, read only when something needs it (a revision to
 * place, a rule that reads it): its 1,500 rows are most of a plain SNMP
 * check's work otherwise. False with the failure reported.
 */
static bool load_updates(struct run *run)
{
	char err[WB_MESSAGE_MAX];

	if (run->facts.revision == POL_NOT_KNOWN &&
	    !pol_policy_reads_updates(run->policy, &run->config->policy))
		return true;
	if (pol_updates_load(run->config->updates, &run->updates, err,
			     sizeof(err)) != POL_OK) {
		fail(run, WB_UNKNOWN, "%s", err);
		return false;
	}
	trace(run, 2, "update history %s, %zu updates", run->config->updates,
	      run->updates->count);
	return true;
}

/* Gathers, evaluates and fills run->report; the catalogue is loaded. */
static void check(struct run *run)
{
	const struct wb_config *c = run->config;

	pol_facts_init(&run->facts);
	snprintf(run->facts.address, sizeof(run->facts.address), "%s", c->host);
	trace_config(run);
	arm_timeout(run);
	if (gather(run) && load_updates(run)) {
		pol_evaluate(run->catalog, run->updates, run->policy,
			     &c->policy, &run->facts, today(c), &run->report);
		if (run->report.catalog_source != NULL)
			trace(run, 2, "catalogue row %s (line %d): %s",
			      run->report.product, run->report.catalog_line,
			      run->report.catalog_source);
	} else if (run->facts.src_version == NULL &&
		   run->facts.description[0]) {
		run->report.facts = &run->facts;
	}
	alarm(0);
	pol_report_perf(&run->report, "time", seconds_since(&run->start), 6,
			"s", NULL, NULL);
}

int main(int argc, char **argv)
{
	/* static: the REST facts and the output buffer are large */
	static struct run run;
	struct wb_args *args = &run.args;
	char **copy, **strings;
	char err[WB_MESSAGE_MAX];
	enum wb_state state = WB_UNKNOWN;

	clock_gettime(CLOCK_MONOTONIC, &run.start);
	copy = wb_argv_copy(argc, argv, &strings);
	if (copy == NULL) {
		puts("WINBUILD UNKNOWN - out of memory");
		return WB_UNKNOWN;
	}
	run.args = wb_args_parse(argc, copy);
	wb_argv_hide(argc, argv, strings);
	run.config = &args->config;
	run.report.advice = args->config.advice[0] ? args->config.advice : NULL;
	if (!args->ok) {
		fail(&run, WB_UNKNOWN, "%s", args->error);
		goto answer;
	}
	switch (args->config.action) {
	case WB_ACTION_HELP:
		wb_help_print();
		goto done;
	case WB_ACTION_VERSION:
		wb_help_version();
		goto done;
	case WB_ACTION_LIST_CATALOG:
	case WB_ACTION_CHECK:
		break;
	}
	if (pol_catalog_load(args->config.catalog, &run.catalog, err,
			     sizeof(err)) != POL_OK) {
		fail(&run, WB_UNKNOWN, "%s", err);
		goto answer;
	}
	if (args->config.policy_file != NULL &&
	    (pol_file_load(args->config.policy_file, &run.policy, err,
			   sizeof(err)) != POL_OK ||
	     !pol_file_check(run.policy, run.catalog, err, sizeof(err)))) {
		fail(&run, WB_UNKNOWN, "%s", err);
		goto answer;
	}
	if (args->config.policy.section != NULL &&
	    !pol_file_has_policy(run.policy, args->config.policy.section)) {
		fail(&run, WB_UNKNOWN,
		     "--policy-section %s: %s%s has no "
		     "[policy:%s] section",
		     args->config.policy.section,
		     run.policy ? "the policy file "
				: "no --policy FILE given: ",
		     run.policy ? run.policy->name : "the built-in policy",
		     args->config.policy.section);
		goto answer;
	}
	run.report.explain = args->config.explain;
	if (args->config.action == WB_ACTION_LIST_CATALOG) {
		state = (enum wb_state)list_catalog(run.catalog,
						    args->config.catalog);
		goto done;
	}
	if (args->config.hosts_file != NULL) {
		state = wb_fleet(&args->config, run.catalog, run.policy,
				 today(&args->config));
		goto done;
	}
	check(&run);
answer:
	render(&run, &run.report, run.output, sizeof(run.output));
	fputs(run.output, stdout);
	state = run.report.state;
done:
	pol_file_free(run.policy);
	wbs_software_free(&run.software);
	pol_catalog_free(run.catalog);
	pol_updates_free(run.updates);
	wb_args_free(args);
	wb_argv_free(copy, strings);
	return (int)state;
}
