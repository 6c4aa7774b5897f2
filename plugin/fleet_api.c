/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "fleet_api.h"

#include "module.h"
#include "output.h"
#include "lib/sanitize.h"
#include "lib/spool.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* the hosts named for want of their service */
#define NOT_FOUND_NAMES 5

/* A result waiting for the API, as the spool holds it: this, then the
 * name and the text, each without its '\0'. */
struct queued {
	size_t order; /* the host's place in the inventory */
	size_t name_len, text_len;
	int state;
};

/* A host the API did not know, for the summary. */
struct unknown_host {
	size_t order;
	char name[64]; /* as output shows it */
};

struct wb_fleet_api {
	const struct wb_config *c;
	const struct nsc_icinga_api *api;
	struct nsc_icinga *client;
	struct nsc_target target;
	char source[256]; /* check_source: this host's name */
	int spool;	  /* the results as they come, or -1 */
	off_t spooled;	  /* the spool's end: its last whole result */
	size_t count;	  /* results in it */
	size_t submitted, not_submitted;
	size_t bad_name, not_found, refused, not_sent, late, not_kept;
	/* those of the least order: the same names however hosts ended */
	struct unknown_host unknown[NOT_FOUND_NAMES];
	char refused_why[WB_MESSAGE_MAX];
	size_t refused_order;		/* whose refusal refused_why tells */
	char spool_why[WB_MESSAGE_MAX]; /* set: results are not kept */
	char spool_stop[WB_MESSAGE_MAX + 64]; /* that, as a sentence */
	enum nsc_submit stop; /* NSC_SUBMIT_OK while it goes on */
	char stop_why[1024];
};

/* Our own copy of a user's text as output shows it. */
static const char *shown(char *buf, size_t len, const char *text)
{
	wb_sanitize(buf, len, text, strlen(text));
	return buf;
}

