/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * HTTPS GETs to one NSClient++ agent through libcurl: one deadline for
 * all requests, bodies capped, TLS verified against the system's or the
 * given CAs, or a pinned public key, unless --insecure.
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

struct nsc_response {
	long status;
	char *body; /* NUL-terminated, owned by the client until the next GET */
	size_t len;
};

/*
 * GETs path (with its query string) into *resp. NSC_OK for any HTTP
 * answer, whatever its status; otherwise the status and err say why no
 * answer came (connection, TLS, timeout, a body over NSC_BODY_MAX).
 */
enum nsc_status nsc_http_get(struct nsc_http *http, const char *path,
			     struct nsc_response *resp, char *err,
			     size_t errlen);

/* "https://host:port", for messages. */
const char *nsc_http_base(const struct nsc_http *http);

#endif
