/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * nsc_fleet_run: many hosts' sessions (session.h) at once, each with its
 * own HTTP client, over one libcurl multi handle (http.h), in one thread.
 * A slot holds a host from its first question to its verdict; a host
 * whose deadline passes ends there and never holds the others.
 */
#include "http.h"
#include "nsclient.h"
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How long one wait lasts at most; libcurl's own timers cut it shorter. */
#define WAIT_MS 1000

struct slot {
	struct nsc_fleet_query q;
	struct nsc_http *http;
	struct nsc_session *session;
	bool busy;
};

/* The slot's end, told to the caller; the slot is free again. */
static void finish(struct slot *s, nsc_fleet_done_fn done, void *ctx)
{
	if (s->session != NULL)
		s->q.status = nsc_session_status(s->session);
	nsc_session_free(s->session);
	nsc_http_free(s->http);
	s->session = NULL;
	s->http = NULL;
	s->busy = false;
	done(ctx, &s->q);
}

/* Starts the session's next GET; false once the session has ended. */
static bool ask(struct nsc_http_multi *m, struct slot *s)
{
	const struct nsc_response none = {0}; /* no answer came */
	const char *path, *what;
	enum nsc_status st;

	while (nsc_session_next(s->session, &path, &what)) {
		st = nsc_http_start(m, s->http, path,
				    nsc_session_last(s->session), s, s->q.err,
				    sizeof(s->q.err));
		if (st == NSC_OK)
			return true;
		nsc_session_take(s->session, st, &none);
	}
	return false;
}

/* The slot's client and session, and its first GET; false: it has ended. */
static bool start(struct nsc_http_multi *m, struct slot *s)
{
	s->busy = true;
	memset(&s->q.host, 0, sizeof(s->q.host));
	if (s->q.target.api == NSC_API_NRPE) {
		snprintf(s->q.err, sizeof(s->q.err),
			 "NRPE is not asked in fleet mode: check %s on its own",
			 s->q.target.host);
		s->q.status = NSC_ERR_CONNECT;
		return false;
	}
	s->http = nsc_http_new(&s->q.target, s->q.err, sizeof(s->q.err));
	if (s->http == NULL) {
		s->q.status = NSC_ERR_CONNECT;
		return false;
	}
	s->session = nsc_session_new(&s->q.target, &s->q.host,
				     nsc_http_base(s->http), s->q.err,
				     sizeof(s->q.err));
	if (s->session == NULL) {
		s->q.status = NSC_ERR_ANSWER;
		return false;
	}
	return ask(m, s);
}

/* Reads every GET that ended and asks the next question. */
static size_t collect(struct nsc_http_multi *m, nsc_fleet_done_fn done,
		      void *ctx)
{
	struct nsc_response r;
	struct slot *s;
	size_t ended = 0;

	while ((s = nsc_http_multi_ended(m)) != NULL) {
		enum nsc_status st = nsc_http_result(s->http, &r, s->q.err,
						     sizeof(s->q.err));

		nsc_session_take(s->session, st, &r);
		if (!ask(m, s)) {
			finish(s, done, ctx);
			ended++;
		}
	}
	return ended;
}

bool nsc_fleet_run(size_t parallel, nsc_fleet_next_fn next,
		   nsc_fleet_done_fn done, void *ctx, char *err, size_t errlen)
{
	struct nsc_http_multi *m;
	struct slot *slots;
	size_t active = 0;
	bool more = true, ok = true;

	if (parallel < 1 || parallel > NSC_FLEET_PARALLEL_MAX) {
		snprintf(err, errlen, "parallel %zu is not from 1 to %d",
			 parallel, NSC_FLEET_PARALLEL_MAX);
		return false;
	}
	slots = calloc(parallel, sizeof(*slots));
	if (slots == NULL) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	m = nsc_http_multi_new(parallel, err, errlen);
	if (m == NULL) {
		free(slots);
		return false;
	}
	while (ok && (more || active > 0)) {
		for (size_t i = 0; more && i < parallel; i++) {
			struct slot *s = &slots[i];

			if (s->busy)
				continue;
			memset(&s->q, 0, sizeof(s->q));
			if (!next(ctx, &s->q)) {
				more = false;
				break;
			}
			if (start(m, s))
				active++;
			else
				finish(s, done, ctx);
		}
		if (active == 0)
			continue;
		ok = nsc_http_multi_wait(m, WAIT_MS, err, errlen);
		active -= collect(m, done, ctx);
	}
	/* libcurl failed: the hosts in flight end with its reason */
	for (size_t i = 0; i < parallel; i++)
		if (slots[i].busy) {
			nsc_session_free(slots[i].session);
			slots[i].session = NULL;
			slots[i].q.status = NSC_ERR_CONNECT;
			snprintf(slots[i].q.err, sizeof(slots[i].q.err), "%s",
				 err);
			finish(&slots[i], done, ctx);
		}
	nsc_http_multi_free(m);
	free(slots);
	return ok;
}