struct wb_fleet_api *wb_fleet_api_new(const struct wb_config *c, char *err,
				      size_t errlen)
{
	struct wb_fleet_api *a = calloc(1, sizeof(*a));

	if (a == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	a->c = c;
	a->spool = -1;
	a->api = wb_module_icinga(err, errlen);
	if (a->api == NULL)
		goto free_api;
	a->target = (struct nsc_target){
		.host = c->icinga_host,
		.port = c->icinga_port,
		.user = c->icinga_user,
		.password = c->icinga_pass,
		.ca_file = c->icinga_ca,
		.icinga = true,
		/* all requests together: the run's --deadline, else a day;
		 * each request gets -t at most (left_ms) */
		.timeout_ms = c->deadline_s ? c->deadline_s * 1000 : 86400000L,
	};
	/* check_source: the node that checked, as Icinga's own checks say */
	if (gethostname(a->source, sizeof(a->source) - 1) != 0)
		snprintf(a->source, sizeof(a->source), "check_winbuild");
	a->client = a->api->open(&a->target, c->icinga_prefix, err, errlen);
	if (a->client == NULL)
		goto free_api;
	return a;
free_api:
	free(a);
	return NULL;
}

void wb_fleet_api_free(struct wb_fleet_api *a)
{
	if (a == NULL)
		return;
	if (a->spool >= 0)
		close(a->spool);
	a->api->close(a->client);
	free(a);
}

/* Results cannot be kept from now on: why, once, for the summary. */
static void spool_failed(struct wb_fleet_api *a, const char *why)
{
	snprintf(a->spool_why, sizeof(a->spool_why), "%s", why);
	snprintf(a->spool_stop, sizeof(a->spool_stop),
		 "the results could not be kept for sending: %s", why);
}

void wb_fleet_api_add(struct wb_fleet_api *a, size_t order, const char *name,
		      int state, const char *text)
{
	struct queued q;
	char why[WB_MESSAGE_MAX];
	off_t at = a->spooled;

	/* its padding too is written: no stack garbage in the file */
	memset(&q, 0, sizeof(q));
	q.order = order;
	q.name_len = strlen(name);
	q.text_len = strlen(text);
	q.state = state;
	if (a->spool_why[0] != '\0')
		goto not_kept;
	if (a->spool < 0 && (a->spool = wb_spool_open(why, sizeof(why))) < 0)
		goto failed;
	/* a result written in part is not counted: the spool ends at the
	 * last whole one, and nothing is written after a failure */
	if (!wb_spool_write(a->spool, at, &q, sizeof(q), why, sizeof(why)))
		goto failed;
	at += (off_t)sizeof(q);
	if (!wb_spool_write(a->spool, at, name, q.name_len, why, sizeof(why)))
		goto failed;
	at += (off_t)q.name_len;
	if (!wb_spool_write(a->spool, at, text, q.text_len, why, sizeof(why)))
		goto failed;
	a->spooled = at + (off_t)q.text_len;
	a->count++;
	return;
failed:
	spool_failed(a, why);
not_kept:
	a->not_submitted++;
	a->not_kept++;
}

/* Why the API stopped the sending, once, for the summary. */
static void stop_reason(struct wb_fleet_api *a, enum nsc_submit st,
			const char *why)
{
	char user[128];

	a->stop = st;
	shown(user, sizeof(user), a->c->icinga_user);
	if (st == NSC_SUBMIT_AUTH && strcmp(why, "HTTP 401") == 0)
		snprintf(a->stop_why, sizeof(a->stop_why),
			 "the Icinga 2 API refused the credentials of ApiUser "
			 "'%s' (HTTP 401): check --icinga-user and its "
			 "password",
			 user);
	else if (st == NSC_SUBMIT_AUTH)
		snprintf(a->stop_why, sizeof(a->stop_why),
			 "the Icinga 2 API refused ApiUser '%s' (%.200s): it "
			 "needs the permission actions/process-check-result",
			 user, why);
	else if (st == NSC_SUBMIT_ANSWER)
		snprintf(a->stop_why, sizeof(a->stop_why),
			 "%.300s did not answer as Icinga 2's API does: %.200s",
			 a->api->base(a->client), why);
	else
		snprintf(a->stop_why, sizeof(a->stop_why), "%s", why);
}

/* Counts a host without the service; the summary names the first
 * NOT_FOUND_NAMES of the inventory's. */
static void not_found(struct wb_fleet_api *a, size_t order, const char *name)
{
	size_t kept =
		a->not_found < NOT_FOUND_NAMES ? a->not_found : NOT_FOUND_NAMES;
	struct unknown_host *u = &a->unknown[kept];

	a->not_found++;
	/* full: the one of the greatest order makes way for a lesser */
	if (kept == NOT_FOUND_NAMES) {
		u = &a->unknown[0];
		for (size_t i = 1; i < NOT_FOUND_NAMES; i++)
			if (a->unknown[i].order > u->order)
				u = &a->unknown[i];
		if (u->order < order)
			return;
	}
	u->order = order;
	shown(u->name, sizeof(u->name), name);
}

/* POSTs one result: the summary and rule lines as the output (with the
 * last line's end, as the command file sends them), the perfdata line as
 * the perfdata. */
static void send_one(struct wb_fleet_api *a, const struct queued *q, char *name,
		     char *text, long left)
{
	char why[WB_MESSAGE_MAX];
	char *perf = strstr(text, "\n| ");
	struct nsc_passive result = {
		.host = name,
		.service = a->c->submit_service,
		.exit_status = q->state,
		.output = text,
		.check_source = a->source,
	};
	enum nsc_submit st;

	a->not_submitted++; /* until it is */
	if (a->stop != NSC_SUBMIT_OK) {
		a->not_sent++;
		return;
	}
	/* '!' separates host and service in Icinga's names */
	if (strchr(name, '!') != NULL) {
		a->bad_name++;
		return;
	}
	if (left < 100) {
		a->late++;
		return;
	}
	if (perf != NULL) {
		perf[1] = '\0';
		result.perfdata = perf + 3;
		perf[3 + strcspn(perf + 3, "\n")] = '\0';
	}
	st = a->api->submit(a->client, &result, left, why, sizeof(why));
	switch (st) {
	case NSC_SUBMIT_OK:
		a->not_submitted--;
		a->submitted++;
		break;
	case NSC_SUBMIT_NO_OBJECT:
		not_found(a, q->order, name);
		break;
	case NSC_SUBMIT_REFUSED:
		/* the inventory's first refusal, as for not_found */
		if (a->refused++ == 0 || q->order < a->refused_order) {
			a->refused_order = q->order;
			snprintf(a->refused_why, sizeof(a->refused_why), "%s",
				 why);
		}
		break;
	case NSC_SUBMIT_AUTH:
	case NSC_SUBMIT_CONNECT:
	case NSC_SUBMIT_ANSWER:
		a->not_sent++;
		stop_reason(a, st, why);
		break;
	}
}

/* Reads the spool's next result at *at into a buffer the caller frees:
 * the name, its '\0', the text, its '\0'. NULL when out of memory, or
 * when the spool cannot be read (then spool_why says so). */
static char *read_one(struct wb_fleet_api *a, off_t *at, struct queued *q)
{
	char *buf;

	if (!wb_spool_read(a->spool, *at, q, sizeof(*q)) ||
	    q->name_len > (size_t)a->spooled ||
	    q->text_len > (size_t)a->spooled)
		goto unreadable;
	*at += (off_t)sizeof(*q);
	buf = malloc(q->name_len + q->text_len + 2);
	if (buf == NULL)
		return NULL;
	if (!wb_spool_read(a->spool, *at, buf, q->name_len) ||
	    !wb_spool_read(a->spool, *at + (off_t)q->name_len,
			   buf + q->name_len + 1, q->text_len)) {
		free(buf);
		goto unreadable;
	}
	*at += (off_t)(q->name_len + q->text_len);
	buf[q->name_len] = '\0';
	buf[q->name_len + 1 + q->text_len] = '\0';
	return buf;
unreadable:
	spool_failed(a, "a temporary file: what was written could not be "
			"read back");
	return NULL;
}

void wb_fleet_api_send(struct wb_fleet_api *a, long (*left_ms)(void *),
		       void *ctx)
{
	off_t at = 0;

	/* the order hosts ended in: Icinga takes them in any */
	for (size_t i = 0; i < a->count; i++) {
		struct queued q;
		char *buf = read_one(a, &at, &q);

		/* out of memory, or the spool lost: the rest too */
		if (buf == NULL && a->spool_why[0] != '\0') {
			a->not_submitted += a->count - i;
			a->not_kept += a->count - i;
			break;
		}
		if (buf == NULL) {
			a->not_submitted += a->count - i;
			a->not_sent += a->count - i;
			break;
		}
		send_one(a, &q, buf, buf + q.name_len + 1, left_ms(ctx));
		free(buf);
	}
}

size_t wb_fleet_api_submitted(const struct wb_fleet_api *a)
{
	return a->submitted;
}

const char *wb_fleet_api_stopped(const struct wb_fleet_api *a)
{
	if (a->stop != NSC_SUBMIT_OK)
		return a->stop_why;
	return a->spool_why[0] != '\0' ? a->spool_stop : NULL;
}

static int by_order(const void *x, const void *y)
{
	const struct unknown_host *p = x, *q = y;

	return p->order < q->order ? -1 : p->order > q->order;
}

/* The hosts without the service the summary names, in the inventory's
 * order. */
static void unknown_names(const struct wb_fleet_api *a, FILE *out)
{
	struct unknown_host sorted[NOT_FOUND_NAMES] = {0};
	size_t n = 0;

	for (; n < NOT_FOUND_NAMES && n < a->not_found; n++)
		sorted[n] = a->unknown[n];
	qsort(sorted, n, sizeof(sorted[0]), by_order);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%s", i ? ", " : "", sorted[i].name);
}

void wb_fleet_api_summary(const struct wb_fleet_api *a, FILE *out)
{
	char text[POL_LINE_MAX], service[128];
	const char *sep = " ";

	fprintf(out, "\\_ submitted: %zu results to %s", a->submitted,
		shown(text, sizeof(text), a->api->base(a->client)));
	if (a->not_submitted == 0) {
		fputc('\n', out);
		return;
	}
	fprintf(out, ", not %zu:", a->not_submitted);
	if (a->not_found > 0) {
		fprintf(out, "%s%zu without a service %s (", sep, a->not_found,
			shown(service, sizeof(service), a->c->submit_service));
		unknown_names(a, out);
		fprintf(out, "%s)",
			a->not_found > NOT_FOUND_NAMES ? ", ..." : "");
		/* Icinga 2.13 answers 404 for what the ApiUser may not
		 * touch; an object's own refusal shows that it may */
		if (a->submitted == 0 && a->refused == 0)
			fputs(" (or the ApiUser lacks the permission "
			      "actions/process-check-result)",
			      out);
		sep = "; ";
	}
	if (a->refused > 0) {
		fprintf(out, "%s%zu refused (%s)", sep, a->refused,
			a->refused_why);
		sep = "; ";
	}
	if (a->bad_name > 0) {
		fprintf(out, "%s%zu with '!' in the name", sep, a->bad_name);
		sep = "; ";
	}
	if (a->late > 0) {
		fprintf(out, "%s%zu when the --deadline of %ld s had come", sep,
			a->late, a->c->deadline_s);
		sep = "; ";
	}
	if (a->not_kept > 0) {
		fprintf(out, "%s%zu not kept for sending (%s)", sep,
			a->not_kept, a->spool_why);
		sep = "; ";
	}
	if (a->not_sent > 0)
		fprintf(out, "%s%zu not sent%s", sep, a->not_sent,
			a->stop != NSC_SUBMIT_OK ? " (the submission stopped)"
						 : " (out of memory)");
	fputc('\n', out);
}
