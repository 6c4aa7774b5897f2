/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "fleet.h"

#include "fleet_api.h"
#include "html.h"
#include "inventory.h"
#include "module.h"
#include "output.h"
#include "lib/file.h"
#include "lib/sanitize.h"
#include "lib/spool.h"
#include "policy/date.h"
#include "policy/evaluate.h"
#include "policy/facts.h"
#include "policy/report.h"
#include "policy/updates.h"
#include "nsclient/facts.h"
#include "snmp/facts.h"
#include "snmp/fleet.h"
#include "snmp/sysdescr.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* What standard input's inventory may fill of the temporary file */
#define INVENTORY_MAX (64L * 1024 * 1024)
/* Secret files kept read: enough for an estate's few shared ones */
#define SECRETS_KEPT 64
#define PRODUCTS_MAX 128
#define SOONEST	     5
#define RECORD_MAX   (64 * 1024)
/* A command line stays below PIPE_BUF, so that the daemon reads it whole */
#define COMMAND_MAX  4000
#define PIPE_WAIT_MS 10000

/* A secret file's first line, kept so that the hosts naming it read it
 * once. */
struct secret {
	char *path; /* NULL: the place is free */
	char value[WB_SECRET_MAX];
};

/* One slot's host: its inventory line and the texts its target points
 * to. */
struct pending {
	const struct wb_host *host; /* &entry while the slot is busy */
	struct wb_host entry;
	char line[WB_INVENTORY_BUF];
	char peer[300];
	const char *community, *auth_pass, *priv_pass;
	const char *password; /* a REST host's, or NULL */
	/* the secrets read from files, the slot's own copies */
	char community_buf[WB_SECRET_MAX], auth_buf[WB_SECRET_MAX];
	char priv_buf[WB_SECRET_MAX], password_buf[WB_SECRET_MAX];
};

/* A runner's pass over the inventory: the hosts of its kind in turn. */
struct cursor {
	FILE *in;
	struct wb_inventory_reader reader;
	int taken; /* the line of the last host taken, 0 before the first */
	bool ended;
};

struct product_count {
	const char *name;
	size_t count;
};

struct soon {
	char name[64];
	const char *product;
	long end, days_left;
};

struct fleet {
	const struct wb_config *c;
	const struct pol_catalog *catalog;
	const struct pol_file *policy;
	struct pol_updates *updates;
	long today;
	/* the inventory, read a line at a time: the check of every line
	 * before any host is asked (then the unasked hosts' pass), the SNMP
	 * runner's and the NSClient++ runner's passes, each its own */
	struct cursor check, snmp, nsc;
	char reread_err[WB_MESSAGE_MAX]; /* the file changed since the check */
	size_t count;			 /* hosts in the inventory */
	size_t nnsc;			 /* of them REST and NRPE hosts */
	/* the two runners' next() and done() take turns: host_done's
	 * buffers, the summary's counts, the records are one */
	pthread_mutex_t lock;
	nsc_fleet_fn nsc_run;	      /* the NSClient++ module's, or NULL */
	char nsc_err[WB_MESSAGE_MAX]; /* why its run stopped */
	struct pending *pending; /* one per slot, found by the query's ctx */
	size_t npending;
	struct secret secrets[SECRETS_KEPT];
	size_t next_secret; /* the place the next file read takes */
	FILE *records;
	bool csv;
	struct timespec start; /* for --deadline */
	int command_fd;	       /* --submit: the command pipe, or -1 */
	size_t submitted, not_submitted;
	struct wb_fleet_api *api; /* --submit icinga2 */
	struct wb_html_rows rows; /* for --report */
	bool report_failed;	  /* a row not kept: rows.why */
	/* the summary */
	size_t hosts, states[4], out_of_support, behind_baseline, tiers[4];
	struct product_count products[PRODUCTS_MAX];
	size_t nproducts, other_products;
	struct soon soonest[SOONEST];
	size_t nsoonest;
	char err[WB_MESSAGE_MAX];
};

/* The inventory's name in messages, as the parser's errors give it. */
static const char *inventory_name(const struct fleet *f)
{
	return strcmp(f->c->hosts_file, "-") == 0 ? "standard input"
						  : f->c->hosts_file;
}

/* The first line of path (key= named it), from those kept or the file;
 * NULL with f->err set. */
static const char *secret_file(struct fleet *f, const struct wb_host *h,
			       const char *key, const char *path)
{
	struct secret *s;
	FILE *in;
	size_t len;

	for (size_t i = 0; i < SECRETS_KEPT; i++)
		if (f->secrets[i].path != NULL &&
		    strcmp(f->secrets[i].path, path) == 0)
			return f->secrets[i].value;
	/* the oldest read gives its place */
	s = &f->secrets[f->next_secret];
	free(s->path);
	s->path = NULL;
	explicit_bzero(s->value, sizeof(s->value));
	in = fopen(path, "r");
	if (in == NULL) {
		snprintf(f->err, sizeof(f->err),
			 "%s:%d: %s-file=%s: cannot open: %s",
			 inventory_name(f), h->line, key, path,
			 strerror(errno));
		return NULL;
	}
	if (fgets(s->value, sizeof(s->value), in) == NULL)
		s->value[0] = '\0';
	fclose(in);
	len = strcspn(s->value, "\r\n");
	if (s->value[len] == '\0' && len == sizeof(s->value) - 1) {
		snprintf(f->err, sizeof(f->err),
			 "%s:%d: %s-file=%s: the first line is longer than %zu "
			 "characters",
			 inventory_name(f), h->line, key, path,
			 sizeof(s->value) - 2);
		return NULL;
	}
	s->value[len] = '\0';
	if (len == 0) {
		snprintf(f->err, sizeof(f->err),
			 "%s:%d: %s-file=%s: the first line is empty",
			 inventory_name(f), h->line, key, path);
		return NULL;
	}
	s->path = strdup(path);
	if (s->path == NULL) {
		snprintf(f->err, sizeof(f->err), "out of memory");
		return NULL;
	}
	f->next_secret = (f->next_secret + 1) % SECRETS_KEPT;
	return s->value;
}

/* A secret of host h by its reference (key: "community", "auth", "priv"
 * or "password"; a file's copied into buf, WB_SECRET_MAX bytes), or the
 * command line's; NULL with f->err set. */
static const char *secret(struct fleet *f, const struct wb_host *h,
			  const char *key, enum wb_secret_ref ref,
			  const char *where, const char *command_line,
			  char *buf)
{
	const char *v;

	switch (ref) {
	case WB_REF_FILE:
		v = secret_file(f, h, key, where);
		if (v == NULL)
			return NULL;
		snprintf(buf, WB_SECRET_MAX, "%s", v);
		return buf;
	case WB_REF_ENV:
		v = getenv(where);
		if (v == NULL || v[0] == '\0') {
			snprintf(f->err, sizeof(f->err),
				 "%s:%d: %s-env=%s: the variable is not set",
				 inventory_name(f), h->line, key, where);
			return NULL;
		}
		return v;
	case WB_REF_NONE:
		break;
	}
	return command_line;
}

