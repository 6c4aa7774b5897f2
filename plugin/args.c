/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "args.h"

#include "config.h"
#include "extra.h"
#include "policy/date.h"
#include "snmp/fleet.h"
#include "snmp/sysdescr.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum {
	OPT_COMMUNITY_FILE = 256,
	OPT_AUTH_FILE,
	OPT_PRIV_FILE,
	OPT_SUPPORT,
	OPT_EDITION,
	OPT_MIN_BUILD,
	OPT_DATE,
	OPT_CATALOG,
	OPT_LIST_CATALOG,
	OPT_OUTPUT_FORMAT,
	OPT_SOURCE,
	OPT_REST_PORT,
	OPT_NT_PORT,
	OPT_PASSWORD,
	OPT_PASSWORD_FILE,
	OPT_USER,
	OPT_CA_FILE,
	OPT_PIN,
	OPT_INSECURE,
	OPT_REST_API,
	OPT_EXTRA_OPTS,
	OPT_POLICY,
	OPT_POLICY_SECTION,
	OPT_EXPLAIN,
	OPT_REQUIRE_HOTFIX,
	OPT_MIN_AGENT,
	OPT_MISSING_FACT,
	OPT_DENY,
	OPT_ALLOW,
	OPT_SOFTWARE,
	OPT_UPDATES,
	OPT_AGE_WARN,
	OPT_AGE_CRIT,
	OPT_BEHIND_WARN,
	OPT_BEHIND_CRIT,
	OPT_BASELINE,
	OPT_GRACE,
	OPT_NRPE_PORT,
	OPT_NRPE_TLS,
	OPT_NRPE_PAYLOAD,
	OPT_NRPE_VERSION,
	OPT_NRPE_CERT,
	OPT_NRPE_KEY,
	OPT_HOSTS,
	OPT_PARALLEL,
	OPT_RECORDS,
	OPT_RECORDS_FORMAT,
	OPT_REPORT,
	OPT_SUBMIT,
	OPT_DEADLINE,
	OPT_COMMAND_FILE,
	OPT_SUBMIT_SERVICE,
	OPT_ICINGA_URL,
	OPT_ICINGA_USER,
	OPT_ICINGA_PASSWORD_FILE,
	OPT_ICINGA_CA_FILE,
};

static const char short_options[] = "H:p:P:C:U:L:a:A:x:X:N:t:w:c:vhV";

