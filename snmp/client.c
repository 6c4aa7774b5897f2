/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client.h"
#include "pdu.h"
#include "software.h"
#include "wait.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static enum wbs_status exchange(void *handle, const struct wbs_target *t,
				const struct timespec *deadline,
				struct wbs_sysinfo *out, char *err,
				size_t errlen)
{
	bool ask_for[WBS_VARBINDS] = {true, true, true, true};
	long ours = snmp_sess_session(handle)->version;

	for (int attempt = 0; attempt < WBS_VARBINDS; attempt++) {
		struct wbs_wait *w = snmp_sess_session(handle)->myvoid;
		netsnmp_pdu *pdu = wbs_request(ask_for), *resp;
		int bad;

		if (pdu == NULL) {
			snprintf(err, errlen, "out of memory");
			return WBS_ERR_TRANSPORT;
		}
		wbs_ask(handle, pdu, w, deadline);
		if (w->status != STAT_SUCCESS)
			return wbs_no_answer(w, t, ours, err, errlen);
		/*
		 * The answer's community is not checked, as net-snmp does
		 * not (snmp_comstr_parse only copies it; the request ID ties
		 * an answer to its request): it authenticates nothing coming
		 * back, and every agent echoes the request's.
		 */
		resp = w->response;
		w->response = NULL;
		if (resp->errstat == SNMP_ERR_NOERROR) {
			wbs_read_answer(resp, out);
			snmp_free_pdu(resp);
			return WBS_OK;
		}
		bad = resp->errstat == SNMP_ERR_NOSUCHNAME
			      ? wbs_asked_index(ask_for, resp->errindex)
			      : -1;
		if (bad == WBS_DESCR) {
			out->answer[bad] = "noSuchName";
			snmp_free_pdu(resp);
			return WBS_OK; /* the caller says what is missing */
		}
		if (bad < 0) {
			snprintf(err, errlen, "%s answered with error %s",
				 t->peer, snmp_errstring((int)resp->errstat));
			snmp_free_pdu(resp);
			return WBS_ERR_ANSWER;
		}
		/* v1: another value is missing; ask again without it */
		out->answer[bad] = "noSuchName";
		ask_for[bad] = false;
		snmp_free_pdu(resp);
	}
	snprintf(err, errlen, "%s kept answering noSuchName", t->peer);
	return WBS_ERR_ANSWER;
}

/*
 * The session through the extended API, which takes hooks: what
 * snmp_sess_open() does for a client, plus wbs_on_parsed and wbs_check_length.
 * NULL: err says why.
 */
static void *open_session(netsnmp_session *s, const struct wbs_target *t,
			  enum wbs_status *st, char *err, size_t errlen)
{
	struct wbs_wait *w = s->myvoid;
	netsnmp_transport *transport;
	void *handle;

	errno = 0;
	transport = netsnmp_tdomain_transport_full("snmp", t->peer, 0,
						   "udp,udp6", NULL);
	if (transport == NULL && errno == ECONNREFUSED) {
		snprintf(err, errlen,
			 "connection refused by %s: no SNMP agent listens on "
			 "that TCP port",
			 t->peer);
		*st = WBS_ERR_TRANSPORT;
		return NULL;
	}
	if (transport == NULL) {
		*st = wbs_library_error(SNMPERR_BAD_ADDRESS, t, err, errlen);
		return NULL;
	}
	handle = snmp_sess_add_ex(s, transport, NULL, NULL, wbs_on_parsed, NULL,
				  NULL, wbs_check_length, NULL);
	if (handle != NULL)
		return handle;
	if (t->version == WBS_V3) {
		/* the engine ID probe failed: what came, the hooks saw */
		*st = wbs_no_answer(w, t, SNMP_VERSION_3, err, errlen);
		if (*st != WBS_ERR_TIMEOUT ||
		    s->s_snmp_errno == SNMPERR_SUCCESS)
			return NULL;
	}
	*st = wbs_library_error(s->s_snmp_errno, t, err, errlen);
	return NULL;
}

enum wbs_status wbs_query_sysinfo(const struct wbs_target *t,
				  struct wbs_sysinfo *out,
				  struct wbs_software *software, char *err,
				  size_t errlen)
{
	netsnmp_session session;
	struct wbs_wait wait = {.status = STAT_TIMEOUT};
	struct timespec deadline = wbs_deadline(t->timeout_ms);
	void *handle;
	enum wbs_status st;

	memset(out, 0, sizeof(*out));
	wbs_wait_reset();
	wbs_library_init(t->version);
	snmp_sess_init(&session);
	session.peername = (char *)t->peer;
	/* the engine ID probe's two tries; ask() sets each GET's */
	session.timeout = wbs_us_left(&deadline) / 2;
	session.retries = 1;
	session.callback = wbs_on_event;
	session.callback_magic = &wait;
	session.myvoid = &wait;
	switch (t->version) {
	case WBS_V1:
	case WBS_V2C:
		wbs_set_community(&session, t);
		break;
	case WBS_V3:
		session.version = SNMP_VERSION_3;
		st = wbs_set_v3(&session, t, NULL, err, errlen);
		if (st != WBS_OK)
			goto free_protocols;
		break;
	}
	handle = open_session(&session, t, &st, err, errlen);
	if (handle == NULL)
		goto free_protocols;
	st = exchange(handle, t, &deadline, out, err, errlen);
	if (st == WBS_OK && !out->descr.present) {
		snprintf(err, errlen,
			 "%s has no sysDescr.0 (the agent answered %s)",
			 t->peer,
			 out->answer[WBS_DESCR] ? out->answer[WBS_DESCR]
						: "without it");
		st = WBS_ERR_NO_DESCR;
	}
	if (st == WBS_OK && software != NULL)
		wbs_walk_software(handle, t, &deadline, software);
	snmp_sess_close(handle);
	snmp_free_pdu(wait.response);
free_protocols:
	free(session.securityAuthProto);
	free(session.securityPrivProto);
	wbs_library_shutdown(t->version);
	return st;
}
