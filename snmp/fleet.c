/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "fleet.h"

#include "pdu.h"
#include "wait.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>

/* A query in flight, or a free slot (handle NULL). */
struct slot {
	struct wbs_fleet_query q;
	void *handle;
	struct timespec deadline;
	bool ask[WBS_VARBINDS];
	bool ended;
};

static void end(struct slot *s, enum wbs_status status)
{
	s->q.status = status;
	s->ended = true;
}

static bool send_get(struct slot *s);

/*
 * The library's word on a request: an answer, a timeout after the
 * resends, or a failure to send. The answer is the library's to free.
 */
static int on_event(int op, netsnmp_session *session, int reqid,
		    netsnmp_pdu *pdu, void *magic)
{
	struct slot *s = magic;
	const struct wbs_target *t = &s->q.target;
	int bad;

	(void)session;
	(void)reqid;
	if (s->ended)
		return 1;
	switch (op) {
	case NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE:
		break;
	case NETSNMP_CALLBACK_OP_TIMED_OUT:
	case NETSNMP_CALLBACK_OP_SEND_FAILED:
	case NETSNMP_CALLBACK_OP_DISCONNECT:
		/* a resend that failed (an ICMP port unreachable came back
		 * for the first) is silence too */
		end(s, wbs_library_error(SNMPERR_TIMEOUT, t, s->q.err,
					 sizeof(s->q.err)));
		return 1;
	default: /* a resend, a connection: news, not an end */
		return 1;
	}
	if (pdu->command != SNMP_MSG_RESPONSE) {
		snprintf(s->q.err, sizeof(s->q.err),
			 "an answer came from %s but it was a %s PDU, not a "
			 "Response",
			 t->peer, snmp_pdu_type(pdu->command));
		end(s, WBS_ERR_ANSWER);
		return 1;
	}
	if (pdu->errstat == SNMP_ERR_NOERROR) {
		wbs_read_answer(pdu, &s->q.info);
		end(s, WBS_OK);
		return 1;
	}
	bad = pdu->errstat == SNMP_ERR_NOSUCHNAME
		      ? wbs_asked_index(s->ask, pdu->errindex)
		      : -1;
	if (bad == WBS_DESCR) {
		s->q.info.answer[bad] = "noSuchName";
		end(s, WBS_OK); /* the check below says what is missing */
		return 1;
	}
	if (bad < 0) {
		snprintf(s->q.err, sizeof(s->q.err),
			 "%s answered with error %s", t->peer,
			 snmp_errstring((int)pdu->errstat));
		end(s, WBS_ERR_ANSWER);
		return 1;
	}
	/* v1: another value is missing; ask again without it */
	s->q.info.answer[bad] = "noSuchName";
	s->ask[bad] = false;
	if (!send_get(s))
		end(s, wbs_library_error(SNMPERR_GENERR, t, s->q.err,
					 sizeof(s->q.err)));
	return 1;
}

static bool send_get(struct slot *s)
{
	netsnmp_pdu *pdu = wbs_request(s->ask);

	if (pdu == NULL)
		return false;
	if (snmp_sess_async_send(s->handle, pdu, on_event, s) == 0) {
		snmp_free_pdu(pdu);
		return false;
	}
	return true;
}

/* Opens the slot's session and sends its GET; false: it has ended. */
static bool start(struct slot *s)
{
	const struct wbs_target *t = &s->q.target;
	netsnmp_session session;
	long left;

	memset(&s->q.info, 0, sizeof(s->q.info));
	s->ended = false;
	for (int i = 0; i < WBS_VARBINDS; i++)
		s->ask[i] = true;
	s->deadline = wbs_deadline(t->timeout_ms);
	if (t->version == WBS_V3) {
		snprintf(s->q.err, sizeof(s->q.err),
			 "SNMPv3 is not asked in fleet mode yet: check %s on "
			 "its own",
			 t->peer);
		end(s, WBS_ERR_CONFIG);
		return false;
	}
	snmp_sess_init(&session);
	session.peername = (char *)t->peer;
	session.version =
		t->version == WBS_V1 ? SNMP_VERSION_1 : SNMP_VERSION_2c;
	session.community = (u_char *)t->community;
	session.community_len = strlen(t->community);
	left = wbs_us_left(&s->deadline);
	session.timeout = left / 2 > 0 ? left / 2 : 1; /* two tries fill it */
	session.retries = 1;
	s->handle = snmp_sess_open(&session);
	if (s->handle == NULL) {
		end(s, wbs_library_error(session.s_snmp_errno, t, s->q.err,
					 sizeof(s->q.err)));
		return false;
	}
	if (!send_get(s)) {
		end(s, wbs_library_error(SNMPERR_GENERR, t, s->q.err,
					 sizeof(s->q.err)));
		return false;
	}
	return true;
}

