/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Waiting for one answer and telling what came: see wait.h.
 */
#include "wait.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>

/* Maps a library error number to our status and a one-line reason. */
enum wbs_status wbs_library_error(int liberr, const struct wbs_target *t,
				  char *err, size_t errlen)
{
	const char *peer = t->peer;

	switch (liberr) {
	case SNMPERR_TIMEOUT:
		snprintf(err, errlen, "no answer from %s", peer);
		return WBS_ERR_TIMEOUT;
	case SNMPERR_AUTHENTICATION_FAILURE:
	case SNMPERR_USM_AUTHENTICATIONFAILURE:
		snprintf(err, errlen,
			 "SNMPv3 authentication failed at %s: wrong "
			 "authentication passphrase or protocol (-A, -a)",
			 peer);
		return WBS_ERR_AUTH;
	case SNMPERR_UNKNOWN_USER_NAME:
	case SNMPERR_USM_UNKNOWNSECURITYNAME:
		snprintf(err, errlen,
			 "%s does not know the SNMPv3 user '%s' (-U)", peer,
			 t->user);
		return WBS_ERR_USER;
	case SNMPERR_USM_DECRYPTIONERROR:
	case SNMPERR_DECRYPTION_ERR:
		snprintf(err, errlen,
			 "SNMPv3 decryption failed at %s: wrong privacy "
			 "passphrase or protocol (-X, -x)",
			 peer);
		return WBS_ERR_PRIV;
	case SNMPERR_UNSUPPORTED_SEC_LEVEL:
	case SNMPERR_USM_UNSUPPORTEDSECURITYLEVEL:
		snprintf(err, errlen,
			 "%s does not allow security level for this user (-L)",
			 peer);
		return WBS_ERR_AUTH;
	case SNMPERR_USM_NOTINTIMEWINDOW:
	case SNMPERR_NOT_IN_TIME_WINDOW:
		snprintf(err, errlen,
			 "%s kept rejecting the request as outside its SNMPv3 "
			 "time window (usmStatsNotInTimeWindows), also after "
			 "taking its engine time: its engine boots or time "
			 "counter is broken, or another agent shares its "
			 "engine ID",
			 peer);
		return WBS_ERR_AUTH;
	case SNMPERR_BAD_ADDRESS:
	case SNMPERR_TRANSPORT_NO_CONFIG:
	case SNMPERR_TRANSPORT_CONFIG_ERROR:
		snprintf(err, errlen, "cannot resolve or use the address %s",
			 peer);
		return WBS_ERR_TRANSPORT;
	}
	snprintf(err, errlen, "SNMP request to %s failed: %s", peer,
		 snmp_api_errstring(liberr));
	return WBS_ERR_TRANSPORT;
}

/*
 * Over TCP net-snmp keeps reading until a message is whole, up to 2 GiB
 * (SNMP_MAX_PACKET_LEN); one that announces more than WBS_WBS_TCP_ANSWER_MAX is
 * refused as soon as its header is in. The check hook has no context
 * argument, hence the file-scope note of what it refused.
 */
static long tcp_refused; /* the length announced, -1: not BER */

void wbs_wait_reset(void)
{
	tcp_refused = 0;
}

int wbs_check_length(u_char *packet, size_t len)
{
	int need = asn_check_packet(packet, len);

	if (need >= 0 && need <= WBS_TCP_ANSWER_MAX)
		return need;
	tcp_refused = need;
	return -1; /* over SNMP_MAX_PACKET_LEN as a size_t: a hang-up */
}

/*
 * Post-parse hook, for what net-snmp does not count: snmpInASNParseErrs
 * counts errors inside a PDU, but nothing counts a v1/v2c message header
 * that does not parse, or a version other than the session's (_snmp_parse
 * and snmp_comstr_parse, net-snmp 5.9.3). A v1/v2c failure leaves its
 * reason in the session (SNMPERR_BAD_VERSION or SNMPERR_BAD_PARSE); v3
 * returns it.
 */
int wbs_on_parsed(netsnmp_session *s, netsnmp_pdu *pdu, int rc)
{
	struct wbs_wait *w = s->myvoid;

	if (rc != SNMPERR_SUCCESS) {
		w->dropped = rc != -1 ? rc : s->s_snmp_errno;
		w->dropped_version = pdu->version;
	}
	return 1;
}

