/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "http.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/*
 * CURLINFO_SSL_VERIFYRESULT when libcurl uses OpenSSL (other TLS
 * libraries number differently): OpenSSL's X509_V_OK,
 * X509_V_ERR_CERT_NOT_YET_VALID, _CERT_HAS_EXPIRED, _HOSTNAME_MISMATCH
 * and _IP_ADDRESS_MISMATCH, and libcurl's "not verified" mark (1), left
 * when the chain passed in the handshake and libcurl's own name check
 * then failed.
 */
#define NSC_X509_OK		   0
#define NSC_X509_NAME_UNCHECKED	   1
#define NSC_X509_NOT_YET_VALID	   9
#define NSC_X509_EXPIRED	   10
#define NSC_X509_HOSTNAME_MISMATCH 62
#define NSC_X509_IP_MISMATCH	   64

struct nsc_http {
	const struct nsc_target *target;
	CURL *curl;
	struct curl_slist *headers;
	struct curl_slist *post_headers; /* headers and a Content-Type */
	char base[300];
	char errbuf[CURL_ERROR_SIZE];
	struct timespec deadline;
	char *body; /* cap bytes, grown as an answer needs */
	size_t len, cap;
	bool too_big;
	bool no_memory; /* for the answer */
	bool openssl;	/* libcurl's TLS library, for reading verify results */
	CURLM *in;	/* the multi handle a started GET runs in, or NULL */
	CURLcode rc;	/* how that GET ended */
	void *user;	/* the starter's, for nsc_http_multi_ended */
};

struct nsc_http_multi {
	CURLM *multi;
	struct curl_waitfd
		*extra; /* the caller's descriptors, in curl's form */
	size_t nextra;	/* room in extra: the parallel */
};

