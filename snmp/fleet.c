/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "fleet.h"

#include "pdu.h"
#include "wait.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>

/*
 * Where a query is. v1 and v2c: the GET. SNMPv3 cannot let net-snmp probe
 * the engine ID, which it does synchronously on the first send and which
 * would hold every other host for up to a dead one's budget; so the probe
 * is a step here (RFC 3414 section 4): an unauthenticated empty GET, which
 * the agent answers with a usmStatsUnknownEngineIDs report carrying its
 * engine ID (the library keeps it in the session, and its boots and time
 * unauthenticated); then the USM user localised for that engine; then the
 * GET, whose notInTimeWindow report the library answers by resending with
 * the engine's authenticated time.
 */
enum phase { ASK_ENGINE, ASK_GET };

/* A query in flight, or a free slot (handle NULL). */
struct slot {
	struct wbs_fleet_query q;
	void *handle;
	struct timespec deadline;
	bool ask[WBS_VARBINDS];
	bool ended;
	enum phase phase;
	struct usmUser *user; /* v3: its own, see activate() */
	bool twin;	      /* v3: another slot has its engine and user */
	bool sec_error; /* v3: the library dropped the request on a report */
	int report;	/* v3: the last report's SNMPERR_ code */
};

/* Keys derived once for each set of passphrases (see struct wbs_keys):
 * a fleet's v3 hosts mostly share theirs. */
#define KEYS_MAX 64
struct known_keys {
	enum wbs_level level;
	enum wbs_auth auth;
	char *auth_pass, *priv_pass; /* copies, wiped at the end */
	struct wbs_keys keys;
};

/* The run: the slots and the caller's. */
struct run {
	struct slot *slots;
	size_t n;
	bool usm; /* the library set up for SNMPv3 */
	struct known_keys known[KEYS_MAX];
	size_t nknown;
	wbs_fleet_next_fn next;
	wbs_fleet_done_fn done;
	void *ctx;
};

static void end(struct slot *s, enum wbs_status status)
{
	s->q.status = status;
	s->ended = true;
}

static bool send_get(struct slot *s);

/* An answer to the GET: the values, or the error that ends it. */
static void on_response(struct slot *s, const netsnmp_pdu *pdu)
{
	const struct wbs_target *t = &s->q.target;
	int bad;

	if (pdu->errstat == SNMP_ERR_NOERROR) {
		wbs_read_answer(pdu, &s->q.info);
		end(s, WBS_OK);
		return;
	}
	bad = pdu->errstat == SNMP_ERR_NOSUCHNAME
		      ? wbs_asked_index(s->ask, pdu->errindex)
		      : -1;
	if (bad == WBS_DESCR) {
		s->q.info.answer[bad] = "noSuchName";
		end(s, WBS_OK); /* the check below says what is missing */
		return;
	}
	if (bad < 0) {
		snprintf(s->q.err, sizeof(s->q.err),
			 "%s answered with error %s", t->peer,
			 snmp_errstring((int)pdu->errstat));
		end(s, WBS_ERR_ANSWER);
		return;
	}
	/* v1: another value is missing; ask again without it */
	s->q.info.answer[bad] = "noSuchName";
	s->ask[bad] = false;
	if (!send_get(s))
		end(s, wbs_library_error(SNMPERR_GENERR, t, s->q.err,
					 sizeof(s->q.err)));
}

/*
 * The library's word on a request: an answer, a report, a timeout after
 * the resends, or a failure to send. The answer is the library's to free.
 * A report and the security error that ends its request come in either
 * order (net-snmp 5.9.3 and Debian's differ), both within one read:
 * step() takes them once the read is over.
 */