/* The slot's end, told to the caller; the slot is free again. */
static void finish(struct slot *s, wbs_fleet_done_fn done, void *ctx)
{
	if (s->handle != NULL) {
		snmp_sess_close(s->handle);
		s->handle = NULL;
	}
	if (!s->ended)
		end(s, wbs_library_error(SNMPERR_TIMEOUT, &s->q.target,
					 s->q.err, sizeof(s->q.err)));
	if (s->q.status == WBS_OK && !s->q.info.descr.present) {
		snprintf(s->q.err, sizeof(s->q.err),
			 "%s has no sysDescr.0 (the agent answered %s)",
			 s->q.target.peer,
			 s->q.info.answer[WBS_DESCR]
				 ? s->q.info.answer[WBS_DESCR]
				 : "without it");
		s->q.status = WBS_ERR_NO_DESCR;
	}
	done(ctx, &s->q);
}

/* Waits for any session's socket or timer, or the nearest deadline. */
static bool wait_any(struct slot *slots, size_t n, char *err, size_t errlen)
{
	struct timeval tv;
	fd_set fds;
	long wait_us = -1;
	int nfds = 0, ready;

	FD_ZERO(&fds);
	for (size_t i = 0; i < n; i++) {
		struct timeval stv = {0, 0};
		int block = 1;
		long us;

		if (slots[i].handle == NULL || slots[i].ended)
			continue;
		snmp_sess_select_info(slots[i].handle, &nfds, &fds, &stv,
				      &block);
		us = wbs_us_left(&slots[i].deadline);
		if (!block && stv.tv_sec * 1000000L + stv.tv_usec < us)
			us = stv.tv_sec * 1000000L + stv.tv_usec;
		if (wait_us < 0 || us < wait_us)
			wait_us = us > 0 ? us : 0;
	}
	if (wait_us < 0) /* no session open */
		return true;
	if (wait_us < 1)
		wait_us = 0;
	tv.tv_sec = wait_us / 1000000L;
	tv.tv_usec = wait_us % 1000000L;
	ready = select(nfds, &fds, NULL, NULL, &tv);
	if (ready < 0 && errno != EINTR) {
		snprintf(err, errlen, "select: %s", strerror(errno));
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		if (slots[i].handle == NULL || slots[i].ended)
			continue;
		if (ready > 0)
			snmp_sess_read(slots[i].handle, &fds);
		if (!slots[i].ended)
			snmp_sess_timeout(slots[i].handle);
	}
	return true;
}

bool wbs_fleet_run(size_t parallel, wbs_fleet_next_fn next,
		   wbs_fleet_done_fn done, void *ctx, char *err, size_t errlen)
{
	struct slot *slots;
	size_t active = 0;
	bool more = true, ok = true;

	if (parallel < 1 || parallel > WBS_FLEET_PARALLEL_MAX) {
		snprintf(err, errlen, "parallel %zu is not from 1 to %d",
			 parallel, WBS_FLEET_PARALLEL_MAX);
		return false;
	}
	slots = calloc(parallel, sizeof(*slots));
	if (slots == NULL) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	wbs_library_init(WBS_V2C);
	while (ok && (more || active > 0)) {
		for (size_t i = 0; more && i < parallel; i++) {
			struct slot *s = &slots[i];

			if (s->handle != NULL)
				continue;
			memset(&s->q, 0, sizeof(s->q));
			if (!next(ctx, &s->q)) {
				more = false;
				break;
			}
			if (start(s))
				active++;
			else
				finish(s, done, ctx);
		}
		if (active == 0)
			continue;
		ok = wait_any(slots, parallel, err, errlen);
		for (size_t i = 0; i < parallel; i++) {
			struct slot *s = &slots[i];

			if (s->handle == NULL ||
			    (!s->ended && wbs_us_left(&s->deadline) > 0 && ok))
				continue;
			finish(s, done, ctx);
			active--;
		}
	}
	free(slots);
	wbs_library_shutdown(WBS_V2C);
	return ok;
}