static size_t on_data(char *data, size_t size, size_t n, void *user)
{
	struct nsc_http *h = user;
	size_t len = size * n;

	if (h->len + len > NSC_BODY_MAX) {
		h->too_big = true;
		return 0; /* makes curl stop with CURLE_WRITE_ERROR */
	}
	if (h->len + len >= h->cap) {
		/* double it: few answers come near the cap */
		size_t cap = h->cap;
		char *bigger;

		while (cap <= h->len + len)
			cap *= 2;
		if (cap > NSC_BODY_MAX + 1)
			cap = NSC_BODY_MAX + 1;
		bigger = realloc(h->body, cap);
		if (bigger == NULL) {
			h->no_memory = true;
			return 0;
		}
		h->body = bigger;
		h->cap = cap;
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

/* The GET headers and a Content-Type, for nsc_http_post. */
static bool set_post_headers(struct nsc_http *h)
{
	for (const struct curl_slist *l = h->headers; l != NULL; l = l->next) {
		h->post_headers = curl_slist_append(h->post_headers, l->data);
		if (h->post_headers == NULL)
			return false;
	}
	h->post_headers = curl_slist_append(h->post_headers,
					    "Content-Type: application/json");
	return h->post_headers != NULL;
}

static bool set_tls(struct nsc_http *h)
{
	const struct nsc_target *t = h->target;
	/* a pin alone replaces the chain check: NSClient++ certificates are
	 * self-signed, and the pinned key is the stronger proof anyway */
	bool verify = !t->insecure && (t->pin == NULL || t->ca_file != NULL);

	curl_easy_setopt(h->curl, CURLOPT_SSL_VERIFYPEER, verify ? 1L : 0L);
	curl_easy_setopt(h->curl, CURLOPT_SSL_VERIFYHOST, verify ? 2L : 0L);
	/* the CAs in the file and no others: not the directory of the
	 * system's CAs that libcurl may have built in (Debian's does); a store
	 * from one file is also what libcurl loads once and keeps in the multi
	 * handle for every connection, instead of once a connection */
	if (t->ca_file != NULL) {
		curl_easy_setopt(h->curl, CURLOPT_CAINFO, t->ca_file);
		curl_easy_setopt(h->curl, CURLOPT_CAPATH, NULL);
	}
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
	const curl_version_info_data *version;

	if (h == NULL)
		goto nomem;
	h->target = target;
	/* most answers fit; a bigger one grows it (on_data) */
	h->cap = 16384;
	h->body = malloc(h->cap);
	if (h->body == NULL)
		goto nomem;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (h->curl = curl_easy_init()) == NULL) {
		snprintf(err, errlen, "cannot set up libcurl");
		goto free_http;
	}
	version = curl_version_info(CURLVERSION_NOW);
	h->openssl = version->ssl_version != NULL &&
		     strncmp(version->ssl_version, "OpenSSL", 7) == 0;
	snprintf(h->base, sizeof(h->base), "https://%s%s%s:%ld", v6 ? "[" : "",
		 target->host, v6 ? "]" : "", target->port);
	clock_gettime(CLOCK_MONOTONIC, &h->deadline);
	h->deadline.tv_sec += target->timeout_ms / 1000;
	h->deadline.tv_nsec += (target->timeout_ms % 1000) * 1000000;
	if (h->deadline.tv_nsec >= 1000000000) {
		h->deadline.tv_sec++;
		h->deadline.tv_nsec -= 1000000000;
	}
	/* identity: a compressed answer then is one nobody asked for, and
	 * is reported instead of decoded (CURLOPT_HTTP_CONTENT_DECODING) */
	h->headers = curl_slist_append(NULL, "Accept: application/json");
	if (h->headers != NULL)
		h->headers = curl_slist_append(h->headers,
					       "Accept-Encoding: identity");
	if (h->headers == NULL || !set_auth(h, err, errlen) ||
	    !set_post_headers(h))
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
	/* a redirect would carry the password to wherever it points */
	curl_easy_setopt(h->curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h->curl, CURLOPT_HTTP_CONTENT_DECODING, 0L);
#if LIBCURL_VERSION_NUM >= 0x075700 /* 7.87.0 */
	/* a resolver thread still stuck at the deadline is left behind, not
	 * waited for: the plugin exits right after its one check */
	curl_easy_setopt(h->curl, CURLOPT_QUICK_EXIT, 1L);
#endif
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
	if (h->in != NULL)
		curl_multi_remove_handle(h->in, h->curl);
	curl_slist_free_all(h->headers);
	curl_slist_free_all(h->post_headers);
	if (h->curl != NULL)
		curl_easy_cleanup(h->curl);
	free(h->body);
	free(h);
}

const char *nsc_http_base(const struct nsc_http *h)
{
	return h->base;
}

/* An IPv4 or IPv6 address (bracketed or not) rather than a name. */
static bool is_address(const char *host)
{
	unsigned char bin[16];
	char bare[INET6_ADDRSTRLEN];
	size_t n = strlen(host);

	if (inet_pton(AF_INET, host, bin) == 1)
		return true;
	if (host[0] == '[' && n > 2 && n - 2 < sizeof(bare)) {
		memcpy(bare, host + 1, n - 2);
		bare[n - 2] = '\0';
		host = bare;
	}
	return inet_pton(AF_INET6, host, bin) == 1;
}

/* Which step the deadline cut short, from the transfer's timers. */
static void timeout_error(struct nsc_http *h, char *err, size_t errlen)
{
	curl_off_t resolved = 0, connected = 0, tls = 0, first = 0, got = 0;
	long local_port = 0;

	curl_easy_getinfo(h->curl, CURLINFO_NAMELOOKUP_TIME_T, &resolved);
	curl_easy_getinfo(h->curl, CURLINFO_CONNECT_TIME_T, &connected);
	/* libcurl 7.88 times the connect only once TLS is up as well, but
	 * knows its local port as soon as TCP is */
	curl_easy_getinfo(h->curl, CURLINFO_LOCAL_PORT, &local_port);
	curl_easy_getinfo(h->curl, CURLINFO_APPCONNECT_TIME_T, &tls);
	curl_easy_getinfo(h->curl, CURLINFO_STARTTRANSFER_TIME_T, &first);
	curl_easy_getinfo(h->curl, CURLINFO_SIZE_DOWNLOAD_T, &got);
	if (resolved == 0 && !is_address(h->target->host))
		snprintf(err, errlen,
			 "could not resolve %s in time: the name server did "
			 "not answer",
			 h->target->host);
	else if (connected == 0 && local_port == 0)
		snprintf(err, errlen,
			 "no answer from %s in time: the connection was not "
			 "accepted (the host is down, or a firewall drops "
			 "the packets)",
			 h->base);
	else if (tls == 0)
		snprintf(err, errlen,
			 "no answer from %s in time: the connection was "
			 "accepted, but the TLS handshake did not finish (is "
			 "this %s?)",
			 h->base,
			 h->target->icinga ? "Icinga 2's API port"
					   : "NSClient++'s HTTPS port");
	else if (first == 0)
		snprintf(err, errlen,
			 "no answer from %s in time: the request was sent, "
			 "no answer came",
			 h->base);
	else
		snprintf(err, errlen,
			 "no complete answer from %s in time: only "
			 "%" CURL_FORMAT_CURL_OFF_T " bytes of its body came",
			 h->base, got);
}

/* A certificate that did not verify: what OpenSSL says was wrong. */
static void verify_error(struct nsc_http *h, const char *detail, char *err,
			 size_t errlen)
{
	long result = -1;

	if (h->openssl)
		curl_easy_getinfo(h->curl, CURLINFO_SSL_VERIFYRESULT, &result);
	switch (result) {
	case NSC_X509_EXPIRED:
		snprintf(err, errlen,
			 "the certificate of %s has expired (%s): renew the "
			 "%s's certificate, or correct this host's clock",
			 h->base, detail,
			 h->target->icinga ? "Icinga node" : "agent");
		break;
	case NSC_X509_NOT_YET_VALID:
		snprintf(err, errlen,
			 "the certificate of %s is not valid yet (%s): check "
			 "the clocks of this host and of the %s",
			 h->base, detail,
			 h->target->icinga ? "Icinga node" : "agent");
		break;
	case NSC_X509_OK:
	case NSC_X509_NAME_UNCHECKED:
	case NSC_X509_HOSTNAME_MISMATCH:
	case NSC_X509_IP_MISMATCH:
		if (h->target->icinga)
			snprintf(err, errlen,
				 "the certificate of %s is not for %s (%s): "
				 "give --icinga-url with a name the "
				 "certificate carries (the node's name)",
				 h->base, h->target->host, detail);
		else
			snprintf(err, errlen,
				 "the certificate of %s is not for %s (%s): "
				 "give -H as a name the certificate carries, "
				 "or --pin its public key",
				 h->base, h->target->host, detail);
		break;
	default:
		if (h->target->icinga)
			snprintf(err, errlen,
				 "the certificate of %s did not verify (%s): "
				 "give --icinga-ca-file with the CA that "
				 "signed it (Icinga's own: "
				 "/var/lib/icinga2/certs/ca.crt)",
				 h->base, detail);
		else
			snprintf(err, errlen,
				 "the certificate of %s did not verify (%s): "
				 "give --ca-file with the CA that signed it, "
				 "or --pin its public key",
				 h->base, detail);
		break;
	}
}

static enum nsc_status transfer_error(struct nsc_http *h, CURLcode rc,
				      char *err, size_t errlen)
{
	const char *detail = h->errbuf[0] ? h->errbuf : curl_easy_strerror(rc);
	long os_errno = 0;

	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
		timeout_error(h, err, errlen);
		break;
	case CURLE_COULDNT_CONNECT:
		if (curl_easy_getinfo(h->curl, CURLINFO_OS_ERRNO, &os_errno) ==
			    CURLE_OK &&
		    os_errno == ECONNREFUSED) {
			snprintf(err, errlen,
				 "cannot connect to %s: connection refused (is "
				 "%s running, on this port?)",
				 h->base,
				 h->target->icinga
					 ? "Icinga 2 with its api feature"
					 : "NSClient++'s WEBServer");
			break;
		}
		snprintf(err, errlen,
			 "cannot connect to %s (is %s running and allowing "
			 "this host?): %s",
			 h->base,
			 h->target->icinga ? "Icinga 2's API"
					   : "NSClient++'s WEBServer",
			 detail);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		snprintf(err, errlen, "cannot resolve %s", h->target->host);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
		verify_error(h, detail, err, errlen);
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
		if (h->no_memory) {
			snprintf(err, errlen,
				 "out of memory for the answer from %s",
				 h->base);
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

/* The answer's Content-Encoding, unless none or identity. */
static const char *content_encoding(struct nsc_http *h)
{
#if LIBCURL_VERSION_NUM >= 0x075400 /* curl_easy_header, 7.84.0 */
	struct curl_header *header;

	if (curl_easy_header(h->curl, "Content-Encoding", 0, CURLH_HEADER, -1,
			     &header) != CURLHE_OK ||
	    strcasecmp(header->value, "identity") == 0)
		return NULL;
	return header->value;
#else
	(void)h;
	return NULL;
#endif
}

/* Sets up a request of the set-up method to path, within the client's
 * deadline and cap_ms (0: none); false, with err set, once that has
 * passed. */
static bool prepare(struct nsc_http *h, const char *path, long cap_ms,
		    char *err, size_t errlen)
{
	char url[2048];
	long left = ms_left(h);

	if (cap_ms > 0 && cap_ms < left)
		left = cap_ms;
	if (left <= 0) {
		snprintf(err, errlen, "no answer from %s in time", h->base);
		return false;
	}
	snprintf(url, sizeof(url), "%s%s", h->base, path);
	h->len = 0;
	h->body[0] = '\0';
	h->too_big = false;
	h->no_memory = false;
	h->errbuf[0] = '\0';
	curl_easy_setopt(h->curl, CURLOPT_URL, url);
	curl_easy_setopt(h->curl, CURLOPT_TIMEOUT_MS, left);
	curl_easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT_MS, left);
	return true;
}

/* The transfer's end (rc) as nsc_http_get tells it. */
static enum nsc_status answer(struct nsc_http *h, CURLcode rc,
			      struct nsc_response *resp, char *err,
			      size_t errlen)
{
	if (rc != CURLE_OK)
		return transfer_error(h, rc, err, errlen);
	*resp = (struct nsc_response){.body = h->body, .len = h->len};
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &resp->status);
	curl_easy_getinfo(h->curl, CURLINFO_CONTENT_TYPE, &resp->content_type);
	if (resp->status >= 300 && resp->status < 400)
		curl_easy_getinfo(h->curl, CURLINFO_REDIRECT_URL,
				  &resp->location);
	resp->encoding = content_encoding(h);
	return NSC_OK;
}

enum nsc_status nsc_http_get(struct nsc_http *h, const char *path,
			     struct nsc_response *resp, char *err,
			     size_t errlen)
{
	curl_easy_setopt(h->curl, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, h->headers);
	if (!prepare(h, path, 0, err, errlen))
		return NSC_ERR_CONNECT;
	return answer(h, curl_easy_perform(h->curl), resp, err, errlen);
}

enum nsc_status nsc_http_post(struct nsc_http *h, const char *path,
			      const char *body, size_t len, long timeout_ms,
			      struct nsc_response *resp, char *err,
			      size_t errlen)
{
	curl_easy_setopt(h->curl, CURLOPT_POST, 1L);
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, h->post_headers);
	curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	if (!prepare(h, path, timeout_ms, err, errlen))
		return NSC_ERR_CONNECT;
	return answer(h, curl_easy_perform(h->curl), resp, err, errlen);
}