/* The session callback: answers, reports, timeouts, a closed connection. */
int wbs_on_event(int op, netsnmp_session *s, int reqid, netsnmp_pdu *pdu,
		 void *magic)
{
	struct wbs_wait *w = magic;

	(void)reqid;
	switch (op) {
	case NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE:
		if (pdu->command == SNMP_MSG_RESPONSE) {
			w->response = snmp_clone_pdu(pdu);
			w->status = w->response ? STAT_SUCCESS : STAT_ERROR;
			w->liberr =
				w->response ? SNMPERR_SUCCESS : SNMPERR_MALLOC;
			w->done = true;
		} else if (pdu->command == SNMP_MSG_REPORT) {
			/*
			 * The report that ends the request comes with
			 * SEC_ERROR: after it in net-snmp 5.9.3, before it
			 * in Debian's 5.9.3 and in 5.10 (commit fa80d4c),
			 * which also resend after a notInTimeWindow report
			 * without a word.
			 */
			w->report = snmpv3_get_report_type(pdu);
			if (w->status == STAT_ERROR)
				w->liberr = w->report;
		} else if (s->s_snmp_errno == SNMPERR_SUCCESS) {
			/* a request or a trap: no answer at all (a message
			 * that failed USM checks comes with its error set,
			 * and wbs_on_parsed has it) */
			w->unexpected = pdu->command;
		}
		return 1;
	case NETSNMP_CALLBACK_OP_SEC_ERROR:
		w->status = STAT_ERROR;
		w->liberr = w->report ? w->report : SNMPERR_GENERR;
		w->done = true;
		return 1;
	case NETSNMP_CALLBACK_OP_TIMED_OUT:
		w->status = STAT_TIMEOUT;
		w->done = true;
		return 1;
	case NETSNMP_CALLBACK_OP_DISCONNECT:
		w->status = STAT_ERROR;
		w->liberr = SNMPERR_ABORT;
		w->done = true;
		return 1;
	}
	return 1;
}

/*
 * The end of the exchange: the caller's budget less the time to render
 * the answer before its alarm, 5 % of it within 100 to 500 ms.
 */
struct timespec wbs_deadline(long timeout_ms)
{
	long margin = timeout_ms / 20, ms;
	struct timespec d;

	margin = margin < 100 ? 100 : margin > 500 ? 500 : margin;
	ms = timeout_ms > margin ? timeout_ms - margin : 1;
	clock_gettime(CLOCK_MONOTONIC, &d);
	d.tv_sec += ms / 1000;
	d.tv_nsec += (ms % 1000) * 1000000L;
	if (d.tv_nsec >= 1000000000L) {
		d.tv_sec++;
		d.tv_nsec -= 1000000000L;
	}
	return d;
}

long wbs_us_left(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(deadline->tv_sec - now.tv_sec) * 1000000L +
	       (deadline->tv_nsec - now.tv_nsec) / 1000L;
}

/*
 * Sends pdu (the library's from then on) and waits until its answer, a
 * final error, or the deadline. Not snmp_sess_synch_response(): when an
 * agent keeps answering notInTimeWindow, net-snmp drops the request after
 * its last resend but that loop keeps waiting, with no timer left.
 */
void wbs_ask(void *handle, netsnmp_pdu *pdu, struct wbs_wait *w,
	     const struct timespec *deadline)
{
	netsnmp_session *s = snmp_sess_session(handle);
	long left = wbs_us_left(deadline);

	*w = (struct wbs_wait){
		.status = STAT_TIMEOUT,
		.unmatched = snmp_get_statistic(STAT_SNMPUNKNOWNPDUHANDLERS)};
	s->timeout = left / 2 > 0 ? left / 2 : 1; /* two tries fill it */
	if (snmp_sess_send(handle, pdu) == 0) {
		snmp_free_pdu(pdu);
		w->status = STAT_ERROR;
		w->liberr = s->s_snmp_errno;
		return;
	}
	while (!w->done && (left = wbs_us_left(deadline)) > 0) {
		struct timeval tv = {0, 0};
		fd_set fds;
		int nfds = 0, block = 1, n;

		FD_ZERO(&fds);
		snmp_sess_select_info(handle, &nfds, &fds, &tv, &block);
		if (block || tv.tv_sec * 1000000L + tv.tv_usec > left) {
			tv.tv_sec = left / 1000000L;
			tv.tv_usec = left % 1000000L;
		}
		n = select(nfds, &fds, NULL, NULL, &tv);
		if (n > 0) {
			snmp_sess_read(handle, &fds);
		} else if (n == 0) {
			snmp_sess_timeout(handle);
		} else if (errno != EINTR) {
			w->status = STAT_ERROR;
			w->liberr = SNMPERR_GENERR;
			return;
		}
	}
}

