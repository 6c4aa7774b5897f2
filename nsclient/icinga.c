/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The API client: nsc_icinga_api, exported for plugin/module.c. */
#include "icinga.h"

#include "http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACTION "/v1/actions/process-check-result"

struct nsc_icinga {
	struct nsc_http *http;
	char path[512]; /* the prefix and ACTION */
	char base[600]; /* for messages */
};

static struct nsc_icinga *icinga_open(const struct nsc_target *target,
				      const char *prefix, char *err,
				      size_t errlen)
{
	struct nsc_icinga *c = calloc(1, sizeof(*c));
	int n;

	if (c == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	n = snprintf(c->path, sizeof(c->path), "%s%s", prefix, ACTION);
	if (n < 0 || (size_t)n >= sizeof(c->path)) {
		snprintf(err, errlen, "the --icinga-url path is too long");
		free(c);
		return NULL;
	}
	c->http = nsc_http_new(target, err, errlen);
	if (c->http == NULL) {
		free(c);
		return NULL;
	}
	snprintf(c->base, sizeof(c->base), "%s%s", nsc_http_base(c->http),
		 prefix);
	return c;
}

static enum nsc_submit icinga_submit(struct nsc_icinga *c,
				     const struct nsc_passive *result,
				     long timeout_ms, char *why, size_t whylen)
{
	struct nsc_response resp;
	enum nsc_status st;
	char *body = nsc_icinga_body(result);

	if (body == NULL) {
		/* jansson takes UTF-8 only; the output is ASCII already */
		snprintf(why, whylen,
			 "no request made: the host's name is not UTF-8, or "
			 "out of memory");
		return NSC_SUBMIT_REFUSED;
	}
	st = nsc_http_post(c->http, c->path, body, strlen(body), timeout_ms,
			   &resp, why, whylen);
	free(body);
	if (st == NSC_ERR_ANSWER)
		return NSC_SUBMIT_ANSWER; /* larger than the cap */
	if (st != NSC_OK)
		return NSC_SUBMIT_CONNECT;
	if (resp.status >= 300 && resp.status < 400) {
		/* never followed: it would take the credentials elsewhere */
		snprintf(why, whylen,
			 "HTTP %ld, a redirect (not followed): is %s Icinga "
			 "2's API?",
			 resp.status, c->base);
		return NSC_SUBMIT_ANSWER;
	}
	return nsc_icinga_answer(resp.status, resp.body, resp.len, why, whylen);
}

static void icinga_close(struct nsc_icinga *c)
{
	if (c == NULL)
		return;
	nsc_http_free(c->http);
	free(c);
}

static const char *icinga_base(const struct nsc_icinga *c)
{
	return c->base;
}

/* The table plugin/module.c finds by name (NSC_ICINGA_ENTRY). */
extern const struct nsc_icinga_api nsc_icinga_api;
const struct nsc_icinga_api nsc_icinga_api = {
	.open = icinga_open,
	.submit = icinga_submit,
	.close = icinga_close,
	.base = icinga_base,
};