static const struct option long_options[] = {
	{"hostname", required_argument, NULL, 'H'},
	{"port", required_argument, NULL, 'p'},
	{"protocol", required_argument, NULL, 'P'},
	{"community", required_argument, NULL, 'C'},
	{"community-file", required_argument, NULL, OPT_COMMUNITY_FILE},
	{"secname", required_argument, NULL, 'U'},
	{"seclevel", required_argument, NULL, 'L'},
	{"authproto", required_argument, NULL, 'a'},
	{"authpasswd", required_argument, NULL, 'A'},
	{"auth-passphrase-file", required_argument, NULL, OPT_AUTH_FILE},
	{"privproto", required_argument, NULL, 'x'},
	{"privpasswd", required_argument, NULL, 'X'},
	{"priv-passphrase-file", required_argument, NULL, OPT_PRIV_FILE},
	{"context", required_argument, NULL, 'N'},
	{"timeout", required_argument, NULL, 't'},
	{"warning", required_argument, NULL, 'w'},
	{"critical", required_argument, NULL, 'c'},
	{"support", required_argument, NULL, OPT_SUPPORT},
	{"edition", required_argument, NULL, OPT_EDITION},
	{"min-build", required_argument, NULL, OPT_MIN_BUILD},
	{"date", required_argument, NULL, OPT_DATE},
	{"catalog", required_argument, NULL, OPT_CATALOG},
	{"list-catalog", no_argument, NULL, OPT_LIST_CATALOG},
	{"output-format", required_argument, NULL, OPT_OUTPUT_FORMAT},
	{"source", required_argument, NULL, OPT_SOURCE},
	{"rest-port", required_argument, NULL, OPT_REST_PORT},
	{"nt-port", required_argument, NULL, OPT_NT_PORT},
	{"password", required_argument, NULL, OPT_PASSWORD},
	{"password-file", required_argument, NULL, OPT_PASSWORD_FILE},
	{"user", required_argument, NULL, OPT_USER},
	{"ca-file", required_argument, NULL, OPT_CA_FILE},
	{"pin", required_argument, NULL, OPT_PIN},
	{"insecure", no_argument, NULL, OPT_INSECURE},
	{"rest-api", required_argument, NULL, OPT_REST_API},
	{"extra-opts", optional_argument, NULL, OPT_EXTRA_OPTS},
	{"policy", required_argument, NULL, OPT_POLICY},
	{"policy-section", required_argument, NULL, OPT_POLICY_SECTION},
	{"explain", no_argument, NULL, OPT_EXPLAIN},
	{"require-hotfix", required_argument, NULL, OPT_REQUIRE_HOTFIX},
	{"min-agent", required_argument, NULL, OPT_MIN_AGENT},
	{"missing-fact", required_argument, NULL, OPT_MISSING_FACT},
	{"deny", required_argument, NULL, OPT_DENY},
	{"allow", required_argument, NULL, OPT_ALLOW},
	{"software", no_argument, NULL, OPT_SOFTWARE},
	{"updates", required_argument, NULL, OPT_UPDATES},
	{"patch-age-warning", required_argument, NULL, OPT_AGE_WARN},
	{"patch-age-critical", required_argument, NULL, OPT_AGE_CRIT},
	{"updates-behind-warning", required_argument, NULL, OPT_BEHIND_WARN},
	{"updates-behind-critical", required_argument, NULL, OPT_BEHIND_CRIT},
	{"baseline", required_argument, NULL, OPT_BASELINE},
	{"baseline-grace", required_argument, NULL, OPT_GRACE},
	{"nrpe-port", required_argument, NULL, OPT_NRPE_PORT},
	{"nrpe-tls", required_argument, NULL, OPT_NRPE_TLS},
	{"nrpe-payload", required_argument, NULL, OPT_NRPE_PAYLOAD},
	{"nrpe-version", required_argument, NULL, OPT_NRPE_VERSION},
	{"nrpe-cert", required_argument, NULL, OPT_NRPE_CERT},
	{"nrpe-key", required_argument, NULL, OPT_NRPE_KEY},
	{"hosts", required_argument, NULL, OPT_HOSTS},
	{"parallel", required_argument, NULL, OPT_PARALLEL},
	{"records", required_argument, NULL, OPT_RECORDS},
	{"records-format", required_argument, NULL, OPT_RECORDS_FORMAT},
	{"report", required_argument, NULL, OPT_REPORT},
	{"submit", required_argument, NULL, OPT_SUBMIT},
	{"deadline", required_argument, NULL, OPT_DEADLINE},
	{"command-file", required_argument, NULL, OPT_COMMAND_FILE},
	{"submit-service", required_argument, NULL, OPT_SUBMIT_SERVICE},
	{"icinga-url", required_argument, NULL, OPT_ICINGA_URL},
	{"icinga-user", required_argument, NULL, OPT_ICINGA_USER},
	{"icinga-password-file", required_argument, NULL,
	 OPT_ICINGA_PASSWORD_FILE},
	{"icinga-ca-file", required_argument, NULL, OPT_ICINGA_CA_FILE},
	{"verbose", no_argument, NULL, 'v'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

struct name_value {
	const char *name;
	int value;
};

static const struct name_value versions[] = {
	{"1", WBS_V1}, {"2c", WBS_V2C}, {"3", WBS_V3}, {NULL, 0}};
static const struct name_value levels[] = {{"noAuthNoPriv", WBS_NOAUTH_NOPRIV},
					   {"authNoPriv", WBS_AUTH_NOPRIV},
					   {"authPriv", WBS_AUTH_PRIV},
					   {NULL, 0}};
static const struct name_value auths[] = {
	{"MD5", WBS_AUTH_MD5},	     {"SHA", WBS_AUTH_SHA1},
	{"SHA1", WBS_AUTH_SHA1},     {"SHA-224", WBS_AUTH_SHA224},
	{"SHA224", WBS_AUTH_SHA224}, {"SHA-256", WBS_AUTH_SHA256},
	{"SHA256", WBS_AUTH_SHA256}, {"SHA-384", WBS_AUTH_SHA384},
	{"SHA384", WBS_AUTH_SHA384}, {"SHA-512", WBS_AUTH_SHA512},
	{"SHA512", WBS_AUTH_SHA512}, {NULL, 0}};
static const struct name_value rest_apis[] = {{"auto", NSC_API_AUTO},
					      {"v1", NSC_API_V1},
					      {"legacy", NSC_API_LEGACY},
					      {NULL, 0}};
static const struct name_value nrpe_tls_modes[] = {
	{"cert", NSC_NRPE_TLS_CERT},
	{"adh", NSC_NRPE_TLS_ADH},
	{"anon-ecdh", NSC_NRPE_TLS_AECDH},
	{"none", NSC_NRPE_TLS_NONE},
	{NULL, 0}};
static const struct name_value records_formats[] = {
	{"jsonl", 0}, {"csv", 1}, {NULL, 0}};
static const struct name_value nrpe_versions[] = {
	{"auto", 0}, {"2", 2}, {"3", 3}, {"4", 4}, {NULL, 0}};
static const struct name_value privs[] = {{"DES", WBS_PRIV_DES},
					  {"AES", WBS_PRIV_AES},
					  {"AES128", WBS_PRIV_AES},
					  {"AES-128", WBS_PRIV_AES},
					  {"AES192", WBS_PRIV_AES192},
					  {"AES-192", WBS_PRIV_AES192},
					  {"AES256", WBS_PRIV_AES256},
					  {"AES-256", WBS_PRIV_AES256},
					  {NULL, 0}};

/* The tables of -L, -a and -x, which inventory lines take too. */
static const struct name_value *snmp_table(int opt)
{
	return opt == 'L'   ? levels
	       : opt == 'a' ? auths
	       : opt == 'x' ? privs
			    : NULL;
}

const char *wb_snmp_choices(int opt)
{
	return opt == 'L'   ? "noAuthNoPriv, authNoPriv, authPriv"
	       : opt == 'a' ? "MD5, SHA, SHA-224, SHA-256, SHA-384, SHA-512"
	       : opt == 'x' ? "DES, AES, AES-192, AES-256"
			    : "";
}

bool wb_snmp_name(int opt, const char *text, int *out)
{
	const struct name_value *t = snmp_table(opt);

	for (; t != NULL && t->name != NULL; t++)
		if (strcasecmp(text, t->name) == 0) {
			*out = t->value;
			return true;
		}
	return false;
}

__attribute__((format(printf, 2, 3))) static bool fail(struct wb_args *a,
						       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->error, sizeof(a->error), fmt, ap);
	va_end(ap);
	a->ok = false;
	return false;
}

static bool lookup(struct wb_args *a, const char *opt, const char *text,
		   const struct name_value *table, const char *choices,
		   int *out)
{
	for (; table->name; table++) {
		if (strcasecmp(text, table->name) == 0) {
			*out = table->value;
			return true;
		}
	}
	return fail(a, "%s: '%s' is not one of %s", opt, text, choices);
}

/* Copies a secret and wipes it from the argv being parsed. */
static bool take_secret(struct wb_args *a, const char *opt, char *arg,
			char *dst)
{
	size_t len = strlen(arg);

	if (len == 0)
		return fail(a, "%s is empty", opt);
	if (len >= WB_SECRET_MAX)
		return fail(a, "%s is longer than %d characters", opt,
			    WB_SECRET_MAX - 1);
	memcpy(dst, arg, len + 1);
	/* marks it for wb_argv_hide (proctitle.h) as it wipes it */
	memset(arg, '\0', len);
	return true;
}

/* The first line of a file, without its line end, as a secret. */
static bool read_secret_file(struct wb_args *a, const char *opt,
			     const char *path, char *dst)
{
	FILE *f = fopen(path, "r");
	struct stat st;
	size_t len;

	if (f == NULL)
		return fail(a, "%s %s: cannot open: %s", opt, path,
			    strerror(errno));
	if (fstat(fileno(f), &st) == 0 && (st.st_mode & S_IROTH))
		snprintf(a->config.advice, sizeof(a->config.advice),
			 "%s %s is readable by every user (mode %04o): "
			 "chmod o-r it",
			 opt, path, (unsigned)(st.st_mode & 07777));
	if (fgets(dst, WB_SECRET_MAX, f) == NULL) {
		dst[0] = '\0';
	}
	fclose(f);
	len = strcspn(dst, "\r\n");
	if (dst[len] == '\0' && len == WB_SECRET_MAX - 1)
		return fail(a,
			    "%s %s: the first line is longer than %d "
			    "characters",
			    opt, path, WB_SECRET_MAX - 2);
	dst[len] = '\0';
	if (len == 0)
		return fail(a, "%s %s: the first line is empty", opt, path);
	return true;
}

/*
 * An empty variable counts as unset: Icinga 2 exports every key of a
 * command's env, empty when its custom variable is not set.
 */
static bool secret_from_env(struct wb_args *a, const char *var, char *dst)
{
	const char *value = getenv(var);

	if (value == NULL || value[0] == '\0' || dst[0] != '\0')
		return true;
	if (strlen(value) >= WB_SECRET_MAX)
		return fail(a,
			    "the environment variable %s is longer than %d "
			    "characters",
			    var, WB_SECRET_MAX - 1);
	strcpy(dst, value);
	return true;
}

static bool parse_timeout(struct wb_args *a, char *text)
{
	char *colon = strchr(text, ':');
	const char *state = NULL;

	if (colon != NULL) {
		*colon = '\0';
		state = colon + 1;
	}
	if (!wb_parse_long(text, 1, 3600, &a->config.timeout_s))
		return fail(a,
			    "-t: '%s' is not a number of seconds from 1 "
			    "to 3600 (-t SECONDS[:STATE])",
			    text);
	if (state != NULL && !wb_state_parse(state, &a->config.timeout_state))
		return fail(a,
			    "-t: '%s' is not a state (ok, warning, "
			    "critical, unknown)",
			    state);
	return true;
}

/* snmp, rest, nrpe, nt, or a comma list of them. */
static bool parse_sources(struct wb_args *a, const char *text)
{
	const char *p = text;

	while (true) {
		size_t n = strcspn(p, ",");
		if (n == 4 && strncmp(p, "snmp", 4) == 0)
			a->config.sources |= WB_SOURCE_SNMP;
		else if (n == 4 && strncmp(p, "rest", 4) == 0)
			a->config.sources |= WB_SOURCE_REST;
		else if (n == 4 && strncmp(p, "nrpe", 4) == 0)
			a->config.sources |= WB_SOURCE_NRPE;
		else if (n == 2 && strncmp(p, "nt", 2) == 0)
			a->config.sources |= WB_SOURCE_NT;
		else
			return fail(a,
				    "--source: '%.*s' is not one of snmp, "
				    "rest, nrpe, nt",
				    (int)n, p);
		if (p[n] == '\0')
			return true;
		p += n + 1;
	}
}

/* The host of --icinga-url: a name, an IPv4 address or a bracketed IPv6
 * one; its length, 0 if there is none. */
static size_t url_host(const char *p)
{
	size_t n;

	if (*p == '[') {
		n = 1 + strspn(p + 1, "0123456789abcdefABCDEF:.");
		return p[n] == ']' && n > 1 ? n + 1 : 0;
	}
	return strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789.-_");
}

/* https://HOST[:PORT][/PATH]: the API's address, never plain HTTP, the
 * credentials never in it (they would show in the process list). */
static bool parse_icinga_url(struct wb_args *a, const char *text)
{
	struct wb_config *c = &a->config;
	const char *p = text;
	size_t n, path;
	char port[8];

	if (strncasecmp(p, "https://", 8) != 0)
		return fail(a,
			    "--icinga-url: '%.200s' is not https://HOST[:PORT]"
			    "[/PATH] (Icinga 2's API speaks HTTPS only)",
			    text);
	p += 8;
	n = url_host(p);
	if (p[n] == '@' || strchr(p, '@') != NULL)
		return fail(a, "--icinga-url: give the user with --icinga-user "
			       "and the password in a file or "
			       "WINBUILD_ICINGA_PASSWORD, not in the URL");
	if (n == 0 || n >= sizeof(c->icinga_host))
		return fail(a,
			    "--icinga-url: '%.200s' has no host name or "
			    "address after https://",
			    text);
	memcpy(c->icinga_host, p, n);
	c->icinga_host[n] = '\0';
	p += n;
	c->icinga_port = 5665;
	if (*p == ':') {
		n = strcspn(p + 1, "/");
		if (n > 0 && n < sizeof(port)) {
			memcpy(port, p + 1, n);
			port[n] = '\0';
		}
		if (n == 0 || n >= sizeof(port) ||
		    !wb_parse_long(port, 1, 65535, &c->icinga_port))
			return fail(a,
				    "--icinga-url: '%.200s' has no port from 1 "
				    "to 65535 after the host",
				    text);
		p += 1 + n;
	}
	path = strlen(p);
	while (path > 0 && p[path - 1] == '/')
		path--;
	if ((*p != '\0' && *p != '/') || path >= sizeof(c->icinga_prefix) ||
	    strcspn(p, "?# \t\r\n\\") < strlen(p))
		return fail(a,
			    "--icinga-url: '%.200s' is not https://HOST[:PORT]"
			    "[/PATH], a path without query or blanks",
			    text);
	memcpy(c->icinga_prefix, p, path);
	c->icinga_prefix[path] = '\0';
	c->icinga_url = text;
	return true;
}

/* curl's form: sha256//BASE64 of the SHA-256, ';'-separated. */
static bool parse_pin(struct wb_args *a, const char *text)
{
	const char *p = text;

	while (true) {
		size_t n = strcspn(p, ";");
		size_t b64 = n > 8 ? strspn(p + 8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
						   "abcdefghijklmnopqrstuvwxyz"
						   "0123456789+/")
				   : 0;
		if (n != 52 || strncmp(p, "sha256//", 8) != 0 || b64 != 43 ||
		    p[51] != '=')
			return fail(a,
				    "--pin: '%.60s' is not sha256//BASE64 "
				    "(44 characters of base64, as "
				    "tests/emulator/make-certs.sh and "
				    "README.md show how to get)",
				    text);
		if (p[n] == '\0')
			break;
		p += n + 1;
	}
	a->config.pin = text;
	return true;
}

static bool is_token(const char *s)
{
	return strlen(s) < 24 && pol_is_name(s, strlen(s));
}

/* A policy rule given on the command line: it overrides the file's. */
static bool rule(struct wb_args *a, const char *opt, const char *key,
		 const char *value)
{
	char err[256];

	if (pol_policy_set(&a->config.policy, key, value, strlen(value),
			   (struct pol_where){"the command line", 0}, false,
			   err, sizeof(err)))
		return true;
	return fail(a, "%s: %s", opt, err);
}

/* -w and -c: days of support left, or in fleet mode the percentage of
 * hosts out of support; known once every option is read. */
static bool thresholds(struct wb_args *a)
{
	struct wb_config *c = &a->config;
	char err[WB_ERROR_MAX];

	if (c->hosts_file == NULL)
		return (c->warn_arg == NULL ||
			rule(a, "-w", "warning", c->warn_arg)) &&
		       (c->crit_arg == NULL ||
			rule(a, "-c", "critical", c->crit_arg));
	if (c->warn_arg != NULL &&
	    !wb_range_parse(c->warn_arg, &c->fleet_warn, err, sizeof(err)))
		return fail(a, "-w: %s", err);
	if (c->crit_arg != NULL &&
	    !wb_range_parse(c->crit_arg, &c->fleet_crit, err, sizeof(err)))
		return fail(a, "-c: %s", err);
	return true;
}

static bool parse_option(struct wb_args *a, int opt, char *arg,
			 const char **files)
{
	struct wb_config *c = &a->config;
	int v = 0;

	switch (opt) {
	case 'H':
		c->host = arg;
		return true;
	case 'p':
		if (!wb_parse_long(arg, 1, 65535, &c->port))
			return fail(a, "-p: '%s' is not a port from 1 to 65535",
				    arg);
		return true;
	case 'P':
		if (!lookup(a, "-P", arg, versions, "1, 2c, 3", &v))
			return false;
		c->version = (enum wbs_version)v;
		return true;
	case 'C':
		return take_secret(a, "-C", arg, c->community);
	case OPT_COMMUNITY_FILE:
		files[0] = arg;
		return true;
	case 'U':
		c->user = arg;
		return true;
	case 'L':
		if (!lookup(a, "-L", arg, levels, wb_snmp_choices('L'), &v))
			return false;
		c->level = (enum wbs_level)v;
		c->level_set = true;
		return true;
	case 'a':
		if (!lookup(a, "-a", arg, auths, wb_snmp_choices('a'), &v))
			return false;
		c->auth = (enum wbs_auth)v;
		return true;
	case 'A':
		return take_secret(a, "-A", arg, c->auth_pass);
	case OPT_AUTH_FILE:
		files[1] = arg;
		return true;
	case 'x':
		if (!lookup(a, "-x", arg, privs, wb_snmp_choices('x'), &v))
			return false;
		c->priv = (enum wbs_priv)v;
		return true;
	case 'X':
		return take_secret(a, "-X", arg, c->priv_pass);
	case OPT_PRIV_FILE:
		files[2] = arg;
		return true;
	case 'N':
		c->context = arg;
		return true;
	case 't':
		return parse_timeout(a, arg);
	case 'w':
		c->warn_arg = arg;
		return true;
	case 'c':
		c->crit_arg = arg;
		return true;
	case OPT_SUPPORT:
		return rule(a, "--support", "support", arg);
	case OPT_REQUIRE_HOTFIX:
		return rule(a, "--require-hotfix", "require-hotfix", arg);
	case OPT_MIN_AGENT:
		return rule(a, "--min-agent", "min-agent", arg);
	case OPT_MISSING_FACT:
		return rule(a, "--missing-fact", "missing-fact", arg);
	case OPT_AGE_WARN:
		return rule(a, "--patch-age-warning", "patch-age-warning", arg);
	case OPT_AGE_CRIT:
		return rule(a, "--patch-age-critical", "patch-age-critical",
			    arg);
	case OPT_BEHIND_WARN:
		return rule(a, "--updates-behind-warning",
			    "updates-behind-warning", arg);
	case OPT_BEHIND_CRIT:
		return rule(a, "--updates-behind-critical",
			    "updates-behind-critical", arg);
	case OPT_BASELINE:
		return rule(a, "--baseline", "baseline", arg);
	case OPT_GRACE:
		return rule(a, "--baseline-grace", "baseline-grace", arg);
	case OPT_DENY:
		return rule(a, "--deny", "deny", arg);
	case OPT_ALLOW:
		return rule(a, "--allow", "allow", arg);
	case OPT_POLICY:
		c->policy_file = arg;
		return true;
	case OPT_POLICY_SECTION:
		if (strlen(arg) >= POL_ID_MAX || !pol_is_name(arg, strlen(arg)))
			return fail(a,
				    "--policy-section: '%s' is not a section "
				    "name (lower-case letters, digits and -, "
				    "as in [policy:NAME])",
				    arg);
		c->policy.section = arg;
		return true;
	case OPT_EXPLAIN:
		c->explain = true;
		return true;
	case OPT_EDITION:
		if (!is_token(arg))
			return fail(a,
				    "--edition: '%s' is not an edition name "
				    "(lower-case letters, digits and -, "
				    "as --list-catalog shows)",
				    arg);
		c->policy.edition = arg;
		return true;
	case OPT_MIN_BUILD:
		return rule(a, "--min-build", "min-build", arg);
	case OPT_DATE:
		if (!pol_date_parse(arg, strlen(arg), &c->date))
			return fail(a,
				    "--date: '%s' is not a date (YYYY-MM-DD)",
				    arg);
		c->date_set = true;
		return true;
	case OPT_CATALOG:
		c->catalog = arg;
		return true;
	case OPT_UPDATES:
		c->updates = arg;
		return true;
	case OPT_LIST_CATALOG:
		c->action = WB_ACTION_LIST_CATALOG;
		return true;
	case OPT_OUTPUT_FORMAT:
		if (strcmp(arg, "text") == 0)
			c->format = WB_FORMAT_TEXT;
		else if (strcmp(arg, "json") == 0)
			c->format = WB_FORMAT_JSON;
		else
			return fail(a,
				    "--output-format: '%s' is not text or "
				    "json",
				    arg);
		return true;
	case OPT_SOURCE:
		return parse_sources(a, arg);
	case OPT_REST_PORT:
		if (!wb_parse_long(arg, 1, 65535, &c->rest_port))
			return fail(a,
				    "--rest-port: '%s' is not a port from 1 "
				    "to 65535",
				    arg);
		return true;
	case OPT_NT_PORT:
		if (!wb_parse_long(arg, 1, 65535, &c->nt_port))
			return fail(a,
				    "--nt-port: '%s' is not a port from 1 "
				    "to 65535",
				    arg);
		return true;
	case OPT_PASSWORD:
		return take_secret(a, "--password", arg, c->rest_pass);
	case OPT_PASSWORD_FILE:
		files[3] = arg;
		return true;
	case OPT_USER:
		c->rest_user = arg;
		return true;
	case OPT_CA_FILE:
		c->ca_file = arg;
		return true;
	case OPT_PIN:
		return parse_pin(a, arg);
	case OPT_INSECURE:
		c->insecure = true;
		return true;
	case OPT_REST_API:
		if (!lookup(a, "--rest-api", arg, rest_apis, "auto, v1, legacy",
			    &v))
			return false;
		c->rest_api = (enum nsc_api)v;
		return true;
	case OPT_NRPE_PORT:
		if (!wb_parse_long(arg, 1, 65535, &c->nrpe_port))
			return fail(a,
				    "--nrpe-port: '%s' is not a port from 1 "
				    "to 65535",
				    arg);
		return true;
	case OPT_NRPE_TLS:
		if (!lookup(a, "--nrpe-tls", arg, nrpe_tls_modes,
			    "cert, adh, anon-ecdh, none", &v))
			return false;
		c->nrpe_tls = (enum nsc_nrpe_tls)v;
		return true;
	case OPT_NRPE_PAYLOAD:
		if (!wb_parse_long(arg, 16, 65536, &c->nrpe_payload))
			return fail(a,
				    "--nrpe-payload: '%s' is not a length "
				    "from 16 to 65536 (the agent's payload "
				    "length, 1024 unless changed)",
				    arg);
		return true;
	case OPT_NRPE_VERSION:
		if (!lookup(a, "--nrpe-version", arg, nrpe_versions,
			    "auto, 2, 3, 4", &v))
			return false;
		c->nrpe_version = (int)v;
		return true;
	case OPT_NRPE_CERT:
		c->nrpe_cert = arg;
		return true;
	case OPT_NRPE_KEY:
		c->nrpe_key = arg;
		return true;
	case OPT_HOSTS:
		c->hosts_file = arg;
		return true;
	case OPT_PARALLEL:
		if (!wb_parse_long(arg, 1, WBS_FLEET_PARALLEL_MAX,
				   &c->parallel))
			return fail(a,
				    "--parallel: '%s' is not a number from 1 "
				    "to %d",
				    arg, WBS_FLEET_PARALLEL_MAX);
		return true;
	case OPT_RECORDS:
		c->records = arg;
		return true;
	case OPT_REPORT:
		c->report = arg;
		return true;
	case OPT_SUBMIT:
		if (strcmp(arg, "icinga2") == 0)
			c->submit_icinga = true;
		else if (strcmp(arg, "command-file") != 0)
			return fail(a,
				    "--submit: '%s' is not command-file or "
				    "icinga2",
				    arg);
		else
			c->submit_icinga = false;
		c->submit = true;
		return true;
	case OPT_ICINGA_URL:
		return parse_icinga_url(a, arg);
	case OPT_ICINGA_USER:
		if (arg[0] == '\0' || strchr(arg, ':') != NULL)
			return fail(a,
				    "--icinga-user: '%s' is not an ApiUser's "
				    "name (not empty, no ':')",
				    arg);
		c->icinga_user = arg;
		return true;
	case OPT_ICINGA_PASSWORD_FILE:
		files[4] = arg;
		return true;
	case OPT_ICINGA_CA_FILE:
		c->icinga_ca = arg;
		return true;
	case OPT_DEADLINE:
		if (!wb_parse_long(arg, 1, 86400, &c->deadline_s))
			return fail(a,
				    "--deadline: '%s' is not a number of "
				    "seconds from 1 to 86400",
				    arg);
		return true;
	case OPT_COMMAND_FILE:
		c->command_file = arg;
		return true;
	case OPT_SUBMIT_SERVICE:
		if (arg[0] == '\0' || strpbrk(arg, ";\n\r") != NULL)
			return fail(a,
				    "--submit-service: '%s' is not a service "
				    "name (no ';' and not empty)",
				    arg);
		c->submit_service = arg;
		return true;
	case OPT_RECORDS_FORMAT:
		if (!lookup(a, "--records-format", arg, records_formats,
			    "csv, jsonl", &v))
			return false;
		c->records_csv = v == 1;
		c->records_format_set = true;
		return true;
	case OPT_EXTRA_OPTS: /* read before the options: extra.c */
		return true;
	case OPT_SOFTWARE:
		c->software = true;
		return true;
	case 'v':
		if (c->verbose < 3)
			c->verbose++;
		return true;
	case 'h':
		c->action = WB_ACTION_HELP;
		return true;
	case 'V':
		c->action = WB_ACTION_VERSION;
		return true;
	}
	return false;
}

/* --nrpe-cert and --nrpe-key: a key with its certificate, over TLS that
 * carries one. */
static bool nrpe_cert_config(struct wb_args *a)
{
	const struct wb_config *c = &a->config;

	if (c->nrpe_key != NULL && c->nrpe_cert == NULL)
		return fail(a, "--nrpe-key needs --nrpe-cert, the client "
			       "certificate it belongs to");
	if (c->nrpe_cert != NULL && c->nrpe_tls != NSC_NRPE_TLS_CERT)
		return fail(a, "--nrpe-cert needs --nrpe-tls cert: anonymous "
			       "and plain connections carry no certificate");
	return true;
}

/* Fleet mode: SNMP v1/v2c, REST or NRPE hosts; the records' format from
 * the name. */
static bool fleet_config(struct wb_args *a)
{
	struct wb_config *c = &a->config;
	size_t n;

	if (c->sources != 0 && c->sources != WB_SOURCE_SNMP &&
	    c->sources != WB_SOURCE_REST && c->sources != WB_SOURCE_NRPE)
		return fail(a,
			    "--hosts: fleet mode asks each host over SNMP or "
			    "NSClient++'s REST API or NRPE (--source snmp, "
			    "rest or nrpe, and source= in the inventory)");
	/* SNMPv3's user and passphrases may come from each inventory line:
	 * the fleet checks them host by host */
	if (c->sources == 0)
		c->sources = WB_SOURCE_SNMP;
	if (!nrpe_cert_config(a))
		return false;
	if (c->records != NULL && !c->records_format_set) {
		n = strlen(c->records);
		c->records_csv =
			n > 4 && strcmp(c->records + n - 4, ".csv") == 0;
	}
	return true;
}

/* --submit icinga2 and its options, or --submit command-file and its. */
static bool submit_config(struct wb_args *a, bool password_file)
{
	struct wb_config *c = &a->config;

	if (!c->submit_icinga) {
		/* the environment variable alone may be set by a
		 * CheckCommand for every run: only the options count */
		if (c->icinga_url != NULL || c->icinga_user != NULL ||
		    c->icinga_ca != NULL || password_file)
			return fail(a, "--icinga-url, --icinga-user, "
				       "--icinga-password-file and "
				       "--icinga-ca-file go with --submit "
				       "icinga2");
		return true;
	}
	if (c->command_file != NULL)
		return fail(a, "--command-file goes with --submit "
			       "command-file, not --submit icinga2");
	if (strchr(c->submit_service, '!') != NULL)
		return fail(a,
			    "--submit-service: '%s' is not a service name of "
			    "Icinga 2 (no '!': it joins host and service)",
			    c->submit_service);
	if (c->icinga_user == NULL)
		return fail(a, "--submit icinga2 needs --icinga-user NAME, an "
			       "ApiUser with the permission "
			       "actions/process-check-result");
	if (c->icinga_pass[0] == '\0')
		return fail(a, "--submit icinga2 needs the ApiUser's password: "
			       "--icinga-password-file FILE or "
			       "WINBUILD_ICINGA_PASSWORD");
	if (c->icinga_url == NULL) {
		snprintf(c->icinga_host, sizeof(c->icinga_host), "localhost");
		c->icinga_port = 5665;
		c->icinga_url = "https://localhost:5665";
	}
	return true;
}

/* Secrets from files and the environment, then the v3 consistency rules. */
static bool finish(struct wb_args *a, const char **files)
{
	struct wb_config *c = &a->config;
	const char *colon;

	if ((files[0] && !c->community[0] &&
	     !read_secret_file(a, "--community-file", files[0],
			       c->community)) ||
	    (files[1] && !c->auth_pass[0] &&
	     !read_secret_file(a, "--auth-passphrase-file", files[1],
			       c->auth_pass)) ||
	    (files[2] && !c->priv_pass[0] &&
	     !read_secret_file(a, "--priv-passphrase-file", files[2],
			       c->priv_pass)) ||
	    (files[3] && !c->rest_pass[0] &&
	     !read_secret_file(a, "--password-file", files[3], c->rest_pass)) ||
	    (files[4] && !read_secret_file(a, "--icinga-password-file",
					   files[4], c->icinga_pass)) ||
	    !secret_from_env(a, "WINBUILD_COMMUNITY", c->community) ||
	    !secret_from_env(a, "WINBUILD_AUTH_PASSPHRASE", c->auth_pass) ||
	    !secret_from_env(a, "WINBUILD_PRIV_PASSPHRASE", c->priv_pass) ||
	    !secret_from_env(a, "WINBUILD_NSCLIENT_PASSWORD", c->rest_pass) ||
	    !secret_from_env(a, "WINBUILD_ICINGA_PASSWORD", c->icinga_pass))
		return false;
	if (!c->community[0])
		strcpy(c->community, "public");
	if (c->action != WB_ACTION_CHECK)
		return true;
	if (c->hosts_file != NULL && c->host != NULL)
		return fail(a, "-H and --hosts: give one host with -H or an "
			       "inventory with --hosts, not both");
	if (c->hosts_file == NULL && (c->records != NULL || c->report != NULL ||
				      c->submit || c->deadline_s != 0))
		return fail(a,
			    "--records, --report, --submit and --deadline go "
			    "with --hosts FILE");
	if (!submit_config(a, files[4] != NULL))
		return false;
	if (c->submit && !c->submit_icinga && c->command_file == NULL)
		return fail(a,
			    "--submit command-file needs --command-file PATH "
			    "(Nagios 4 on Debian: /var/lib/nagios4/rw/"
			    "nagios.cmd; Icinga 2: /run/icinga2/cmd/"
			    "icinga2.cmd)");
	if (c->hosts_file != NULL)
		return fleet_config(a);
	if (c->host == NULL)
		return fail(a, "no host: give -H HOST");
	colon = strchr(c->host, ':');
	/* one colon: HOST:PORT, which is neither IPv6 nor a transport */
	if (colon != NULL && strchr(colon + 1, ':') == NULL &&
	    !wbs_is_transport(c->host))
		return fail(a,
			    "-H %s: give the port with -p (or --rest-port for "
			    "NSClient++): -H %.*s -p %s",
			    c->host, (int)(colon - c->host), c->host,
			    colon[1] ? colon + 1 : "PORT");
	if (c->sources == 0)
		c->sources = WB_SOURCE_SNMP;
	if (c->software && !(c->sources & WB_SOURCE_SNMP))
		return fail(a, "--software walks SNMP's hrSWInstalledTable: "
			       "give --source snmp,rest (or leave --source "
			       "out)");
	if ((c->sources & WB_SOURCE_REST) && wbs_is_transport(c->host))
		return fail(a, "--source rest needs -H as a host name or "
			       "address, not a net-snmp transport");
	if ((c->sources & WB_SOURCE_REST) && (c->sources & WB_SOURCE_NRPE))
		return fail(a, "--source rest,nrpe: ask NSClient++ over one "
			       "of them (snmp may come along)");
	if ((c->sources & WB_SOURCE_NRPE) && wbs_is_transport(c->host))
		return fail(a, "--source nrpe needs -H as a host name or "
			       "address, not a net-snmp transport");
	if (!nrpe_cert_config(a))
		return false;
	if ((c->sources & WB_SOURCE_NT) && wbs_is_transport(c->host))
		return fail(a, "--source nt needs -H as a host name or "
			       "address, not a net-snmp transport");
	if (c->rest_user != NULL && !c->rest_pass[0])
		return fail(a, "--user needs a password: --password, "
			       "--password-file or WINBUILD_NSCLIENT_PASSWORD");
	if (c->version != WBS_V3 || !(c->sources & WB_SOURCE_SNMP))
		return true;
	if (c->user == NULL)
		return fail(a, "-P 3 needs a user: give -U USER");
	if (!c->level_set)
		c->level = c->priv_pass[0]   ? WBS_AUTH_PRIV
			   : c->auth_pass[0] ? WBS_AUTH_NOPRIV
					     : WBS_NOAUTH_NOPRIV;
	if (c->level != WBS_NOAUTH_NOPRIV && strlen(c->auth_pass) < 8)
		return fail(a,
			    "-L %s needs an authentication passphrase of at "
			    "least 8 characters (-A, --auth-passphrase-file "
			    "or WINBUILD_AUTH_PASSPHRASE)",
			    c->level == WBS_AUTH_PRIV ? "authPriv"
						      : "authNoPriv");
	if (c->level == WBS_AUTH_PRIV && strlen(c->priv_pass) < 8)
		return fail(a, "-L authPriv needs a privacy passphrase of at "
			       "least 8 characters (-X, --priv-passphrase-file "
			       "or WINBUILD_PRIV_PASSPHRASE)");
	return true;
}

/*
 * After a usage error: the output format asked for anywhere on the line,
 * so that even the error comes as JSON when JSON was asked for.
 */
static enum wb_format format_asked(int argc, char **argv)
{
	enum wb_format format = WB_FORMAT_TEXT;

	for (int i = 1; i < argc && argv[i] != NULL; i++) {
		const char *v = NULL;
		if (strcmp(argv[i], "--output-format") == 0 && i + 1 < argc)
			v = argv[i + 1];
		else if (strncmp(argv[i], "--output-format=", 16) == 0)
			v = argv[i] + 16;
		if (v != NULL)
			format = strcmp(v, "json") == 0 ? WB_FORMAT_JSON
							: WB_FORMAT_TEXT;
	}
	return format;
}

/* The options, then the secrets and the consistency rules. */
static bool parse(struct wb_args *a, int argc, char **argv)
{
	const char *files[5] = {NULL, NULL, NULL, NULL, NULL};
	int opt;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, short_options, long_options,
				  NULL)) != -1) {
		if (opt == '?' || opt == ':') {
			bool is_short = optopt > 0 && optopt < 128;
			if (is_short && strchr(short_options, optopt))
				fail(a, "-%c needs a value", optopt);
			else if (is_short)
				fail(a, "unknown option -%c", optopt);
			else
				fail(a, "unknown option or missing value: %s",
				     argv[optind - 1]);
			strncat(a->error, "; see --help",
				sizeof(a->error) - strlen(a->error) - 1);
			return false;
		}
		if (!parse_option(a, opt, optarg, files))
			return false;
	}
	if (optind < argc)
		return fail(a,
			    "unexpected argument '%s'; options only, see "
			    "--help",
			    argv[optind]);
	return thresholds(a) && finish(a, files);
}