/* The SNMPv3 security level of host h: its own, -L's, or what its
 * passphrases allow, as the single check takes it. */
static enum wbs_level level_of(const struct fleet *f, const struct wb_host *h,
			       const struct wbs_target *t)
{
	if (h->level >= 0)
		return (enum wbs_level)h->level;
	if (f->c->level_set)
		return f->c->level;
	return t->priv_pass[0]	 ? WBS_AUTH_PRIV
	       : t->auth_pass[0] ? WBS_AUTH_NOPRIV
				 : WBS_NOAUTH_NOPRIV;
}

/* The SNMPv3 part of host h's target, checked as the single check checks
 * the command line's; false with f->err set. */
static bool v3_target(struct fleet *f, const struct wb_host *h,
		      struct pending *p, struct wbs_target *t)
{
	const struct wb_config *c = f->c;

	p->auth_pass = secret(f, h, "auth", h->auth_ref, h->auth_pass,
			      c->auth_pass, p->auth_buf);
	p->priv_pass = p->auth_pass == NULL
			       ? NULL
			       : secret(f, h, "priv", h->priv_ref, h->priv_pass,
					c->priv_pass, p->priv_buf);
	if (p->priv_pass == NULL)
		return false;
	t->user = h->secname ? h->secname : c->user;
	t->context = h->context ? h->context : c->context;
	t->auth = h->auth >= 0 ? (enum wbs_auth)h->auth : c->auth;
	t->priv = h->priv >= 0 ? (enum wbs_priv)h->priv : c->priv;
	t->auth_pass = p->auth_pass;
	t->priv_pass = p->priv_pass;
	t->level = level_of(f, h, t);
	if (t->user == NULL) {
		snprintf(f->err, sizeof(f->err),
			 "%s:%d: SNMPv3 needs a user: give secname=USER (or "
			 "-U USER for every host)",
			 inventory_name(f), h->line);
		return false;
	}
	if (t->level != WBS_NOAUTH_NOPRIV && strlen(t->auth_pass) < 8) {
		snprintf(f->err, sizeof(f->err),
			 "%s:%d: security level %s needs an authentication "
			 "passphrase of at least 8 characters (auth-file=, "
			 "auth-env=, or the command line's)",
			 inventory_name(f), h->line,
			 t->level == WBS_AUTH_PRIV ? "authPriv" : "authNoPriv");
		return false;
	}
	if (t->level == WBS_AUTH_PRIV && strlen(t->priv_pass) < 8) {
		snprintf(f->err, sizeof(f->err),
			 "%s:%d: security level authPriv needs a privacy "
			 "passphrase of at least 8 characters (priv-file=, "
			 "priv-env=, or the command line's)",
			 inventory_name(f), h->line);
		return false;
	}
	return true;
}

/*
 * Host h's target into *t, its texts in *p: the references resolved (a
 * file is read once however many hosts name it), the command line's
 * settings where the line gives none. False with f->err set.
 */
static bool target_of(struct fleet *f, const struct wb_host *h,
		      struct pending *p, struct wbs_target *t, long timeout_ms)
{
	const struct wb_config *c = f->c;
	char err[WB_MESSAGE_MAX];

	*t = (struct wbs_target){
		.peer = p->peer,
		.version = h->version >= 0 ? (enum wbs_version)h->version
					   : c->version,
		.timeout_ms = timeout_ms,
	};
	p->community = secret(f, h, "community", h->community_ref, h->community,
			      c->community, p->community_buf);
	if (p->community == NULL)
		return false;
	t->community = p->community;
	/* over TCP an answer's size is checked by the single check's hooks
	 * only, which cannot serve many sessions at once */
	if (strncmp(h->address, "tcp", 3) == 0 &&
	    wbs_is_transport(h->address)) {
		snprintf(f->err, sizeof(f->err),
			 "%s:%d: %.100s: fleet mode asks over UDP only (check "
			 "that host on its own)",
			 inventory_name(f), h->line, h->address);
		return false;
	}
	if (!wbs_peer_name(h->address, h->port ? h->port : c->port, p->peer,
			   sizeof(p->peer), err, sizeof(err))) {
		snprintf(f->err, sizeof(f->err), "%s:%d: %.300s",
			 inventory_name(f), h->line, err);
		return false;
	}
	return t->version != WBS_V3 || v3_target(f, h, p, t);
}

/* The NSClient++ password of REST host h (a file's into p): "" for none;
 * NULL with f->err set. */
static const char *password(struct fleet *f, const struct wb_host *h,
			    struct pending *p)
{
	return secret(f, h, "password", h->password_ref, h->password,
		      f->c->rest_pass, p->password_buf);
}

/* How h is asked: its source=, else the command line's --source. */
static enum wb_host_source host_source(const struct fleet *f,
				       const struct wb_host *h)
{
	if (h->source != WB_HOST_DEFAULT)
		return h->source;
	return f->c->sources & WB_SOURCE_REST	? WB_HOST_REST
	       : f->c->sources & WB_SOURCE_NRPE ? WB_HOST_NRPE
						: WB_HOST_SNMP;
}

/* Whether h is asked by the NSClient++ runner, over REST or NRPE. */
static bool is_nsc(const struct fleet *f, const struct wb_host *h)
{
	return host_source(f, h) != WB_HOST_SNMP;
}

/* "SNMP", "REST" or "NRPE", for messages. */
static const char *source_word(enum wb_host_source source)
{
	return source == WB_HOST_REST	? "REST"
	       : source == WB_HOST_NRPE ? "NRPE"
					: "SNMP";
}

/* A REST or NRPE host's references and address; false with f->err
 * set. */
static bool resolve_nsc(struct fleet *f, const struct wb_host *h,
			struct pending *p)
{
	enum wb_host_source source = host_source(f, h);
	const char *pass;

	if (wbs_is_transport(h->address)) {
		snprintf(f->err, sizeof(f->err),
			 "%s:%d: %.100s: a%s %s host is a host name or "
			 "address, not a net-snmp transport",
			 inventory_name(f), h->line, h->address,
			 source == WB_HOST_NRPE ? "n" : "",
			 source_word(source));
		return false;
	}
	/* NRPE asks with no password: the command line's is REST's */
	if (source == WB_HOST_NRPE)
		return true;
	pass = password(f, h, p);
	if (pass == NULL)
		return false;
	if ((h->user != NULL || f->c->rest_user != NULL) && pass[0] == '\0') {
		snprintf(f->err, sizeof(f->err),
			 "%s:%d: user=%s needs a password: password-file=, "
			 "password-env= or the command line's",
			 inventory_name(f), h->line,
			 h->user ? h->user : f->c->rest_user);
		return false;
	}
	return true;
}