struct nsc_http_multi *nsc_http_multi_new(size_t parallel, char *err,
					  size_t errlen)
{
	struct nsc_http_multi *m = calloc(1, sizeof(*m));

	if (m == NULL ||
	    (m->extra = calloc(parallel, sizeof(*m->extra))) == NULL) {
		snprintf(err, errlen, "out of memory");
		free(m);
		return NULL;
	}
	m->nextra = parallel;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (m->multi = curl_multi_init()) == NULL) {
		snprintf(err, errlen, "cannot set up libcurl");
		free(m->extra);
		free(m);
		return NULL;
	}
	/* idle connections kept for reuse: one per client, not libcurl's
	 * four, so that open sockets stay near twice the clients */
	curl_multi_setopt(m->multi, CURLMOPT_MAXCONNECTS, (long)parallel);
	return m;
}

void nsc_http_multi_free(struct nsc_http_multi *m)
{
	if (m == NULL)
		return;
	curl_multi_cleanup(m->multi);
	free(m->extra);
	free(m);
}

enum nsc_status nsc_http_start(struct nsc_http_multi *m, struct nsc_http *h,
			       const char *path, bool last, void *user,
			       char *err, size_t errlen)
{
	curl_easy_setopt(h->curl, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, h->headers);
	if (!prepare(h, path, 0, err, errlen))
		return NSC_ERR_CONNECT;
	curl_easy_setopt(h->curl, CURLOPT_PRIVATE, (void *)h);
	/* a finished host's connection would only sit in the multi handle's
	 * cache, holding a socket here and on the agent */
	curl_easy_setopt(h->curl, CURLOPT_FORBID_REUSE, last ? 1L : 0L);
	if (curl_multi_add_handle(m->multi, h->curl) != CURLM_OK) {
		snprintf(err, errlen, "cannot start a request to %s", h->base);
		return NSC_ERR_CONNECT;
	}
	h->in = m->multi;
	h->user = user;
	return NSC_OK;
}

