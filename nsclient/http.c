/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "http.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct nsc_http {
	const struct nsc_target *target;
	CURL *curl;
	struct curl_slist *headers;
	char base[300];
	char errbuf[CURL_ERROR_SIZE];
	struct timespec deadline;
	char *body;
	size_t len;
	bool too_big;
};

static size_t on_data(char *data, size_t size, size_t n, void *user)
{
	struct nsc_http *h = user;
	size_t len = size * n;

	if (h->len + len > NSC_BODY_MAX) {
		h->too_big = true;
		return 0; /* makes curl stop with CURLE_WRITE_ERROR */
	}
	memcpy(h->body + h->len, data, len);
	h->len += len;
	h->body[h->len] = '\0';
	return len;
}

static long ms_left(const struct nsc_http *h)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (h->deadline.tv_sec - now.tv_sec) * 1000 +
	       (h->deadline.tv_nsec - now.tv_nsec) / 1000000;
}

static bool set_auth(struct nsc_http *h, char *err, size_t errlen)
{
	const struct nsc_target *t = h->target;
	char header[300];
	int n;

	if (t->password == NULL)
		return true;
	if (t->user != NULL) {
		curl_easy_setopt(h->curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
		curl_easy_setopt(h->curl, CURLOPT_USERNAME, t->user);
		curl_easy_setopt(h->curl, CURLOPT_PASSWORD, t->password);
		return true;
	}
	n = snprintf(header, sizeof(header), "password: %s", t->password);
	if (n < 0 || (size_t)n >= sizeof(header)) {
		snprintf(err, errlen, "the password is too long");
		return false;
	}
	h->headers = curl_slist_append(h->headers, header);
	memset(header, 0, sizeof(header));
	return h->headers != NULL;
}

static bool set_tls(struct nsc_http *h)
{
	const struct nsc_target *t = h->target;
	/* a pin alone replaces the chain check: NSClient++ certificates are
	 * self-signed, and the pinned key is the stronger proof anyway */
	bool verify = !t->insecure && (t->pin == NULL || t->ca_file != NULL);

	curl_easy_setopt(h->curl, CURLOPT_SSL_VERIFYPEER, verify ? 1L : 0L);
	curl_easy_setopt(h->curl, CURLOPT_SSL_VERIFYHOST, verify ? 2L : 0L);
	if (t->ca_file != NULL)
		curl_easy_setopt(h->curl, CURLOPT_CAINFO, t->ca_file);
	if (t->pin != NULL && curl_easy_setopt(h->curl, CURLOPT_PINNEDPUBLICKEY,
					       t->pin) != CURLE_OK)
		return false;
	return true;
}

struct nsc_http *nsc_http_new(const struct nsc_target *target, char *err,
			      size_t errlen)
{
	struct nsc_http *h = calloc(1, sizeof(*h));
	bool v6 = strchr(target->host, ':') != NULL && target->host[0] != '[';

	if (h == NULL)
		goto nomem;
	h->target = target;
	h->body = malloc(NSC_BODY_MAX + 1);
	if (h->body == NULL)
		goto nomem;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (h->curl = curl_easy_init()) == NULL) {
		snprintf(err, errlen, "cannot set up libcurl");
		goto free_http;
	}
	snprintf(h->base, sizeof(h->base), "https://%s%s%s:%ld", v6 ? "[" : "",
		 target->host, v6 ? "]" : "", target->port);
	clock_gettime(CLOCK_MONOTONIC, &h->deadline);
	h->deadline.tv_sec += target->timeout_ms / 1000;
	h->deadline.tv_nsec += (target->timeout_ms % 1000) * 1000000;
	if (h->deadline.tv_nsec >= 1000000000) {
		h->deadline.tv_sec++;
		h->deadline.tv_nsec -= 1000000000;
	}
	h->headers = curl_slist_append(NULL, "Accept: application/json");
	if (h->headers == NULL || !set_auth(h, err, errlen))
		goto free_http;
	if (!set_tls(h)) {
		snprintf(err, errlen,
			 "this libcurl cannot pin public keys (--pin)");
		goto free_http;
	}
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, h->headers);
	curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, h);
	curl_easy_setopt(h->curl, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h->curl, CURLOPT_PROXY, "");
	curl_easy_setopt(h->curl, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(h->curl, CURLOPT_FOLLOWLOCATION, 0L);
	return h;
nomem:
	snprintf(err, errlen, "out of memory");
free_http:
	nsc_http_free(h);
	return NULL;
}

void nsc_http_free(struct nsc_http *h)
{
	if (h == NULL)
		return;
	curl_slist_free_all(h->headers);
	if (h->curl != NULL)
		curl_easy_cleanup(h->curl);
	free(h->body);
	free(h);
}

const char *nsc_http_base(const struct nsc_http *h)
{
	return h->base;
}

static enum nsc_status transfer_error(struct nsc_http *h, CURLcode rc,
				      char *err, size_t errlen)
{
	const char *detail = h->errbuf[0] ? h->errbuf : curl_easy_strerror(rc);

	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
		snprintf(err, errlen, "no answer from %s in time", h->base);
		break;
	case CURLE_COULDNT_CONNECT:
		snprintf(err, errlen,
			 "cannot connect to %s (is NSClient++'s WEBServer "
			 "running and allowing this host?): %s",
			 h->base, detail);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		snprintf(err, errlen, "cannot resolve %s", h->target->host);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
		snprintf(err, errlen,
			 "the certificate of %s did not verify (%s): give "
			 "--ca-file with the CA that signed it, or --pin its "
			 "public key",
			 h->base, detail);
		break;
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		snprintf(err, errlen,
			 "the public key of %s does not match --pin: another "
			 "host, or a new certificate",
			 h->base);
		break;
	case CURLE_WRITE_ERROR:
		if (h->too_big) {
			snprintf(err, errlen,
				 "the answer from %s is larger than %d KiB",
				 h->base, NSC_BODY_MAX / 1024);
			return NSC_ERR_ANSWER;
		}
		/* fall through */
	default:
		snprintf(err, errlen, "request to %s failed: %s", h->base,
			 detail);
		break;
	}
	return NSC_ERR_CONNECT;
}

enum nsc_status nsc_http_get(struct nsc_http *h, const char *path,
			     struct nsc_response *resp, char *err,
			     size_t errlen)
{
	char url[2048];
	long left = ms_left(h);
	CURLcode rc;

	if (left <= 0) {
		snprintf(err, errlen, "no answer from %s in time", h->base);
		return NSC_ERR_CONNECT;
	}
	snprintf(url, sizeof(url), "%s%s", h->base, path);
	h->len = 0;
	h->body[0] = '\0';
	h->too_big = false;
	h->errbuf[0] = '\0';
	curl_easy_setopt(h->curl, CURLOPT_URL, url);
	curl_easy_setopt(h->curl, CURLOPT_TIMEOUT_MS, left);
	curl_easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT_MS, left);
	rc = curl_easy_perform(h->curl);
	if (rc != CURLE_OK)
		return transfer_error(h, rc, err, errlen);
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &resp->status);
	resp->body = h->body;
	resp->len = h->len;
	return NSC_OK;
}
