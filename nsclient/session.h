/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * nsc_query_host's questions as a step machine: a session says which
 * request (a REST GET or an NRPE query) it needs next and reads each answer, so
 * that one logic serves the single check's blocking GETs and the fleet's many
 * transfers at once (fleet.c). Its branches (which API, which revision source)
 * follow the answers. No I/O of its own.
 */
#ifndef NSC_SESSION_H
#define NSC_SESSION_H

#include "http.h"
#include "nsclient.h"

#include <stdbool.h>
#include <stddef.h>

struct nsc_session;

/*
 * A session asking target (over REST unless its api is NSC_API_NRPE) for
 * host, which it clears now and fills as answers come. base names the
 * agent in messages; err (errlen bytes) receives the reason of a failure.
 * target, host, base and err must outlive the session. NULL when out of
 * memory (err says so). The caller owns it (nsc_session_free).
 */
struct nsc_session *nsc_session_new(const struct nsc_target *target,
				    struct nsc_host *host, const char *base,
				    char *err, size_t errlen);
void nsc_session_free(struct nsc_session *s);

/*
 * REST: the next GET's path (with its query string) and what names it in
 * messages, both the session's until the next call; false once the
 * session has ended.
 */
bool nsc_session_next(struct nsc_session *s, const char **path,
		      const char **what);

/* Whether the question next() gave is the session's last (the hotfixes):
 * its connection need not be kept for another. */
bool nsc_session_last(const struct nsc_session *s);

/*
 * REST: the answer to the GET next() gave: st as nsc_http_get returned it
 * (err already says why when not NSC_OK) and, for NSC_OK, r.
 */
void nsc_session_take(struct nsc_session *s, enum nsc_status st,
		      const struct nsc_response *r);

/*
 * NRPE: the next query ("command" or "command!arg!arg"), the session's
 * until the next call; false once the session has ended. version is the
 * packet version the client settled on (nsc_nrpe_version: 0 before the
 * first answer), since a v2 query's length is bounded; questions not
 * worth asking (arguments refused, not NSClient++, too long) are answered
 * here without one.
 */
bool nsc_session_nrpe_next(struct nsc_session *s, int version,
			   const char **query);

/*
 * NRPE: the answer to the query nrpe_next() gave: st as nsc_nrpe_run
 * returned it (err already says why when not NSC_OK) and, for NSC_OK, the
 * result code, the text (NUL-terminated) and whether it was capped.
 */
void nsc_session_nrpe_take(struct nsc_session *s, enum nsc_status st,
			   int result, const char *text, bool capped);

/* Once next() is false: NSC_OK, or the failure err tells. */
enum nsc_status nsc_session_status(const struct nsc_session *s);

#endif
