/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * HTTPS GETs to one NSClient++ agent through libcurl: one deadline for
 * all requests, bodies capped, TLS verified against the system's or the
 * given CAs, or a pinned public key, unless --insecure. Redirects are
 * never followed and bodies never decoded: what came is reported as it
 * came, for the caller to judge.
 */
#ifndef NSC_HTTP_H
#define NSC_HTTP_H

#include "nsclient.h"

#include <stdbool.h>
#include <stddef.h>

#define NSC_BODY_MAX (1024 * 1024)

struct nsc_http;

/*
 * A client for target; NULL with a reason in err if libcurl cannot be
 * set up. The caller owns it (nsc_http_free).
 */
struct nsc_http *nsc_http_new(const struct nsc_target *target, char *err,
			      size_t errlen);
void nsc_http_free(struct nsc_http *http);

/* Everything here is owned by the client until the next GET. */
struct nsc_response {
	long status;
	char *body; /* NUL-terminated; may hold NULs of its own */
	size_t len;
	const char *content_type; /* as sent, or NULL */
	const char *location;	  /* a 3xx's target, made absolute, or NULL */
	const char *encoding;	  /* a Content-Encoding but identity, or NULL */
};

/*
 * GETs path (with its query string) into *resp. NSC_OK for any HTTP
 * answer, whatever its status, redirect or encoding; otherwise the status
 * and err say why no answer came: name resolution, connection, TLS
 * (an expired certificate, one for another name), a timeout and the
 * step it stopped at, a body over NSC_BODY_MAX.
 */
enum nsc_status nsc_http_get(struct nsc_http *http, const char *path,
			     struct nsc_response *resp, char *err,
			     size_t errlen);

/*
 * POSTs len bytes of JSON at body to path, as nsc_http_get GETs: the
 * same statuses, the answer owned by the client until the next request.
 * timeout_ms (0: none) caps this request within the client's deadline.
 * body must stay valid until the call returns.
 */
enum nsc_status nsc_http_post(struct nsc_http *http, const char *path,
			      const char *body, size_t len, long timeout_ms,
			      struct nsc_response *resp, char *err,
			      size_t errlen);

/* "https://host:port", for messages. */
const char *nsc_http_base(const struct nsc_http *http);

/*
 * Many clients' GETs at once, through libcurl's multi interface: each
 * client (one host) keeps its own deadline, body cap, TLS settings and
 * connection, reused from one GET to the next. parallel: the most clients
 * at once, which bounds the connections kept open. NULL with err set if
 * libcurl cannot be set up. The caller owns it (nsc_http_multi_free),
 * after freeing its clients.
 */
struct nsc_http_multi;
struct nsc_http_multi *nsc_http_multi_new(size_t parallel, char *err,
					  size_t errlen);
void nsc_http_multi_free(struct nsc_http_multi *multi);

/*
 * Starts the GET of path on http, one at a time per client, in multi;
 * user comes back from nsc_http_multi_ended when it ends. last: the
 * client's final GET, whose connection is closed after it instead of
 * kept for reuse. NSC_ERR_CONNECT with err set when the client's deadline
 * has passed or the GET cannot be started.
 */
enum nsc_status nsc_http_start(struct nsc_http_multi *multi,
			       struct nsc_http *http, const char *path,
			       bool last, void *user, char *err, size_t errlen);

/* A descriptor of the caller's to wait on beside the transfers: events
 * and revents are poll(2)'s POLLIN and POLLOUT. */
struct nsc_waitfd {
	int fd;
	short events;
	short revents;
};

/*
 * Waits up to wait_ms (less when a transfer's timer is due sooner, or
 * one of the nfds descriptors in fds, at most the multi's parallel, is
 * ready: its revents say for what) and moves every transfer on. False,
 * with err set, when libcurl's multi interface itself fails.
 */
bool nsc_http_multi_wait(struct nsc_http_multi *multi, long wait_ms,
			 struct nsc_waitfd *fds, size_t nfds, char *err,
			 size_t errlen);

/* The user of a GET that ended since the last call, or NULL: call until
 * NULL after each wait. Its answer is then nsc_http_result's. */
void *nsc_http_multi_ended(struct nsc_http_multi *multi);

/* The ended GET's answer, exactly as nsc_http_get would have told it. */
enum nsc_status nsc_http_result(struct nsc_http *http,
				struct nsc_response *resp, char *err,
				size_t errlen);

#endif
