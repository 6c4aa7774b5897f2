/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * nsc_fleet_run: many hosts' sessions (session.h) at once, in one thread:
 * REST hosts each with its own HTTP client over one libcurl multi handle
 * (http.h), NRPE hosts each with its own NRPE client (nrpe.h), whose
 * sockets libcurl's poll waits on beside its own. A slot holds a host
 * from its first question to its verdict; a host whose deadline passes
 * ends there and never holds the others.
 */
#include "answer.h"
#include "http.h"
#include "nrpe.h"
#include "nsclient.h"
#include "session.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How long one wait lasts at most; libcurl's own timers cut it shorter. */
#define WAIT_MS 1000

struct slot {
	struct nsc_fleet_query q;
	struct nsc_http *http; /* a REST host's client, or */
	struct nsc_nrpe *nrpe; /* an NRPE host's */
	char *text;	       /* NRPE: the answer, NSC_MESSAGE_MAX bytes */
	short events;	       /* NRPE: what its command waits for */
	struct nsc_session *session;
	bool busy;
};

/* The descriptors of the NRPE commands waiting, and their slots. */
struct waits {
	struct nsc_waitfd *fds;
	struct pollfd *ready; /* the same, asked again after the wait */
	struct slot **owner;
	size_t n;
	long ms; /* the wait: WAIT_MS, or less when a deadline comes sooner */
};

/* The slot's end, told to the caller; the slot is free again. */
static void finish(struct slot *s, nsc_fleet_done_fn done, void *ctx)
{
	if (s->session != NULL)
		s->q.status = nsc_session_status(s->session);
	nsc_session_free(s->session);
	nsc_http_free(s->http);
	nsc_nrpe_free(s->nrpe);
	free(s->text);
	s->session = NULL;
	s->http = NULL;
	s->nrpe = NULL;
	s->text = NULL;
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

/* Starts the session's next NRPE query; false once the session has
 * ended. */
static bool ask_nrpe(struct slot *s)
{
	const char *query;

	if (!nsc_session_nrpe_next(s->session, nsc_nrpe_version(s->nrpe),
				   &query))
		return false;
	nsc_nrpe_start(s->nrpe, query, s->text, NSC_MESSAGE_MAX, s->q.err,
		       sizeof(s->q.err));
	return true;
}

/* Moves the slot's NRPE command on, and on to the next query as each
 * ends; false once the session has ended. */
static bool move_nrpe(struct slot *s)
{
	while (!nsc_nrpe_step(s->nrpe, &s->events)) {
		int result = -1;
		bool capped = false;
		enum nsc_status st = nsc_nrpe_result(s->nrpe, &result, &capped);

		nsc_session_nrpe_take(s->session, st, result, s->text, capped);
		if (!ask_nrpe(s))
			return false;
	}
	return true;
}

/* An NRPE host's client, answer buffer and first query; false: it has
 * ended. */
static bool start_nrpe(struct slot *s)
{
	s->nrpe = nsc_nrpe_new(&s->q.target, s->q.err, sizeof(s->q.err));
	if (s->nrpe == NULL) {
		s->q.status = NSC_ERR_CONNECT;
		return false;
	}
	s->text = malloc(NSC_MESSAGE_MAX);
	if (s->text == NULL) {
		snprintf(s->q.err, sizeof(s->q.err), "out of memory");
		s->q.status = NSC_ERR_ANSWER;
		return false;
	}
	s->session = nsc_session_new(&s->q.target, &s->q.host,
				     nsc_nrpe_base(s->nrpe), s->q.err,
				     sizeof(s->q.err));
	if (s->session == NULL) {
		s->q.status = NSC_ERR_ANSWER;
		return false;
	}
	return ask_nrpe(s) && move_nrpe(s);
}

/* The slot's client and session, and its first question; false: it has
 * ended. */
static bool start(struct nsc_http_multi *m, struct slot *s)
{
	s->busy = true;
	memset(&s->q.host, 0, sizeof(s->q.host));
	if (s->q.target.api == NSC_API_NRPE)
		return start_nrpe(s);
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

/* The NRPE commands' descriptors to wait on, and how long at most. */
static void gather_waits(struct slot *slots, size_t parallel, struct waits *w)
{
	w->n = 0;
	w->ms = WAIT_MS;
	for (size_t i = 0; i < parallel; i++) {
		struct slot *s = &slots[i];
		long left;

		if (!s->busy || s->nrpe == NULL)
			continue;
		left = nsc_nrpe_ms_left(s->nrpe);
		if (left < w->ms)
			w->ms = left > 0 ? left : 0;
		w->fds[w->n] = (struct nsc_waitfd){.fd = nsc_nrpe_fd(s->nrpe),
						   .events = s->events};
		w->owner[w->n++] = s;
	}
}

/*
 * Moves every NRPE command that is ready or out of time on. Readiness is
 * poll(2)'s own, asked at once: libcurl reports only in and out, and a
 * socket whose connect failed may show only POLLERR or POLLHUP.
 */
static size_t collect_nrpe(const struct waits *w, nsc_fleet_done_fn done,
			   void *ctx)
{
	size_t ended = 0;

	for (size_t i = 0; i < w->n; i++)
		w->ready[i] = (struct pollfd){.fd = w->fds[i].fd,
					      .events = w->fds[i].events};
	if (w->n > 0 && poll(w->ready, w->n, 0) < 0)
		for (size_t i = 0; i < w->n; i++)
			w->ready[i].revents = 0; /* EINTR: the next round */
	for (size_t i = 0; i < w->n; i++) {
		struct slot *s = w->owner[i];
		bool ready = w->ready[i].revents != 0 || w->fds[i].revents != 0;

		if (!ready && nsc_nrpe_ms_left(s->nrpe) > 0)
			continue;
		if (!ready)
			nsc_nrpe_expire(s->nrpe);
		if (!move_nrpe(s)) {
			finish(s, done, ctx);
			ended++;
		}
	}
	return ended;
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
	struct nsc_http_multi *m = NULL;
	struct slot *slots;
	struct waits w = {0};
	size_t active = 0;
	bool more = true, ok = true;

	if (parallel < 1 || parallel > NSC_FLEET_PARALLEL_MAX) {
		snprintf(err, errlen, "parallel %zu is not from 1 to %d",
			 parallel, NSC_FLEET_PARALLEL_MAX);
		return false;
	}
	slots = calloc(parallel, sizeof(*slots));
	w.fds = calloc(parallel, sizeof(*w.fds));
	w.ready = calloc(parallel, sizeof(*w.ready));
	w.owner = calloc(parallel, sizeof(*w.owner));
	if (slots == NULL || w.fds == NULL || w.ready == NULL ||
	    w.owner == NULL) {
		snprintf(err, errlen, "out of memory");
		ok = false;
		goto free_slots;
	}
	m = nsc_http_multi_new(parallel, err, errlen);
	if (m == NULL) {
		ok = false;
		goto free_slots;
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
		gather_waits(slots, parallel, &w);
		ok = nsc_http_multi_wait(m, w.ms, w.fds, w.n, err, errlen);
		active -= collect(m, done, ctx);
		if (ok)
			active -= collect_nrpe(&w, done, ctx);
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
free_slots:
	free(w.owner);
	free(w.ready);
	free(w.fds);
	free(slots);
	return ok;
}