static const char *version_text(long version)
{
	switch (version) {
	case SNMP_VERSION_1:
		return "v1";
	case SNMP_VERSION_2c:
		return "v2c";
	case SNMP_VERSION_3:
		return "v3";
	}
	return "an unknown version";
}

/* An answer came and net-snmp dropped it: why, from the parse hook. */
static enum wbs_status dropped_answer(const struct wbs_wait *w,
				      const struct wbs_target *t, long ours,
				      char *err, size_t errlen)
{
	const char *peer = t->peer;

	if (w->dropped == SNMPERR_BAD_VERSION || w->dropped_version != ours) {
		snprintf(err, errlen,
			 "an answer came from %s but in SNMP %s, not %s as "
			 "asked (-P)",
			 peer, version_text(w->dropped_version),
			 version_text(ours));
		return WBS_ERR_ANSWER;
	}
	switch (w->dropped) {
	case SNMPERR_BAD_PARSE:
	case SNMPERR_ASN_PARSE_ERR:
		snprintf(err, errlen,
			 "an answer came from %s but could not be decoded "
			 "(malformed BER)",
			 peer);
		return WBS_ERR_ANSWER;
	case SNMPERR_USM_AUTHENTICATIONFAILURE:
	case SNMPERR_USM_DECRYPTIONERROR:
		/* the agent's keys for the user are not ours */
		return wbs_library_error(w->dropped, t, err, errlen);
	}
	snprintf(err, errlen, "an answer came from %s but was dropped: %s",
		 peer, snmp_api_errstring(w->dropped));
	return WBS_ERR_ANSWER;
}

/* No usable answer: silence, or something that came and was not used. */
enum wbs_status wbs_no_answer(const struct wbs_wait *w,
			      const struct wbs_target *t, long ours, char *err,
			      size_t errlen)
{
	const char *peer = t->peer;

	if (tcp_refused != 0) {
		if (tcp_refused > 0)
			snprintf(err, errlen,
				 "%s announced an answer of %ld bytes, more "
				 "than the %d this plugin reads",
				 peer, tcp_refused, WBS_TCP_ANSWER_MAX);
		else
			snprintf(err, errlen,
				 "%s sent something that is not an SNMP "
				 "message",
				 peer);
		return WBS_ERR_ANSWER;
	}
	if (w->dropped != SNMPERR_SUCCESS)
		return dropped_answer(w, t, ours, err, errlen);
	if (w->unexpected != 0) {
		snprintf(err, errlen,
			 "an answer came from %s but it was a %s PDU, not a "
			 "Response (does something echo requests back?)",
			 peer, snmp_pdu_type(w->unexpected));
		return WBS_ERR_ANSWER;
	}
	/* parsed, but no request of ours had its ID (v3: its msgID) */
	if (snmp_get_statistic(STAT_SNMPUNKNOWNPDUHANDLERS) != w->unmatched) {
		snprintf(err, errlen,
			 "an answer came from %s but did not match the request "
			 "(another request ID)",
			 peer);
		return WBS_ERR_ANSWER;
	}
	if (w->status == STAT_ERROR && w->liberr == SNMPERR_ABORT) {
		snprintf(err, errlen,
			 "%s closed the connection before a whole answer came",
			 peer);
		return WBS_ERR_ANSWER;
	}
	if (w->status == STAT_ERROR)
		return wbs_library_error(w->liberr, t, err, errlen);
	return wbs_library_error(SNMPERR_TIMEOUT, t, err, errlen);
}
