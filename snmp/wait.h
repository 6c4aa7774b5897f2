/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Inside snmp/ only (it speaks net-snmp's types): sending a request and
 * waiting for its answer until a deadline, with the hooks that tell an
 * answer net-snmp dropped (broken BER, another version, another request,
 * a TCP answer too large) from silence, and the one-line reason for each.
 * Not reentrant: one exchange at a time (a hook has no context).
 */
#ifndef WBS_WAIT_H
#define WBS_WAIT_H

#include "client.h"

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/*
 * One request's wait, and what arrived during it. net-snmp drops an answer
 * it cannot use without a word, so that an agent answering in another
 * version, in broken BER or to another request would look like silence;
 * the hooks and counters below tell those apart.
 */
struct wbs_wait {
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

/* The largest answer read over TCP. */
#define WBS_TCP_ANSWER_MAX (1024 * 1024)

/* Forgets what the previous exchange's hooks noted. */
void wbs_wait_reset(void);

/* The hooks for snmp_sess_add_ex: the check-packet and post-parse ones,
 * and the session callback (its magic is the struct wbs_wait). */
int wbs_check_length(u_char *packet, size_t len);
int wbs_on_parsed(netsnmp_session *s, netsnmp_pdu *pdu, int rc);
int wbs_on_event(int op, netsnmp_session *s, int reqid, netsnmp_pdu *pdu,
		 void *magic);

/* The exchange's end for a budget of timeout_ms, and what is left of it. */
struct timespec wbs_deadline(long timeout_ms);
long wbs_us_left(const struct timespec *deadline);

/*
 * Sends pdu (the library's from then on) and waits until its answer, a
 * final error or the deadline; *w says which.
 */
void wbs_ask(void *handle, netsnmp_pdu *pdu, struct wbs_wait *w,
	     const struct timespec *deadline);

/* Why no usable answer came (ours: the session's SNMP version). */
enum wbs_status wbs_no_answer(const struct wbs_wait *w,
			      const struct wbs_target *t, long ours, char *err,
			      size_t errlen);

/* A library error number as our status and a one-line reason. */
enum wbs_status wbs_library_error(int liberr, const struct wbs_target *t,
				  char *err, size_t errlen);

#endif