struct wb_args wb_args_parse(int argc, char **argv)
{
	struct wb_args a = {
		.ok = true,
		.config =
			{
				.version = WBS_V2C,
				.level = WBS_NOAUTH_NOPRIV,
				.auth = WBS_AUTH_SHA1,
				.priv = WBS_PRIV_AES,
				.timeout_s = 10,
				.timeout_state = WB_UNKNOWN,
				.catalog = WB_CATALOG_PATH,
				.updates = WB_UPDATES_PATH,
				.rest_port = 8443,
				.nrpe_port = 5666,
				.nrpe_payload = 1024,
				.parallel = 200,
				.submit_service = "winbuild",
				.nt_port = 12489,
			},
	};
	if (!wb_extra_opts(argc, argv, long_options, &a.extra, a.error,
			   sizeof(a.error))) {
		a.ok = false;
		a.config.format = format_asked(argc, argv);
		return a;
	}
	if (!parse(&a, a.extra.argc, a.extra.argv))
		a.config.format = format_asked(a.extra.argc, a.extra.argv);
	if (a.extra.advice[0] != '\0' && a.config.advice[0] == '\0')
		snprintf(a.config.advice, sizeof(a.config.advice), "%s",
			 a.extra.advice);
	return a;
}

void wb_args_free(struct wb_args *a)
{
	wb_extra_free(&a->extra);
}
