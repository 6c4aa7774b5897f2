/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "fleet_api.h"

#include "module.h"
#include "output.h"
#include "lib/sanitize.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* the hosts named for want of their service */
#define NOT_FOUND_NAMES 5

/* A result waiting for the API. */
struct queued {
	size_t order; /* the host's place in the inventory */
	char *name;
	char *text; /* the report as text, with its perfdata line */
	int state;
};

struct wb_fleet_api {
	const struct wb_config *c;
	const struct nsc_icinga_api *api;
	struct nsc_icinga *client;
	struct nsc_target target;
	char source[256]; /* check_source: this host's name */
	struct queued *queue;
	size_t count, cap;
	size_t submitted, not_submitted;
	size_t bad_name, not_found, refused, not_sent, late;
	char not_found_names[NOT_FOUND_NAMES * 66];
	char refused_why[WB_MESSAGE_MAX];
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
	for (size_t i = 0; i < a->count; i++) {
		free(a->queue[i].name);
		free(a->queue[i].text);
	}
	free(a->queue);
	a->api->close(a->client);
	free(a);
}

void wb_fleet_api_add(struct wb_fleet_api *a, size_t order, const char *name,
		      int state, const char *text)
{
	struct queued *q;

	if (a->count == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 256;

		q = realloc(a->queue, cap * sizeof(*q));
		if (q == NULL)
			goto no_memory;
		a->queue = q;
		a->cap = cap;
	}
	q = &a->queue[a->count];
	q->order = order;
	q->state = state;
	q->name = strdup(name);
	q->text = strdup(text);
	if (q->name == NULL || q->text == NULL) {
		free(q->name);
		free(q->text);
		goto no_memory;
	}
	a->count++;
	return;
no_memory:
	a->not_submitted++;
	a->not_sent++;
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

/* Adds a host to the summary's list of those without the service. */
static void not_found(struct wb_fleet_api *a, const char *name)
{
	size_t used = strlen(a->not_found_names);
	char text[64];

	if (a->not_found++ >= NOT_FOUND_NAMES)
		return;
	snprintf(a->not_found_names + used, sizeof(a->not_found_names) - used,
		 "%s%s", used ? ", " : "", shown(text, sizeof(text), name));
}

/* POSTs one result: the summary and rule lines as the output (with the
 * last line's end, as the command file sends them), the perfdata line as
 * the perfdata. */
static void send_one(struct wb_fleet_api *a, struct queued *q, long left)
{
	char why[WB_MESSAGE_MAX];
	char *perf = strstr(q->text, "\n| ");
	struct nsc_passive result = {
		.host = q->name,
		.service = a->c->submit_service,
		.exit_status = q->state,
		.output = q->text,
		.check_source = a->source,
	};
	enum nsc_submit st;

	a->not_submitted++; /* until it is */
	if (a->stop != NSC_SUBMIT_OK) {
		a->not_sent++;
		return;
	}
	/* '!' separates host and service in Icinga's names */
	if (strchr(q->name, '!') != NULL) {
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
		not_found(a, q->name);
		break;
	case NSC_SUBMIT_REFUSED:
		if (a->refused++ == 0)
			snprintf(a->refused_why, sizeof(a->refused_why), "%s",
				 why);
		break;
	case NSC_SUBMIT_AUTH:
	case NSC_SUBMIT_CONNECT:
	case NSC_SUBMIT_ANSWER:
		a->not_sent++;
		stop_reason(a, st, why);
		break;
	}
}

static int by_order(const void *x, const void *y)
{
	const struct queued *p = x, *q = y;

	return p->order < q->order ? -1 : p->order > q->order;
}

void wb_fleet_api_send(struct wb_fleet_api *a, long (*left_ms)(void *),
		       void *ctx)
{
	/* the inventory's order: the same summary however hosts ended */
	if (a->count > 1)
		qsort(a->queue, a->count, sizeof(a->queue[0]), by_order);
	for (size_t i = 0; i < a->count; i++)
		send_one(a, &a->queue[i], left_ms(ctx));
}

size_t wb_fleet_api_submitted(const struct wb_fleet_api *a)
{
	return a->submitted;
}

const char *wb_fleet_api_stopped(const struct wb_fleet_api *a)
{
	return a->stop != NSC_SUBMIT_OK ? a->stop_why : NULL;
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
		fprintf(out, "%s%zu without a service %s (%s%s)", sep,
			a->not_found,
			shown(service, sizeof(service), a->c->submit_service),
			a->not_found_names,
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
	if (a->not_sent > 0)
		fprintf(out, "%s%zu not sent%s", sep, a->not_sent,
			a->stop != NSC_SUBMIT_OK ? " (the submission stopped)"
						 : " (out of memory)");
	fputc('\n', out);
}
