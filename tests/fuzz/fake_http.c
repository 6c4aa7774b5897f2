/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "fake_http.h"

#include "nsclient/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct fake_answer *script;
static size_t script_len;

void fake_http_script(const struct fake_answer *answers, size_t n)
{
	script = answers;
	script_len = n;
}

struct nsc_http {
	size_t next;
	char *body; /* the answer's copy, NUL-terminated as http.c's are */
};

struct nsc_http *nsc_http_new(const struct nsc_target *target, char *err,
			      size_t errlen)
{
	struct nsc_http *h = calloc(1, sizeof(*h));

	(void)target;
	if (h == NULL)
		snprintf(err, errlen, "out of memory");
	return h;
}

void nsc_http_free(struct nsc_http *h)
{
	if (h == NULL)
		return;
	free(h->body);
	free(h);
}

const char *nsc_http_base(const struct nsc_http *h)
{
	(void)h;
	return "https://fuzz:8443";
}

enum nsc_status nsc_http_get(struct nsc_http *h, const char *path,
			     struct nsc_response *resp, char *err,
			     size_t errlen)
{
	const struct fake_answer *a;

	(void)path;
	if (h->next >= script_len || script[h->next].status == 0) {
		h->next++;
		snprintf(err, errlen,
			 "no answer from https://fuzz:8443 in time");
		return NSC_ERR_CONNECT;
	}
	a = &script[h->next++];
	free(h->body);
	h->body = malloc(a->len + 1);
	if (h->body == NULL) {
		snprintf(err, errlen, "out of memory");
		return NSC_ERR_CONNECT;
	}
	memcpy(h->body, a->body, a->len);
	h->body[a->len] = '\0';
	*resp = (struct nsc_response){.status = a->status,
				      .body = h->body,
				      .len = a->len,
				      .content_type = a->content_type,
				      .location = a->location,
				      .encoding = a->encoding};
	return NSC_OK;
}