/* Every host's line and references, before any is asked: a typo fails
 * the run. Counts the hosts. */
static bool check_lines(struct fleet *f, struct pending *p)
{
	const struct wb_host *h = &p->entry;
	struct wbs_target t;
	int got;

	while ((got = wb_inventory_next(&f->check.reader, p->line, &p->entry,
					f->err, sizeof(f->err))) == 1) {
		const char *misfit = wb_host_misfit(h, host_source(f, h));

		f->count++;
		if (misfit != NULL) {
			snprintf(f->err, sizeof(f->err),
				 "%s:%d: %s= goes with %s hosts, and this one "
				 "is asked over %s (--source)",
				 inventory_name(f), h->line, misfit,
				 wb_host_key_source(misfit),
				 source_word(host_source(f, h)));
			return false;
		}
		if (h->policy != NULL &&
		    !pol_file_has_policy(f->policy, h->policy)) {
			snprintf(f->err, sizeof(f->err),
				 "%s:%d: policy=%s: %s%s has no [policy:%s] "
				 "section",
				 inventory_name(f), h->line, h->policy,
				 f->policy ? "the policy file "
					   : "no --policy FILE given: ",
				 f->policy ? f->policy->name
					   : "the built-in policy",
				 h->policy);
			return false;
		}
		if (is_nsc(f, h)) {
			if (!resolve_nsc(f, h, p))
				return false;
			f->nnsc++;
			continue;
		}
		if (!target_of(f, h, p, &t, 0))
			return false;
	}
	return got == 0;
}

static bool resolve_all(struct fleet *f)
{
	static struct pending p;
	bool ok = check_lines(f, &p);

	explicit_bzero(&p, sizeof(p));
	return ok;
}

/* Milliseconds the run has left before --deadline; -t's without one. */
static long run_left_ms(const struct fleet *f)
{
	struct timespec now;
	long left;

	if (f->c->deadline_s == 0)
		return f->c->timeout_s * 1000;
	clock_gettime(CLOCK_MONOTONIC, &now);
	left = f->c->deadline_s * 1000 -
	       (long)((now.tv_sec - f->start.tv_sec) * 1000 +
		      (now.tv_nsec - f->start.tv_nsec) / 1000000);
	return left < f->c->timeout_s * 1000 ? left : f->c->timeout_s * 1000;
}

/*
 * The next host of the kind (NSClient++ or SNMP) in the cursor's pass, in a
 * free pending slot; NULL when none is left or too little time is (the rest are
 * then not asked). Under the lock.
 */
static struct pending *take_host(struct fleet *f, struct cursor *cur, bool nsc,
				 long left)
{
	struct pending *p = NULL;
	char err[WB_MESSAGE_MAX];
	int got;

	if (cur->ended || left < 100)
		return NULL;
	for (size_t i = 0; i < f->npending; i++)
		if (f->pending[i].host == NULL) {
			p = &f->pending[i];
			break;
		}
	if (p == NULL)
		return NULL; /* cannot happen: one per slot */
	do
		got = wb_inventory_next(&cur->reader, p->line, &p->entry, err,
					sizeof(err));
	while (got == 1 && is_nsc(f, &p->entry) != nsc);
	if (got != 1) {
		/* the check read it whole: an error now is a file changed
		 * since */
		cur->ended = true;
		if (got < 0)
			snprintf(f->reread_err, sizeof(f->reread_err),
				 "the inventory changed during the run: %.300s",
				 err);
		return NULL;
	}
	cur->taken = p->entry.line;
	p->host = &p->entry;
	return p;
}

static void host_failed(struct fleet *f, struct pending *p, const char *why);

static bool next_host(void *ctx, struct wbs_fleet_query *q)
{
	struct fleet *f = ctx;
	char why[WB_MESSAGE_MAX];

	for (;;) {
		long left = run_left_ms(f);
		struct pending *p;
		bool ok;

		pthread_mutex_lock(&f->lock);
		p = take_host(f, &f->snmp, false, left);
		if (p == NULL) {
			pthread_mutex_unlock(&f->lock);
			return false;
		}
		/* resolve_all checked it; a secret file read again (not
		 * among those kept) may have gone since */
		ok = target_of(f, p->host, p, &q->target, left);
		memcpy(why, f->err, sizeof(why));
		q->ctx = p;
		pthread_mutex_unlock(&f->lock);
		if (ok)
			return true;
		host_failed(f, p, why);
	}
}

/* An NRPE host's target: the single check's --nrpe-* settings, port= for
 * --nrpe-port. */
static void nrpe_target(const struct wb_config *c, const struct wb_host *h,
			long left, struct nsc_target *t)
{
	*t = (struct nsc_target){
		.host = h->address,
		.port = h->port ? h->port : c->nrpe_port,
		.ca_file = c->ca_file,
		.insecure = c->insecure,
		.api = NSC_API_NRPE,
		.timeout_ms = left,
		.nrpe_tls = c->nrpe_tls,
		.nrpe_payload = c->nrpe_payload,
		.nrpe_version = c->nrpe_version,
		.nrpe_cert = c->nrpe_cert,
		.nrpe_key = c->nrpe_key,
	};
}

/* The next REST or NRPE host, for the NSClient++ runner. */
static bool next_nsc(void *ctx, struct nsc_fleet_query *q)
{
	struct fleet *f = ctx;
	const struct wb_config *c = f->c;
	struct pending *p;
	const struct wb_host *h;
	char why[WB_MESSAGE_MAX];
	long left;

again:
	left = run_left_ms(f);
	pthread_mutex_lock(&f->lock);
	p = take_host(f, &f->nsc, true, left);
	if (p == NULL) {
		pthread_mutex_unlock(&f->lock);
		return false;
	}
	h = p->host;
	q->ctx = p;
	if (host_source(f, h) == WB_HOST_NRPE) {
		nrpe_target(c, h, left, &q->target);
		pthread_mutex_unlock(&f->lock);
		return true;
	}
	/* resolve_all read it; a file read again may have gone since */
	p->password = password(f, h, p);
	if (p->password == NULL) {
		memcpy(why, f->err, sizeof(why));
		pthread_mutex_unlock(&f->lock);
		host_failed(f, p, why);
		goto again;
	}
	q->target = (struct nsc_target){
		.host = h->address,
		.port = h->port ? h->port : c->rest_port,
		.user = h->user ? h->user : c->rest_user,
		.password = p->password[0] ? p->password : NULL,
		.ca_file = c->ca_file,
		.pin = c->pin,
		.insecure = c->insecure,
		.api = c->rest_api,
		.timeout_ms = left,
	};
	pthread_mutex_unlock(&f->lock);
	return true;
}