static int on_event(int op, netsnmp_session *session, int reqid,
		    netsnmp_pdu *pdu, void *magic)
{
	struct slot *s = magic;
	const struct wbs_target *t = &s->q.target;

	(void)session;
	(void)reqid;
	if (s->ended)
		return 1;
	switch (op) {
	case NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE:
		break;
	case NETSNMP_CALLBACK_OP_SEC_ERROR:
		s->sec_error = true;
		return 1;
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
	if (pdu->command == SNMP_MSG_REPORT) {
		s->report = snmpv3_get_report_type(pdu);
		return 1;
	}
	if (pdu->command != SNMP_MSG_RESPONSE || s->phase != ASK_GET) {
		snprintf(s->q.err, sizeof(s->q.err),
			 "an answer came from %s but it was a %s PDU, not a "
			 "%s",
			 t->peer, snmp_pdu_type(pdu->command),
			 s->phase == ASK_GET
				 ? "Response"
				 : "Report of its SNMPv3 engine ID");
		end(s, WBS_ERR_ANSWER);
		return 1;
	}
	on_response(s, pdu);
	return 1;
}

/* Sends pdu (ours until the library takes it) with two tries in what is
 * left of the budget. */
static bool send_pdu(struct slot *s, netsnmp_pdu *pdu)
{
	long left = wbs_us_left(&s->deadline);

	if (pdu == NULL)
		return false;
	snmp_sess_session(s->handle)->timeout = left / 2 > 0 ? left / 2 : 1;
	if (snmp_sess_async_send(s->handle, pdu, on_event, s) == 0) {
		snmp_free_pdu(pdu);
		return false;
	}
	return true;
}

static bool send_get(struct slot *s)
{
	return send_pdu(s, wbs_request(s->ask));
}

/* The discovery request: an empty GET, unauthenticated, from the user ""
 * (RFC 3414 section 4), as net-snmp's own probe sends it. */
static bool send_discovery(struct slot *s)
{
	netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GET);

	if (pdu == NULL)
		return false;
	pdu->version = SNMP_VERSION_3;
	pdu->securityModel = SNMP_SEC_MODEL_USM;
	pdu->securityLevel = SNMP_SEC_LEVEL_NOAUTH;
	pdu->securityName = strdup("");
	pdu->securityNameLen = 0;
	if (pdu->securityName == NULL) {
		snmp_free_pdu(pdu);
		return false;
	}
	return send_pdu(s, pdu);
}

/*
 * net-snmp keeps one list of USM users for every session, keyed by engine
 * ID and name, and looks the user up for each message it builds or reads.
 * Hosts that share both (one agent twice in the inventory, or clones with
 * one engine ID) may have other keys: each slot owns its user, and before
 * the library works on a slot with a twin, that slot's user is the one in
 * the list. Everything runs in this one loop, so nothing else can look.
 */
static struct usmUser *listed_user(const struct slot *s)
{
	const netsnmp_session *ss = snmp_sess_session(s->handle);

	return usm_get_user(ss->securityEngineID, ss->securityEngineIDLen,
			    s->q.target.user);
}

/* Takes u out of the list; usm_remove_user leaves its links, which
 * usm_free_user and usm_add_user would follow. */
static void unlist(struct usmUser *u)
{
	usm_remove_user(u);
	u->next = u->prev = NULL;
}

static void activate(struct slot *s)
{
	struct usmUser *u;

	if (!s->twin || s->user == NULL)
		return;
	u = listed_user(s);
	if (u == s->user)
		return;
	if (u != NULL)
		unlist(u);
	usm_add_user(s->user);
}

/* The slot's USM user, localised for the engine found, then its GET. */
static void take_user(struct run *r, struct slot *s)
{
	struct usmUser *u = listed_user(s);

	if (u != NULL) {
		bool owned = false;

		for (size_t i = 0; i < r->n; i++)
			if (r->slots[i].user == u) {
				r->slots[i].twin = owned = true;
				s->twin = true;
			}
		unlist(u);
		if (!owned) /* cannot happen: users leave with their slot */
			usm_free_user(u);
	}
	if (usm_create_user_from_session(snmp_sess_session(s->handle)) !=
		    SNMPERR_SUCCESS ||
	    (s->user = listed_user(s)) == NULL) {
		snprintf(s->q.err, sizeof(s->q.err),
			 "cannot set up the SNMPv3 user '%s' for %s",
			 s->q.target.user, s->q.target.peer);
		end(s, WBS_ERR_CONFIG);
		return;
	}
	s->phase = ASK_GET;
	if (!send_get(s))
		end(s, wbs_library_error(SNMPERR_GENERR, &s->q.target, s->q.err,
					 sizeof(s->q.err)));
}

/* The slot's user leaves the list and memory with it. */
static void release_user(struct slot *s)
{
	if (s->user == NULL)
		return;
	if (listed_user(s) == s->user)
		unlist(s->user);
	usm_free_user(s->user);
	s->user = NULL;
	s->twin = false;
}

