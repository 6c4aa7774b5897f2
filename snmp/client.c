/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client.h"

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>

const char *const wbs_varbind_names[WBS_VARBINDS] = {
	"sysDescr.0", "sysObjectID.0", "sysName.0", "hrSystemUptime.0"};

static const oid varbind_oids[WBS_VARBINDS][10] = {
	{1, 3, 6, 1, 2, 1, 1, 1, 0},
	{1, 3, 6, 1, 2, 1, 1, 2, 0},
	{1, 3, 6, 1, 2, 1, 1, 5, 0},
	{1, 3, 6, 1, 2, 1, 25, 1, 1, 0},
};
static const size_t varbind_oid_len[WBS_VARBINDS] = {9, 9, 9, 10};

/*
 * The library reads no MIBs, no snmp.conf and no persistent state, and
 * logs nowhere: a plugin's stdout is its interface and stderr is noise.
 * Community-based versions need no more: opening the session sets up its
 * transport. init_snmp() is for SNMPv3 only, since it sets up the USM,
 * whose engine ID seeds OpenSSL's random generator: two thirds of a v2c
 * check's instructions for nothing.
 */
static void library_init(enum wbs_version version)
{
	setenv("MIBS", "", 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
			       NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
			       NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
			       NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
			       NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
	netsnmp_register_loghandler(NETSNMP_LOGHANDLER_NONE, LOG_DEBUG);
	if (version == WBS_V3)
		init_snmp("check_winbuild");
}

/*
 * The transport list stays: netsnmp_clear_tdomain_list() frees its nodes
 * but not the prefixes they own, turning reachable memory into leaks.
 */
static void library_shutdown(enum wbs_version version)
{
	if (version == WBS_V3)
		snmp_shutdown("check_winbuild");
	else
		netsnmp_ds_shutdown();
}

static void auth_protocol(enum wbs_auth auth, const oid **proto, size_t *len)
{
	switch (auth) {
	case WBS_AUTH_MD5:
		*proto = usmHMACMD5AuthProtocol;
		break;
	case WBS_AUTH_SHA1:
		*proto = usmHMACSHA1AuthProtocol;
		break;
	case WBS_AUTH_SHA224:
		*proto = usmHMAC128SHA224AuthProtocol;
		break;
	case WBS_AUTH_SHA256:
		*proto = usmHMAC192SHA256AuthProtocol;
		break;
	case WBS_AUTH_SHA384:
		*proto = usmHMAC256SHA384AuthProtocol;
		break;
	case WBS_AUTH_SHA512:
		*proto = usmHMAC384SHA512AuthProtocol;
		break;
	}
	*len = USM_AUTH_PROTO_SHA_LEN;
}

static bool priv_protocol(enum wbs_priv priv, const oid **proto, size_t *len)
{
	switch (priv) {
	case WBS_PRIV_DES:
#ifndef NETSNMP_DISABLE_DES
		*proto = usmDESPrivProtocol;
		*len = OID_LENGTH(usmDESPrivProtocol);
		return true;
#else
		return false;
#endif
	case WBS_PRIV_AES:
		*proto = usmAESPrivProtocol;
		*len = OID_LENGTH(usmAESPrivProtocol);
		return true;
	case WBS_PRIV_AES192:
	case WBS_PRIV_AES256:
#ifdef NETSNMP_DRAFT_BLUMENTHAL_AES_04
		*proto = priv == WBS_PRIV_AES192 ? usmAES192PrivProtocol
						 : usmAES256PrivProtocol;
		*len = OID_LENGTH(usmAES192PrivProtocol);
		return true;
#else
		return false;
#endif
	}
	return false;
}

static enum wbs_status set_v3(netsnmp_session *s, const struct wbs_target *t,
			      char *err, size_t errlen)
{
	const oid *proto = NULL;
	size_t len = 0;

	s->securityName = (char *)t->user;
	s->securityNameLen = strlen(t->user);
	if (t->context != NULL) {
		s->contextName = (char *)t->context;
		s->contextNameLen = strlen(t->context);
	}
	s->securityLevel = t->level == WBS_AUTH_PRIV ? SNMP_SEC_LEVEL_AUTHPRIV
			   : t->level == WBS_AUTH_NOPRIV
				   ? SNMP_SEC_LEVEL_AUTHNOPRIV
				   : SNMP_SEC_LEVEL_NOAUTH;
	if (t->level == WBS_NOAUTH_NOPRIV)
		return WBS_OK;
	auth_protocol(t->auth, &proto, &len);
	s->securityAuthProto = snmp_duplicate_objid(proto, len);
	s->securityAuthProtoLen = len;
	s->securityAuthKeyLen = USM_AUTH_KU_LEN;
	if (s->securityAuthProto == NULL ||
	    generate_Ku(proto, (u_int)len, (const u_char *)t->auth_pass,
			strlen(t->auth_pass), s->securityAuthKey,
			&s->securityAuthKeyLen) != SNMPERR_SUCCESS) {
		snprintf(err, errlen,
			 "cannot derive the SNMPv3 authentication key");
		return WBS_ERR_CONFIG;
	}
	if (t->level != WBS_AUTH_PRIV)
		return WBS_OK;
	if (!priv_protocol(t->priv, &proto, &len)) {
		snprintf(err, errlen,
			 "this net-snmp library lacks the privacy protocol "
			 "asked for with -x");
		return WBS_ERR_CONFIG;
	}
	s->securityPrivProto = snmp_duplicate_objid(proto, len);
	s->securityPrivProtoLen = len;
	s->securityPrivKeyLen = USM_PRIV_KU_LEN;
	/* the privacy key is derived with the authentication hash */
	if (s->securityPrivProto == NULL ||
	    generate_Ku(s->securityAuthProto, (u_int)s->securityAuthProtoLen,
			(const u_char *)t->priv_pass, strlen(t->priv_pass),
			s->securityPrivKey,
			&s->securityPrivKeyLen) != SNMPERR_SUCCESS) {
		snprintf(err, errlen, "cannot derive the SNMPv3 privacy key");
		return WBS_ERR_CONFIG;
	}
	return WBS_OK;
}

/* Maps a library error number to our status and a one-line reason. */
static enum wbs_status library_error(int liberr, const struct wbs_target *t,
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

static void keep_octets(const netsnmp_variable_list *v, struct wbs_octets *o)
{
	o->present = true;
	o->full_len = v->val_len;
	o->len = v->val_len < sizeof(o->buf) ? v->val_len : sizeof(o->buf);
	if (o->len > 0)
		memcpy(o->buf, v->val.string, o->len);
}

static void keep_object_id(const netsnmp_variable_list *v,
			   struct wbs_sysinfo *out)
{
	size_t n = v->val_len / sizeof(oid), used = 0;

	out->object_id[0] = '\0';
	for (size_t i = 0; i < n && used < sizeof(out->object_id); i++) {
		int w = snprintf(out->object_id + used,
				 sizeof(out->object_id) - used, "%s%lu",
				 i ? "." : "", (unsigned long)v->val.objid[i]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	out->has_object_id = used < sizeof(out->object_id);
}

static int varbind_index(const netsnmp_variable_list *v)
{
	for (int i = 0; i < WBS_VARBINDS; i++)
		if (snmp_oid_compare(v->name, v->name_length, varbind_oids[i],
				     varbind_oid_len[i]) == 0)
			return i;
	return -1;
}

/* Takes what is usable from one answer; the type decides, not the OID. */
static void read_answer(const netsnmp_pdu *resp, struct wbs_sysinfo *out)
{
	for (const netsnmp_variable_list *v = resp->variables; v;
	     v = v->next_variable) {
		int i = varbind_index(v);
		if (i < 0)
			continue;
		switch (v->type) {
		case SNMP_NOSUCHOBJECT:
			out->answer[i] = "noSuchObject";
			continue;
		case SNMP_NOSUCHINSTANCE:
			out->answer[i] = "noSuchInstance";
			continue;
		case SNMP_ENDOFMIBVIEW:
			out->answer[i] = "endOfMibView";
			continue;
		}
		out->answer[i] = "a value of the wrong type";
		if (i == WBS_DESCR && v->type == ASN_OCTET_STR) {
			keep_octets(v, &out->descr);
			out->answer[i] = "OCTET STRING";
		} else if (i == WBS_NAME && v->type == ASN_OCTET_STR) {
			keep_octets(v, &out->name);
			out->answer[i] = "OCTET STRING";
		} else if (i == WBS_OBJECT_ID && v->type == ASN_OBJECT_ID) {
			keep_object_id(v, out);
			out->answer[i] = "OBJECT IDENTIFIER";
		} else if (i == WBS_UPTIME && v->type == ASN_TIMETICKS &&
			   v->val_len >= sizeof(long)) {
			out->has_uptime = true;
			out->uptime_ticks = (unsigned long)*v->val.integer;
			out->answer[i] = "TimeTicks";
		}
	}
}

static netsnmp_pdu *request(const bool ask[WBS_VARBINDS])
{
	netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GET);

	if (pdu == NULL)
		return NULL;
	for (int i = 0; i < WBS_VARBINDS; i++)
		if (ask[i])
			snmp_add_null_var(pdu, varbind_oids[i],
					  varbind_oid_len[i]);
	return pdu;
}

/* The varbind a v1 error index points at, among those asked. */
static int asked_index(const bool ask[WBS_VARBINDS], long errindex)
{
	long n = 0;

	for (int i = 0; i < WBS_VARBINDS; i++)
		if (ask[i] && ++n == errindex)
			return i;
	return -1;
}

/*
 * One request's wait, and what arrived during it. net-snmp drops an answer
 * it cannot use without a word, so that an agent answering in another
 * version, in broken BER or to another request would look like silence;
 * the hooks and counters below tell those apart.
 */
struct wait {
	bool done;
	int status;	       /* STAT_SUCCESS, STAT_ERROR or STAT_TIMEOUT */
	int liberr;	       /* with STAT_ERROR: the SNMPERR_ code */
	netsnmp_pdu *response; /* with STAT_SUCCESS: ours to free */
	int report;	       /* the last report's SNMPERR_ code */
	int dropped;	       /* why the last one that failed to parse did */
	long dropped_version;  /* the SNMP version it carried */
	int unexpected;	       /* the type of a PDU that was no answer */
	u_int unmatched;       /* snmpUnknownPDUHandlers when sent */
};

/*
 * Over TCP net-snmp keeps reading until a message is whole, up to 2 GiB
 * (SNMP_MAX_PACKET_LEN); one that announces more than this is refused as
 * soon as its header is in. The check hook has no context argument,
 * hence the file-scope note of what it refused.
 */
#define TCP_ANSWER_MAX (1024 * 1024)
static long tcp_refused; /* the length announced, -1: not BER */

static int check_length(u_char *packet, size_t len)
{
	int need = asn_check_packet(packet, len);

	if (need >= 0 && need <= TCP_ANSWER_MAX)
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
static int on_parsed(netsnmp_session *s, netsnmp_pdu *pdu, int rc)
{
	struct wait *w = s->myvoid;

	if (rc != SNMPERR_SUCCESS) {
		w->dropped = rc != -1 ? rc : s->s_snmp_errno;
		w->dropped_version = pdu->version;
	}
	return 1;
}

/* The session callback: answers, reports, timeouts, a closed connection. */
static int on_event(int op, netsnmp_session *s, int reqid, netsnmp_pdu *pdu,
		    void *magic)
{
	struct wait *w = magic;

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
			 * and on_parsed has it) */
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
static struct timespec deadline_for(long timeout_ms)
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

static long us_left(const struct timespec *deadline)
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
static void ask(void *handle, netsnmp_pdu *pdu, struct wait *w,
		const struct timespec *deadline)
{
	netsnmp_session *s = snmp_sess_session(handle);
	long left = us_left(deadline);

	*w = (struct wait){
		.status = STAT_TIMEOUT,
		.unmatched = snmp_get_statistic(STAT_SNMPUNKNOWNPDUHANDLERS)};
	s->timeout = left / 2 > 0 ? left / 2 : 1; /* two tries fill it */
	if (snmp_sess_send(handle, pdu) == 0) {
		snmp_free_pdu(pdu);
		w->status = STAT_ERROR;
		w->liberr = s->s_snmp_errno;
		return;
	}
	while (!w->done && (left = us_left(deadline)) > 0) {
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
static enum wbs_status dropped_answer(const struct wait *w,
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
		return library_error(w->dropped, t, err, errlen);
	}
	snprintf(err, errlen, "an answer came from %s but was dropped: %s",
		 peer, snmp_api_errstring(w->dropped));
	return WBS_ERR_ANSWER;
}

/* No usable answer: silence, or something that came and was not used. */
static enum wbs_status no_answer(const struct wait *w,
				 const struct wbs_target *t, long ours,
				 char *err, size_t errlen)
{
	const char *peer = t->peer;

	if (tcp_refused != 0) {
		if (tcp_refused > 0)
			snprintf(err, errlen,
				 "%s announced an answer of %ld bytes, more "
				 "than the %d this plugin reads",
				 peer, tcp_refused, TCP_ANSWER_MAX);
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
		return library_error(w->liberr, t, err, errlen);
	return library_error(SNMPERR_TIMEOUT, t, err, errlen);
}

static enum wbs_status exchange(void *handle, const struct wbs_target *t,
				const struct timespec *deadline,
				struct wbs_sysinfo *out, char *err,
				size_t errlen)
{
	bool ask_for[WBS_VARBINDS] = {true, true, true, true};
	long ours = snmp_sess_session(handle)->version;

	for (int attempt = 0; attempt < WBS_VARBINDS; attempt++) {
		struct wait *w = snmp_sess_session(handle)->myvoid;
		netsnmp_pdu *pdu = request(ask_for), *resp;
		int bad;

		if (pdu == NULL) {
			snprintf(err, errlen, "out of memory");
			return WBS_ERR_TRANSPORT;
		}
		ask(handle, pdu, w, deadline);
		if (w->status != STAT_SUCCESS)
			return no_answer(w, t, ours, err, errlen);
		/*
		 * The answer's community is not checked, as net-snmp does
		 * not (snmp_comstr_parse only copies it; the request ID ties
		 * an answer to its request): it authenticates nothing coming
		 * back, and every agent echoes the request's.
		 */
		resp = w->response;
		w->response = NULL;
		if (resp->errstat == SNMP_ERR_NOERROR) {
			read_answer(resp, out);
			snmp_free_pdu(resp);
			return WBS_OK;
		}
		bad = resp->errstat == SNMP_ERR_NOSUCHNAME
			      ? asked_index(ask_for, resp->errindex)
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
 * snmp_sess_open() does for a client, plus on_parsed and check_length. NULL:
 * err says why.
 */
static void *open_session(netsnmp_session *s, const struct wbs_target *t,
			  enum wbs_status *st, char *err, size_t errlen)
{
	struct wait *w = s->myvoid;
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
		*st = library_error(SNMPERR_BAD_ADDRESS, t, err, errlen);
		return NULL;
	}
	handle = snmp_sess_add_ex(s, transport, NULL, NULL, on_parsed, NULL,
				  NULL, check_length, NULL);
	if (handle != NULL)
		return handle;
	if (t->version == WBS_V3) {
		/* the engine ID probe failed: what came, the hooks saw */
		*st = no_answer(w, t, SNMP_VERSION_3, err, errlen);
		if (*st != WBS_ERR_TIMEOUT ||
		    s->s_snmp_errno == SNMPERR_SUCCESS)
			return NULL;
	}
	*st = library_error(s->s_snmp_errno, t, err, errlen);
	return NULL;
}

enum wbs_status wbs_query_sysinfo(const struct wbs_target *t,
				  struct wbs_sysinfo *out, char *err,
				  size_t errlen)
{
	netsnmp_session session;
	struct wait wait = {.status = STAT_TIMEOUT};
	struct timespec deadline = deadline_for(t->timeout_ms);
	void *handle;
	enum wbs_status st;

	memset(out, 0, sizeof(*out));
	tcp_refused = 0;
	library_init(t->version);
	snmp_sess_init(&session);
	session.peername = (char *)t->peer;
	/* the engine ID probe's two tries; ask() sets each GET's */
	session.timeout = us_left(&deadline) / 2;
	session.retries = 1;
	session.callback = on_event;
	session.callback_magic = &wait;
	session.myvoid = &wait;
	switch (t->version) {
	case WBS_V1:
	case WBS_V2C:
		session.version =
			t->version == WBS_V1 ? SNMP_VERSION_1 : SNMP_VERSION_2c;
		session.community = (u_char *)t->community;
		session.community_len = strlen(t->community);
		break;
	case WBS_V3:
		session.version = SNMP_VERSION_3;
		st = set_v3(&session, t, err, errlen);
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
	snmp_sess_close(handle);
	snmp_free_pdu(wait.response);
free_protocols:
	free(session.securityAuthProto);
	free(session.securityPrivProto);
	library_shutdown(t->version);
	return st;
}