/* CSV's quoting: a field with a comma, quote or blank in quotes. */
static void csv_field(FILE *out, const char *text, bool last)
{
	if (text == NULL)
		text = "";
	if (strpbrk(text, ",\" ") == NULL) {
		fputs(text, out);
	} else {
		fputc('"', out);
		for (const char *s = text; *s; s++) {
			if (*s == '"')
				fputc('"', out);
			fputc(*s, out);
		}
		fputc('"', out);
	}
	fputc(last ? '\n' : ',', out);
}

static const char *const csv_columns[] = {
	"name",	     "address", "site",	   "owner", "group",
	"state",     "product", "version", "tier",  "support_end",
	"days_left", "rules",	"summary"};

static void csv_header(FILE *out)
{
	size_t n = sizeof(csv_columns) / sizeof(csv_columns[0]);

	for (size_t i = 0; i < n; i++)
		csv_field(out, csv_columns[i], i + 1 == n);
}

/* The report's first line, without its "WINBUILD STATE - ". */
static void summary_line(const char *text, char *buf, size_t len)
{
	const char *s = strstr(text, " - ");
	size_t n;

	s = s != NULL ? s + 3 : text;
	n = strcspn(s, "\n|");
	while (n > 0 && s[n - 1] == ' ')
		n--;
	snprintf(buf, len, "%.*s", (int)n, s);
}

/* A label of the inventory as output shows it: sanitised like remote text
 * (printable ASCII), so that a record is valid JSON and CSV whatever bytes
 * the file held; NULL stays NULL. */
static const char *clean(char *buf, size_t len, const char *src)
{
	if (src == NULL)
		return NULL;
	wb_sanitize(buf, len, src, strlen(src));
	return buf;
}