/* After a read: a v3 slot's report, or its discovery's end. */
static void step(struct run *r, struct slot *s)
{
	const netsnmp_session *ss;

	if (s->handle == NULL || s->ended || !s->sec_error)
		return;
	s->sec_error = false;
	ss = snmp_sess_session(s->handle);
	if (s->phase == ASK_ENGINE && ss->securityEngineIDLen > 0) {
		s->report = 0;
		take_user(r, s);
		return;
	}
	end(s, wbs_library_error(s->report ? s->report : SNMPERR_GENERR,
				 &s->q.target, s->q.err, sizeof(s->q.err)));
}

/* The keys of t's passphrases, when derived before; NULL otherwise. */
static const struct wbs_keys *keys_known(const struct run *r,
					 const struct wbs_target *t)
{
	for (size_t i = 0; i < r->nknown; i++) {
		const struct known_keys *k = &r->known[i];

		if (k->level == t->level && k->auth == t->auth &&
		    strcmp(k->auth_pass, t->auth_pass) == 0 &&
		    (t->level != WBS_AUTH_PRIV ||
		     strcmp(k->priv_pass, t->priv_pass) == 0))
			return &k->keys;
	}
	return NULL;
}

/* Keeps the keys just derived into session s for t's passphrases. */
static void keep_keys(struct run *r, const struct wbs_target *t,
		      const netsnmp_session *s)
{
	struct known_keys *k = &r->known[r->nknown];

	if (t->level == WBS_NOAUTH_NOPRIV || r->nknown == KEYS_MAX ||
	    keys_known(r, t) != NULL)
		return;
	*k = (struct known_keys){.level = t->level, .auth = t->auth};
	k->auth_pass = strdup(t->auth_pass);
	k->priv_pass = strdup(t->priv_pass);
	if (k->auth_pass == NULL || k->priv_pass == NULL) {
		free(k->auth_pass);
		free(k->priv_pass);
		return;
	}
	memcpy(k->keys.auth, s->securityAuthKey, s->securityAuthKeyLen);
	k->keys.auth_len = s->securityAuthKeyLen;
	if (t->level == WBS_AUTH_PRIV) {
		memcpy(k->keys.priv, s->securityPrivKey, s->securityPrivKeyLen);
		k->keys.priv_len = s->securityPrivKeyLen;
	}
	r->nknown++;
}

/* The copies of passphrases and keys go, wiped first. */
static void forget_keys(struct run *r)
{
	for (size_t i = 0; i < r->nknown; i++) {
		struct known_keys *k = &r->known[i];

		explicit_bzero(k->auth_pass, strlen(k->auth_pass));
		explicit_bzero(k->priv_pass, strlen(k->priv_pass));
		free(k->auth_pass);
		free(k->priv_pass);
	}
	explicit_bzero(r->known, sizeof(r->known));
	r->nknown = 0;
}

/* Opens the slot's session and sends its first request; false: it has
 * ended. */
static bool start(struct run *r, struct slot *s)
{
	const struct wbs_target *t = &s->q.target;
	netsnmp_session session;
	bool sent;

	memset(&s->q.info, 0, sizeof(s->q.info));
	s->ended = s->twin = s->sec_error = false;
	s->user = NULL;
	s->report = 0;
	s->phase = t->version == WBS_V3 ? ASK_ENGINE : ASK_GET;
	for (int i = 0; i < WBS_VARBINDS; i++)
		s->ask[i] = true;
	s->deadline = wbs_deadline(t->timeout_ms);
	if (t->version == WBS_V3 && !r->usm) {
		wbs_library_init_usm();
		r->usm = true;
	}
	snmp_sess_init(&session);
	session.peername = (char *)t->peer;
	session.retries = 1; /* send_pdu sets each try's timeout */
	switch (t->version) {
	case WBS_V1:
	case WBS_V2C:
		wbs_set_community(&session, t);
		s->handle = snmp_sess_open(&session);
		break;
	case WBS_V3:
		session.version = SNMP_VERSION_3;
		s->handle = NULL;
		s->q.status = wbs_set_v3(&session, t, keys_known(r, t),
					 s->q.err, sizeof(s->q.err));
		if (s->q.status == WBS_OK) {
			keep_keys(r, t, &session);
			s->handle = snmp_sess_open(&session);
		}
		explicit_bzero(session.securityAuthKey,
			       sizeof(session.securityAuthKey));
		explicit_bzero(session.securityPrivKey,
			       sizeof(session.securityPrivKey));
		/* the session has its copies */
		free(session.securityAuthProto);
		free(session.securityPrivProto);
		if (s->q.status != WBS_OK) {
			end(s, s->q.status);
			return false;
		}
		break;
	}
	if (s->handle == NULL) {
		end(s, wbs_library_error(session.s_snmp_errno, t, s->q.err,
					 sizeof(s->q.err)));
		return false;
	}
	if (t->version == WBS_V3) {
		/* opening cleared it: the probe would block the loop */
		snmp_sess_session(s->handle)->flags |= SNMP_FLAGS_DONT_PROBE;
		sent = send_discovery(s);
	} else {
		sent = send_get(s);
	}
	if (!sent) {
		end(s, wbs_library_error(SNMPERR_GENERR, t, s->q.err,
					 sizeof(s->q.err)));
		return false;
	}
	return true;
}