/* events' in and out bits (in, out) as the bits to_in and to_out. */
static short poll_events(short events, int in, int out, int to_in, int to_out)
{
	int mapped = 0;

	if ((events & in) != 0)
		mapped |= to_in;
	if ((events & out) != 0)
		mapped |= to_out;
	return (short)mapped;
}

bool nsc_http_multi_wait(struct nsc_http_multi *m, long wait_ms,
			 struct nsc_waitfd *fds, size_t nfds, char *err,
			 size_t errlen)
{
	int running;
	CURLMcode mc;

	if (nfds > m->nextra)
		nfds = m->nextra;
	for (size_t i = 0; i < nfds; i++)
		m->extra[i] = (struct curl_waitfd){
			.fd = fds[i].fd,
			.events = poll_events(fds[i].events, POLLIN, POLLOUT,
					      CURL_WAIT_POLLIN,
					      CURL_WAIT_POLLOUT)};
	/* libcurl waits less when a transfer's timer is due sooner */
	mc = curl_multi_poll(m->multi, m->extra, (unsigned)nfds, (int)wait_ms,
			     NULL);
	for (size_t i = 0; i < nfds; i++)
		fds[i].revents =
			poll_events(m->extra[i].revents, CURL_WAIT_POLLIN,
				    CURL_WAIT_POLLOUT, POLLIN, POLLOUT);
	if (mc == CURLM_OK)
		mc = curl_multi_perform(m->multi, &running);
	if (mc != CURLM_OK) {
		snprintf(err, errlen, "libcurl: %s", curl_multi_strerror(mc));
		return false;
	}
	return true;
}

void *nsc_http_multi_ended(struct nsc_http_multi *m)
{
	struct nsc_http *h;
	CURLMsg *msg;
	char *private;
	int queued;

	while ((msg = curl_multi_info_read(m->multi, &queued)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		if (curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
				      &private) != CURLE_OK ||
		    private == NULL)
			continue;
		h = (struct nsc_http *)(void *)private;
		h->rc = msg->data.result;
		/* msg is gone once the handle is removed */
		curl_multi_remove_handle(m->multi, h->curl);
		h->in = NULL;
		return h->user;
	}
	return NULL;
}

enum nsc_status nsc_http_result(struct nsc_http *h, struct nsc_response *resp,
				char *err, size_t errlen)
{
	return answer(h, h->rc, resp, err, errlen);
}