/* JSON's string escaping for our own sanitised texts. */
static void json_string(FILE *out, const char *text)
{
	if (text == NULL) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (const char *s = text; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static void write_record(struct fleet *f, const struct wb_host *h,
			 const char *name, const struct pol_report *r)
{
	static char text[RECORD_MAX];
	char day[POL_DATE_TEXT] = "", left[24] = "", line[POL_LINE_MAX];
	char rules[POL_RULES_MAX * 32] = "";
	char label[5][WB_INVENTORY_LINE_MAX / 8];
	const char *n, *address, *site, *owner, *group;
	size_t used = 0;

	if (f->records == NULL)
		return;
	n = clean(label[0], sizeof(label[0]), name);
	address = clean(label[1], sizeof(label[1]), h->address);
	site = clean(label[2], sizeof(label[2]), h->site);
	owner = clean(label[3], sizeof(label[3]), h->owner);
	group = clean(label[4], sizeof(label[4]), h->group);
	if (!f->csv) {
		wb_report_json(r, text, sizeof(text));
		fputs("{\"name\":", f->records);
		json_string(f->records, n);
		fputs(",\"site\":", f->records);
		json_string(f->records, site);
		fputs(",\"owner\":", f->records);
		json_string(f->records, owner);
		fputs(",\"group\":", f->records);
		json_string(f->records, group);
		fprintf(f->records, ",\"line\":%d,\"check\":%.*s}\n", h->line,
			(int)strcspn(text, "\n"), text);
		return;
	}
	wb_report_text(r, text, sizeof(text));
	summary_line(text, line, sizeof(line));
	if (r->support.set) {
		pol_date_format(r->support.end, day);
		snprintf(left, sizeof(left), "%ld", r->support.days_left);
	}
	csv_field(f->records, n, false);
	csv_field(f->records, address, false);
	csv_field(f->records, site, false);
	csv_field(f->records, owner, false);
	csv_field(f->records, group, false);
	csv_field(f->records, wb_state_name(r->state), false);
	csv_field(f->records, r->product_name, false);
	csv_field(f->records, r->version, false);
	csv_field(f->records,
		  r->support.set ? pol_tier_name(r->support.tier) : NULL,
		  false);
	csv_field(f->records, day, false);
	csv_field(f->records, left, false);
	for (int i = 0; i < r->nrules && used < sizeof(rules); i++)
		used += (size_t)snprintf(rules + used, sizeof(rules) - used,
					 "%s%s:%s", i ? " " : "",
					 r->rules[i].name,
					 wb_state_name(r->rules[i].state));
	csv_field(f->records, rules, false);
	csv_field(f->records, line, true);
}

/* Appends text to a command line, newlines as the two characters \n. */
static size_t put_escaped(char *buf, size_t used, size_t cap, const char *text,
			  size_t len)
{
	for (size_t i = 0; i < len && used + 2 < cap; i++) {
		if (text[i] == '\n') {
			buf[used++] = '\\';
			buf[used++] = 'n';
		} else {
			buf[used++] = text[i];
		}
	}
	buf[used] = '\0';
	return used;
}

/*
 * The host's result as a passive check result of its service, in the
 * external command format of Nagios, Naemon and Icinga: the summary and
 * perfdata, then the rule lines as \n-escaped long output.
 */
static void submit(struct fleet *f, const struct wb_host *h, const char *name,
		   const struct pol_report *r)
{
	static char text[RECORD_MAX];
	char line[COMMAND_MAX];
	const char *first_end, *perf;
	size_t used;
	ssize_t n;

	if (f->api != NULL) {
		wb_report_text(r, text, sizeof(text));
		wb_fleet_api_add(f->api, (size_t)h->line, name, (int)r->state,
				 text);
		return;
	}
	if (f->command_fd < 0)
		return;
	if (strpbrk(name, ";") != NULL) {
		f->not_submitted++;
		return;
	}
	wb_report_text(r, text, sizeof(text));
	first_end = strchr(text, '\n');
	if (first_end == NULL)
		first_end = text + strlen(text);
	perf = strstr(text, "\n| ");
	used = (size_t)snprintf(line, sizeof(line),
				"[%ld] PROCESS_SERVICE_CHECK_RESULT;%s;%s;%d;",
				(long)time(NULL), name, f->c->submit_service,
				(int)r->state);
	if (used >= sizeof(line) - 2) {
		f->not_submitted++;
		return;
	}
	used = put_escaped(line, used, sizeof(line), text,
			   (size_t)(first_end - text));
	if (perf != NULL)
		used = put_escaped(line, used, sizeof(line), perf + 1,
				   strcspn(perf + 1, "\n"));
	/* the long output with its last line's end, as a plugin's is */
	if (*first_end == '\n' && (perf == NULL || perf > first_end))
		used = put_escaped(line, used, sizeof(line), first_end,
				   perf != NULL ? (size_t)(perf - first_end) + 1
						: strlen(first_end));
	line[used < sizeof(line) - 1 ? used++ : used - 1] = '\n';
	line[used] = '\0';
	for (;;) {
		struct pollfd p = {.fd = f->command_fd, .events = POLLOUT};

		n = write(f->command_fd, line, used);
		if (n >= 0 || (errno != EAGAIN && errno != EINTR))
			break;
		if (errno == EAGAIN && poll(&p, 1, PIPE_WAIT_MS) == 0)
			break;
	}
	if (n == (ssize_t)used)
		f->submitted++;
	else
		f->not_submitted++;
}

/* Opens --command-file: a daemon's pipe (someone must read it) or a file. */
static bool open_command_file(struct fleet *f)
{
	const char *path = f->c->command_file;

	f->command_fd = -1;
	if (!f->c->submit || f->c->submit_icinga)
		return true;
	f->command_fd =
		open(path, O_WRONLY | O_APPEND | O_NONBLOCK | O_CLOEXEC);
	if (f->command_fd >= 0)
		return true;
	if (errno == ENXIO)
		snprintf(f->err, sizeof(f->err),
			 "--command-file %s: nothing reads it (is the daemon "
			 "running, with external commands on?)",
			 path);
	else
		snprintf(f->err, sizeof(f->err), "--command-file %s: %s", path,
			 strerror(errno));
	return false;
}

/* --submit icinga2: the API's client, made before any host is asked so
 * that a missing module fails the run at once. */
static bool open_api(struct fleet *f)
{
	if (!f->c->submit_icinga)
		return true;
	f->api = wb_fleet_api_new(f->c, f->err, sizeof(f->err));
	return f->api != NULL;
}

static long left_ms(void *ctx)
{
	return run_left_ms(ctx);
}

/* Sanitised, capped: the report's copy of a text (NULL: empty). */
static void keep(char *dst, size_t len, const char *src)
{
	if (clean(dst, len, src) == NULL)
		dst[0] = '\0';
}

/* The host's line of the HTML report; false when it is not kept. */
static bool report_row(struct fleet *f, const struct wb_host *h,
		       const char *name, const struct pol_report *r)
{
	static char text[RECORD_MAX];
	struct wb_html_row row = {.state = r->state};

	if (f->c->report == NULL)
		return true;
	keep(row.name, sizeof(row.name), name);
	keep(row.address, sizeof(row.address), h->address);
	keep(row.site, sizeof(row.site), h->site);
	keep(row.owner, sizeof(row.owner), h->owner);
	keep(row.group, sizeof(row.group), h->group);
	keep(row.product, sizeof(row.product), r->product_name);
	keep(row.version, sizeof(row.version), r->version);
	wb_report_text(r, text, sizeof(text));
	summary_line(text, row.summary, sizeof(row.summary));
	row.has_end = r->support.set;
	row.end = r->support.end;
	row.days_left = r->support.days_left;
	return wb_html_rows_add(&f->rows, &row);
}

static void count_product(struct fleet *f, const char *name)
{
	for (size_t i = 0; i < f->nproducts; i++)
		if (f->products[i].name == name) {
			f->products[i].count++;
			return;
		}
	if (f->nproducts == PRODUCTS_MAX) {
		f->other_products++;
		return;
	}
	f->products[f->nproducts].name = name;
	f->products[f->nproducts++].count = 1;
}

/* Keeps the SOONEST nearest ends still ahead, nearest first, then by
 * name: the same list however hosts end. */
static void count_soon(struct fleet *f, const char *name,
		       const struct pol_report *r)
{
	char shown[sizeof(f->soonest[0].name)];
	size_t at = f->nsoonest;

	if (!r->support.set || r->support.days_left < 0)
		return;
	wb_sanitize(shown, sizeof(shown), name, strlen(name));
	while (at > 0 &&
	       (f->soonest[at - 1].days_left > r->support.days_left ||
		(f->soonest[at - 1].days_left == r->support.days_left &&
		 strcmp(f->soonest[at - 1].name, shown) > 0)))
		at--;
	if (at == SOONEST)
		return;
	if (f->nsoonest < SOONEST)
		f->nsoonest++;
	memmove(&f->soonest[at + 1], &f->soonest[at],
		(f->nsoonest - 1 - at) * sizeof(f->soonest[0]));
	memcpy(f->soonest[at].name, shown, sizeof(shown));
	f->soonest[at].product = r->product_name;
	f->soonest[at].end = r->support.end;
	f->soonest[at].days_left = r->support.days_left;
}

static void tally(struct fleet *f, const char *name, const struct pol_report *r)
{
	f->hosts++;
	f->states[r->state]++;
	if (r->product_name != NULL)
		count_product(f, r->product_name);
	if (r->support.set && r->support.days_left < 0)
		f->out_of_support++;
	else if (r->support.set)
		f->tiers[r->support.tier]++;
	for (int i = 0; i < r->nrules; i++)
		if (strcmp(r->rules[i].name, "baseline") == 0 &&
		    r->rules[i].state != WB_OK)
			f->behind_baseline++;
	count_soon(f, name, r);
}

static const char *version_name(enum wbs_version v)
{
	return v == WBS_V1 ? "v1" : v == WBS_V3 ? "v3" : "v2c";
}

/* A host's report goes out: its record, its passive result, its line of
 * the HTML report, the summary's counts. */
static void host_out(struct fleet *f, const struct wb_host *h,
		     const struct pol_report *report)
{
	const char *name = h->name ? h->name : h->address;

	write_record(f, h, name, report);
	submit(f, h, name, report);
	if (!report_row(f, h, name, report))
		f->report_failed = true;
	tally(f, name, report);
}

/* The hosts --deadline left unasked: UNKNOWN, each as it would be, in
 * the inventory's order (the check's pass again). */
static void not_asked(struct fleet *f)
{
	static struct pol_report report;
	static struct pending p;
	char why[WB_MESSAGE_MAX], err[WB_MESSAGE_MAX];

	snprintf(why, sizeof(why),
		 "not asked: the fleet run's --deadline of %ld s came first",
		 f->c->deadline_s);
	rewind(f->check.in);
	wb_inventory_reader_init(&f->check.reader, f->check.in,
				 inventory_name(f));
	while (wb_inventory_next(&f->check.reader, p.line, &p.entry, err,
				 sizeof(err)) == 1) {
		const struct wb_host *h = &p.entry;

		if (h->line <= (is_nsc(f, h) ? f->nsc : f->snmp).taken)
			continue;
		memset(&report, 0, sizeof(report));
		pol_report_fail(&report, WB_UNKNOWN, why);
		host_out(f, h, &report);
	}
}

/* The command line's policy with host h's own edition= and policy=. */
static struct pol_policy host_policy(const struct fleet *f,
				     const struct wb_host *h)
{
	struct pol_policy policy = f->c->policy;

	if (h->edition != NULL)
		policy.edition = h->edition;
	if (h->policy != NULL)
		policy.section = h->policy;
	return policy;
}

/*
 * The report and facts of the host now ending, cleared, with the lock
 * taken (the caller releases it): they are large, so there is one pair,
 * and the two runners' hosts end one at a time.
 */
static struct pol_report *begin_host(struct fleet *f, const struct wb_host *h,
				     struct pol_facts **facts)
{
	static struct pol_report report;
	static struct pol_facts host_facts;

	pthread_mutex_lock(&f->lock);
	memset(&report, 0, sizeof(report));
	pol_facts_init(&host_facts);
	snprintf(host_facts.address, sizeof(host_facts.address), "%s",
		 h->address);
	*facts = &host_facts;
	return &report;
}

/* A host that could not be asked after all: UNKNOWN, saying why; its
 * slot is free again. */
static void host_failed(struct fleet *f, struct pending *p, const char *why)
{
	struct pol_facts *facts;
	struct pol_report *r = begin_host(f, p->host, &facts);

	pol_report_fail(r, WB_UNKNOWN, why);
	host_out(f, p->host, r);
	p->host = NULL;
	pthread_mutex_unlock(&f->lock);
}

static void host_done(void *ctx, struct wbs_fleet_query *q)
{
	struct fleet *f = ctx;
	struct pending *p = q->ctx;
	const struct wb_host *h = p->host;
	struct pol_policy policy = host_policy(f, h);
	char why[WB_MESSAGE_MAX];
	struct pol_facts *facts;
	struct pol_report *r = begin_host(f, h, &facts);

	if (q->status == WBS_ERR_TIMEOUT &&
	    q->target.timeout_ms < f->c->timeout_s * 1000) {
		snprintf(why, sizeof(why),
			 "no answer from %s before the fleet run's --deadline "
			 "of %ld s",
			 h->address, f->c->deadline_s);
		pol_report_fail(r, f->c->timeout_state, why);
	} else if (q->status == WBS_ERR_TIMEOUT) {
		snprintf(why, sizeof(why),
			 "no answer from %s within %ld s over SNMP %s: %s",
			 h->address, f->c->timeout_s,
			 version_name(q->target.version),
			 wb_snmp_silence(q->target.version, q->target.level));
		pol_report_fail(r, f->c->timeout_state, why);
	} else if (q->status != WBS_OK) {
		pol_report_fail(r, WB_UNKNOWN, q->err);
	} else if (!wbs_sysinfo_facts(&q->info, facts, why, sizeof(why))) {
		pol_report_fail(r, WB_UNKNOWN, why);
		r->facts = facts;
	} else {
		pol_evaluate(f->catalog, f->updates, f->policy, &policy, facts,
			     f->today, r);
	}
	host_out(f, h, r);
	p->host = NULL;
	pthread_mutex_unlock(&f->lock);
}

/* Whether the agent's identity went unchecked, as the single check
 * tells it: NRPE is verified only with --nrpe-tls cert. */
static bool unverified(const struct wb_config *c, const struct nsc_target *t)
{
	if (t->api == NSC_API_NRPE)
		return c->nrpe_tls != NSC_NRPE_TLS_CERT || c->insecure;
	return c->insecure;
}

/* A REST or NRPE host's end: its facts to the single check's
 * evaluation. */
static void nsc_done(void *ctx, struct nsc_fleet_query *q)
{
	struct fleet *f = ctx;
	const struct wb_config *c = f->c;
	struct pending *p = q->ctx;
	const struct wb_host *h = p->host;
	struct pol_policy policy = host_policy(f, h);
	char why[WB_MESSAGE_MAX];
	struct pol_facts *facts;
	struct pol_report *r = begin_host(f, h, &facts);

	if (nsc_timed_out(q->status, q->err) &&
	    q->target.timeout_ms < c->timeout_s * 1000) {
		snprintf(why, sizeof(why),
			 "%.300s (before the fleet run's --deadline of %ld s)",
			 q->err, c->deadline_s);
		pol_report_fail(r, c->timeout_state, why);
	} else if (nsc_timed_out(q->status, q->err)) {
		/* the single check's words: -t is each host's whole check */
		snprintf(why, sizeof(why), "%.340s (the whole check has %ld s)",
			 q->err, c->timeout_s);
		pol_report_fail(r, c->timeout_state, why);
	} else if (q->status != NSC_OK) {
		pol_report_fail(r, WB_UNKNOWN, q->err);
	} else if (!nsc_merge_host(&q->host, unverified(c, &q->target), facts,
				   why, sizeof(why))) {
		pol_report_fail(r, WB_UNKNOWN, why);
	} else {
		pol_evaluate(f->catalog, f->updates, f->policy, &policy, facts,
			     f->today, r);
	}
	host_out(f, h, r);
	p->host = NULL;
	p->password = NULL;
	pthread_mutex_unlock(&f->lock);
}

/*
 * Standard input (or a pipe) into an anonymous temporary file, which each
 * pass opens anew by path: its own offset. False with f->err set.
 */
static bool spool(struct fleet *f, FILE *in, int *fd, char *path, size_t len)
{
	char buf[65536], why[WB_MESSAGE_MAX];
	off_t total = 0;
	size_t n;

	*fd = wb_spool_open(why, sizeof(why));
	if (*fd < 0) {
		snprintf(f->err, sizeof(f->err),
			 "cannot keep the inventory on %s: %.300s",
			 inventory_name(f), why);
		return false;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
		if (total + (off_t)n > INVENTORY_MAX) {
			snprintf(f->err, sizeof(f->err),
				 "the inventory on %s is larger than 64 MiB",
				 inventory_name(f));
			return false;
		}
		if (!wb_spool_write(*fd, total, buf, n, why, sizeof(why))) {
			snprintf(f->err, sizeof(f->err),
				 "cannot keep the inventory on %s: %.300s",
				 inventory_name(f), why);
			return false;
		}
		total += (off_t)n;
	}
	if (ferror(in)) {
		snprintf(f->err, sizeof(f->err), "cannot read the inventory %s",
			 inventory_name(f));
		return false;
	}
	snprintf(path, len, "/proc/self/fd/%d", *fd);
	return true;
}

static void close_pass(struct cursor *pass)
{
	if (pass->in != NULL)
		fclose(pass->in);
}

/* The inventory's three passes, each on its own stream: a file read in
 * place, standard input or a pipe through a temporary file. */
static bool open_inventory(struct fleet *f)
{
	const char *path = f->c->hosts_file;
	struct cursor *passes[] = {&f->check, &f->snmp, &f->nsc};
	char tmp[64];
	struct stat st;
	FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	int fd = -1;
	bool ok = true;

	if (in == NULL) {
		snprintf(f->err, sizeof(f->err),
			 "cannot open the inventory %s: %s", path,
			 strerror(errno));
		return false;
	}
	if (in != stdin && fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode)) {
		f->check.in = in;
	} else {
		ok = spool(f, in, &fd, tmp, sizeof(tmp));
		if (in != stdin)
			fclose(in);
		path = tmp;
	}
	for (size_t i = 0; ok && i < 3; i++) {
		struct cursor *c = passes[i];

		if (c->in == NULL)
			c->in = fopen(path, "r");
		if (c->in == NULL) {
			snprintf(f->err, sizeof(f->err),
				 "cannot open the inventory %.200s: %s", path,
				 strerror(errno));
			ok = false;
			break;
		}
		wb_inventory_reader_init(&c->reader, c->in, inventory_name(f));
	}
	if (fd >= 0)
		close(fd); /* the passes hold the file */
	return ok;
}

/* The most hosts first, then by name: the same order however hosts end. */
static int by_count(const void *a, const void *b)
{
	const struct product_count *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* The share of hosts, in percent, for perfdata and thresholds. */
static double share(size_t part, size_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

/* --fleet-warning and --fleet-critical on the share out of support;
 * UNKNOWN when no host could be told. */
static enum wb_state fleet_state(const struct fleet *f)
{
	const struct wb_config *c = f->c;
	double out = share(f->out_of_support, f->hosts);

	if (f->states[WB_UNKNOWN] == f->hosts)
		return WB_UNKNOWN;
	if (wb_range_alerts(&c->fleet_crit, out))
		return WB_CRITICAL;
	if (wb_range_alerts(&c->fleet_warn, out))
		return WB_WARNING;
	return WB_OK;
}

/* The summary: the plugin's answer when the records are not. */
static void print_summary(struct fleet *f, enum wb_state state, double seconds)
{
	const struct wb_config *c = f->c;
	double out = share(f->out_of_support, f->hosts);
	char day[POL_DATE_TEXT], shown[POL_LINE_MAX];
	const char *stopped = f->api ? wb_fleet_api_stopped(f->api) : NULL;

	printf("WINBUILD FLEET %s - %zu hosts: %zu out of support (%.1f %%), "
	       "%zu CRITICAL, %zu WARNING, %zu UNKNOWN",
	       wb_state_name(state), f->hosts, f->out_of_support, out,
	       f->states[WB_CRITICAL], f->states[WB_WARNING],
	       f->states[WB_UNKNOWN]);
	if (stopped != NULL)
		printf("; %s: %s",
		       wb_fleet_api_submitted(f->api) ? "submission stopped"
						      : "nothing submitted",
		       stopped);
	fputc('\n', stdout);
	printf("\\_ states: %zu OK, %zu WARNING, %zu CRITICAL, %zu UNKNOWN\n",
	       f->states[WB_OK], f->states[WB_WARNING], f->states[WB_CRITICAL],
	       f->states[WB_UNKNOWN]);
	printf("\\_ support: %zu ended, %zu in mainstream, %zu in extended, "
	       "%zu in ESU, %zu in ESU on Azure\n",
	       f->out_of_support, f->tiers[POL_TIER_MAINSTREAM],
	       f->tiers[POL_TIER_EXTENDED], f->tiers[POL_TIER_ESU],
	       f->tiers[POL_TIER_ESU_AZURE]);
	if (f->behind_baseline > 0)
		printf("\\_ baseline: %zu hosts not on it\n",
		       f->behind_baseline);
	if (f->nproducts > 0) {
		qsort(f->products, f->nproducts, sizeof(f->products[0]),
		      by_count);
		fputs("\\_ products:", stdout);
		for (size_t i = 0; i < f->nproducts; i++)
			printf("%s %s (%zu)", i ? "," : "",
			       clean(shown, sizeof(shown), f->products[i].name),
			       f->products[i].count);
		if (f->other_products)
			printf(", others (%zu)", f->other_products);
		fputc('\n', stdout);
	}
	for (size_t i = 0; i < f->nsoonest; i++) {
		pol_date_format(f->soonest[i].end, day);
		printf("\\_ soonest end: %s, %s, %s (%ld days left)\n",
		       f->soonest[i].name,
		       f->soonest[i].product ? clean(shown, sizeof(shown),
						     f->soonest[i].product)
					     : "?",
		       day, f->soonest[i].days_left);
	}
	if (f->api != NULL)
		wb_fleet_api_summary(f->api, stdout);
	else if (c->submit && f->not_submitted == 0)
		printf("\\_ submitted: %zu results to %s\n", f->submitted,
		       clean(shown, sizeof(shown), c->command_file));
	else if (c->submit)
		printf("\\_ submitted: %zu results to %s, not %zu (a name with "
		       "';', or the pipe not read within %d s)\n",
		       f->submitted,
		       clean(shown, sizeof(shown), c->command_file),
		       f->not_submitted, PIPE_WAIT_MS / 1000);
	printf("| 'hosts'=%zu;;;0; 'ok'=%zu;;;0; 'warning'=%zu;;;0; "
	       "'critical'=%zu;;;0; 'unknown'=%zu;;;0; "
	       "'out_of_support'=%.1f%%;%s;%s;0;100 'time'=%.6fs;;;;\n",
	       f->hosts, f->states[WB_OK], f->states[WB_WARNING],
	       f->states[WB_CRITICAL], f->states[WB_UNKNOWN], out,
	       c->fleet_warn.text, c->fleet_crit.text, seconds);
}

/* The HTML page, written whole once every host has ended. */
static bool write_report(struct fleet *f)
{
	const char *path = f->c->report;
	FILE *out;
	bool ok;

	if (f->report_failed) {
		snprintf(f->err, sizeof(f->err), "--report %s: %s", path,
			 f->rows.why);
		return false;
	}
	out = fopen(path, "w");
	if (out == NULL) {
		snprintf(f->err, sizeof(f->err),
			 "--report %s: cannot write: %s", path,
			 strerror(errno));
		return false;
	}
	ok = wb_html_page(&f->rows, f->today,
			  strcmp(f->c->hosts_file, "-") == 0
				  ? "the inventory on standard input"
				  : f->c->hosts_file,
			  out);
	if (fclose(out) != 0 || !ok) {
		snprintf(f->err, sizeof(f->err),
			 "--report %s: cannot write: %s", path,
			 strerror(errno));
		return false;
	}
	return true;
}

static bool open_records(struct fleet *f)
{
	const char *path = f->c->records;

	if (path == NULL)
		return true;
	f->csv = f->c->records_csv;
	if (strcmp(path, "-") == 0) {
		f->records = stdout;
	} else {
		f->records = fopen(path, "w");
		if (f->records == NULL) {
			snprintf(f->err, sizeof(f->err),
				 "--records %s: cannot write: %s", path,
				 strerror(errno));
			return false;
		}
	}
	if (f->csv)
		csv_header(f->records);
	return true;
}

struct nsc_thread {
	struct fleet *f;
	size_t parallel;
	bool ok;
};

static void *nsc_main(void *arg)
{
	struct nsc_thread *t = arg;

	t->ok = t->f->nsc_run(t->parallel, next_nsc, nsc_done, t->f,
			      t->f->nsc_err, sizeof(t->f->nsc_err));
	return NULL;
}

/* The NSClient++ runner's failure as the run's. */
static bool nsc_failed(struct fleet *f)
{
	memcpy(f->err, f->nsc_err, sizeof(f->err));
	return false;
}

/*
 * Every host, SNMP and NSClient++ (REST or NRPE), within one --parallel:
 * the slots shared in proportion to each kind's hosts (one at least), both
 * runners at once, the NSClient++ one in a thread of its own; their next()
 * and done() take turns under the lock. A slow host of either kind holds
 * only its slot. With --parallel 1, one runner after the other.
 */
static bool run_hosts(struct fleet *f, size_t parallel)
{
	size_t nsnmp = f->count - f->nnsc, pnsc;
	struct nsc_thread t = {.f = f, .ok = true};
	pthread_t thread;
	bool ok;

	if (f->nnsc == 0)
		return wbs_fleet_run(parallel, next_host, host_done, f, f->err,
				     sizeof(f->err));
	f->nsc_run = wb_module_nsclient_fleet(f->err, sizeof(f->err));
	if (f->nsc_run == NULL)
		return false;
	if (nsnmp == 0 || parallel < 2) {
		if (nsnmp > 0 && !wbs_fleet_run(parallel, next_host, host_done,
						f, f->err, sizeof(f->err)))
			return false;
		t.parallel = parallel;
		nsc_main(&t);
		return t.ok || nsc_failed(f);
	}
	pnsc = parallel * f->nnsc / f->count;
	pnsc = pnsc < 1 ? 1 : pnsc > parallel - 1 ? parallel - 1 : pnsc;
	t.parallel = pnsc < f->nnsc ? pnsc : f->nnsc;
	if (pthread_create(&thread, NULL, nsc_main, &t) != 0) {
		snprintf(f->err, sizeof(f->err),
			 "cannot start the NSClient++ hosts' thread");
		return false;
	}
	ok = wbs_fleet_run(parallel - pnsc < nsnmp ? parallel - pnsc : nsnmp,
			   next_host, host_done, f, f->err, sizeof(f->err));
	pthread_join(thread, NULL);
	return ok && (t.ok || nsc_failed(f));
}

enum wb_state wb_fleet(const struct wb_config *c,
		       const struct pol_catalog *catalog,
		       const struct pol_file *policy, long today)
{
	char line[WB_MESSAGE_MAX + 32];
	static struct fleet f;
	struct timespec end;
	enum wb_state state = WB_UNKNOWN;
	size_t parallel;

	f = (struct fleet){.c = c,
			   .catalog = catalog,
			   .policy = policy,
			   .today = today,
			   .command_fd = -1};
	pthread_mutex_init(&f.lock, NULL);
	/* an agent that drops its connection while TLS writes to it must end
	 * that host, not the run: libcurl, told not to use signals, leaves
	 * SIGPIPE to us (a command pipe's reader gone is then EPIPE too) */
	signal(SIGPIPE, SIG_IGN);
	clock_gettime(CLOCK_MONOTONIC, &f.start);
	if (!open_inventory(&f) || !resolve_all(&f))
		goto fail;
	/* REST and NRPE hosts tell revisions, which the update history
	 * places, as the single check does */
	if ((f.nnsc > 0 || pol_policy_reads_updates(policy, &c->policy)) &&
	    pol_updates_load(c->updates, &f.updates, f.err, sizeof(f.err)) !=
		    POL_OK)
		goto fail;
	parallel =
		(size_t)c->parallel < f.count ? (size_t)c->parallel : f.count;
	f.pending = calloc(parallel, sizeof(*f.pending));
	if (f.pending == NULL) {
		snprintf(f.err, sizeof(f.err), "out of memory");
		goto fail;
	}
	f.npending = parallel;
	if (!open_command_file(&f) || !open_api(&f) || !open_records(&f))
		goto fail;
	if (!run_hosts(&f, parallel))
		goto fail;
	if (f.reread_err[0] != '\0') {
		memcpy(f.err, f.reread_err, sizeof(f.err));
		goto fail;
	}
	not_asked(&f);
	if (f.api != NULL)
		wb_fleet_api_send(f.api, left_ms, &f);
	if (f.records != NULL && f.records != stdout && fclose(f.records) != 0)
		fprintf(stdout, "WINBUILD FLEET UNKNOWN - --records %s: %s\n",
			c->records, strerror(errno));
	f.records = NULL;
	clock_gettime(CLOCK_MONOTONIC, &end);
	if (c->report != NULL && !write_report(&f))
		goto fail;
	state = fleet_state(&f);
	/* the results did not reach Icinga: the run did not do its job */
	if (f.api != NULL && wb_fleet_api_stopped(f.api) != NULL)
		state = WB_UNKNOWN;
	/* records on stdout are the answer; the state is still the fleet's */
	if (c->records == NULL || strcmp(c->records, "-") != 0)
		print_summary(&f, state,
			      (double)(end.tv_sec - f.start.tv_sec) +
				      (double)(end.tv_nsec - f.start.tv_nsec) /
					      1e9);
	goto release;
fail:
	wb_inventory_refusal(line, sizeof(line), f.err);
	fputs(line, stdout);
release:
	if (f.records != NULL && f.records != stdout)
		fclose(f.records);
	if (f.command_fd >= 0)
		close(f.command_fd);
	wb_fleet_api_free(f.api);
	if (f.pending != NULL)
		explicit_bzero(f.pending, f.npending * sizeof(*f.pending));
	free(f.pending);
	for (size_t i = 0; i < SECRETS_KEPT; i++)
		free(f.secrets[i].path);
	explicit_bzero(f.secrets, sizeof(f.secrets));
	pol_updates_free(f.updates);
	wb_html_rows_free(&f.rows);
	close_pass(&f.check);
	close_pass(&f.snmp);
	close_pass(&f.nsc);
	pthread_mutex_destroy(&f.lock);
	return state;
}