/* The slot's end, told to the caller; the slot is free again. */
static void finish(struct run *r, struct slot *s)
{
	const struct wbs_target *t = &s->q.target;

	if (s->handle != NULL) {
		release_user(s);
		snmp_sess_close(s->handle);
		s->handle = NULL;
	}
	if (!s->ended)
		end(s, wbs_library_error(SNMPERR_TIMEOUT, t, s->q.err,
					 sizeof(s->q.err)));
	if (s->q.status == WBS_OK && !s->q.info.descr.present) {
		snprintf(s->q.err, sizeof(s->q.err),
			 "%s has no sysDescr.0 (the agent answered %s)",
			 t->peer,
			 s->q.info.answer[WBS_DESCR]
				 ? s->q.info.answer[WBS_DESCR]
				 : "without it");
		s->q.status = WBS_ERR_NO_DESCR;
	}
	r->done(r->ctx, &s->q);
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
		activate(&slots[i]);
		if (ready > 0)
			snmp_sess_read(slots[i].handle, &fds);
		if (!slots[i].ended)
			snmp_sess_timeout(slots[i].handle);
	}
	return true;
}

/* Fills the free slots from next(); false when it has no more. */
static bool fill(struct run *r, size_t *active)
{
	for (size_t i = 0; i < r->n; i++) {
		struct slot *s = &r->slots[i];

		if (s->handle != NULL)
			continue;
		memset(&s->q, 0, sizeof(s->q));
		if (!r->next(r->ctx, &s->q))
			return false;
		if (start(r, s))
			(*active)++;
		else
			finish(r, s);
	}
	return true;
}

bool wbs_fleet_run(size_t parallel, wbs_fleet_next_fn next,
		   wbs_fleet_done_fn done, void *ctx, char *err, size_t errlen)
{
	/* static: the known keys make it large; one run at a time */
	static struct run r;
	size_t active = 0;
	bool more = true, ok = true;

	r = (struct run){.n = parallel, .next = next, .done = done, .ctx = ctx};
	if (parallel < 1 || parallel > WBS_FLEET_PARALLEL_MAX) {
		snprintf(err, errlen, "parallel %zu is not from 1 to %d",
			 parallel, WBS_FLEET_PARALLEL_MAX);
		return false;
	}
	r.slots = calloc(parallel, sizeof(*r.slots));
	if (r.slots == NULL) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	wbs_library_init(WBS_V2C);
	while (ok && (more || active > 0)) {
		if (more)
			more = fill(&r, &active);
		if (active == 0)
			continue;
		ok = wait_any(r.slots, parallel, err, errlen);
		for (size_t i = 0; i < parallel; i++)
			step(&r, &r.slots[i]);
		for (size_t i = 0; i < parallel; i++) {
			struct slot *s = &r.slots[i];

			if (s->handle == NULL ||
			    (!s->ended && wbs_us_left(&s->deadline) > 0 && ok))
				continue;
			finish(&r, s);
			active--;
		}
	}
	free(r.slots);
	forget_keys(&r);
	wbs_library_shutdown(r.usm ? WBS_V3 : WBS_V2C);
	return ok;
}
