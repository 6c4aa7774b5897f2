/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "nrpe.h"

#include "nrpe_packet.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct nsc_nrpe {
	const struct nsc_target *target;
	SSL_CTX *ctx; /* NULL: plain TCP */
	struct timespec deadline;
	int version; /* 0 until an agent answered */
	char base[300];
	char host[256]; /* without an IPv6 literal's brackets */
	unsigned char buf[NRPE_PACKET_MAX];
};

/* One connection: the socket and, over TLS, its session. */
struct conn {
	struct nsc_nrpe *n;
	int fd;
	SSL *ssl;
	const char *step; /* what it was doing, for a timeout's message */
};

static long ms_left(const struct nsc_nrpe *n)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (n->deadline.tv_sec - now.tv_sec) * 1000 +
	       (n->deadline.tv_nsec - now.tv_nsec) / 1000000;
}

/* Waits for fd to become ready for events; false when time ran out. */
static bool wait_fd(const struct nsc_nrpe *n, int fd, short events)
{
	for (;;) {
		long left = ms_left(n);
		struct pollfd p = {.fd = fd, .events = events};
		int rc;

		if (left <= 0)
			return false;
		rc = poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (rc > 0)
			return true;
		if (rc < 0 && errno != EINTR)
			return true; /* the next call reports the error */
	}
}

static void timeout_error(const struct conn *c, char *err, size_t errlen)
{
	snprintf(err, errlen, "no answer from %s in time: stopped %s%s",
		 c->n->base, c->step,
		 c->ssl != NULL && strcmp(c->step, "in the TLS handshake") == 0
			 ? " (an agent without TLS waits for more: "
			   "--nrpe-tls none?)"
			 : "");
}

/* A connected non-blocking socket to one of the host's addresses, or -1. */
static int open_socket(struct conn *c, char *err, size_t errlen)
{
	struct nsc_nrpe *n = c->n;
	struct addrinfo hints = {.ai_family = AF_UNSPEC,
				 .ai_socktype = SOCK_STREAM};
	struct addrinfo *list, *a;
	char port[16];
	int rc, fd = -1, soerr = 0;
	socklen_t len = sizeof(soerr);

	snprintf(port, sizeof(port), "%ld", n->target->port);
	c->step = "resolving the name";
	rc = getaddrinfo(n->host, port, &hints, &list);
	if (rc != 0) {
		snprintf(err, errlen, "cannot resolve %s: %s", n->host,
			 gai_strerror(rc));
		return -1;
	}
	c->step = "connecting";
	for (a = list; a != NULL; a = a->ai_next) {
		fd = socket(a->ai_family,
			    a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
			    a->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, a->ai_addr, a->ai_addrlen) == 0)
			break;
		if (errno == EINPROGRESS) {
			if (!wait_fd(n, fd, POLLOUT)) {
				close(fd);
				fd = -1;
				timeout_error(c, err, errlen);
				break;
			}
			if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr,
				       &len) == 0 &&
			    soerr == 0)
				break;
			errno = soerr;
		}
		snprintf(err, errlen, "cannot connect to %s: %s", n->base,
			 strerror(errno));
		close(fd);
		fd = -1;
	}
	freeaddrinfo(list);
	return fd;
}

/* One line on why a handshake failed: the likely cause first. */
static void tls_error(const struct conn *c, int ret, char *err, size_t errlen)
{
	const char *mode = c->n->target->nrpe_tls == NSC_NRPE_TLS_CERT ? "cert"
			   : c->n->target->nrpe_tls == NSC_NRPE_TLS_ADH
				   ? "adh"
				   : "anon-ecdh";
	unsigned long e = ERR_peek_last_error();
	int reason = ERR_GET_REASON(e);
	char detail[256] = "";
	long verify = SSL_get_verify_result(c->ssl);

	if (e != 0)
		ERR_error_string_n(e, detail, sizeof(detail));
	if (reason == SSL_R_CERTIFICATE_VERIFY_FAILED)
		snprintf(err, errlen,
			 "TLS handshake with %s failed on the certificate: %s "
			 "(--ca-file names the CA that signed the agent's)",
			 c->n->base, X509_verify_cert_error_string(verify));
	else if (reason == SSL_R_DH_KEY_TOO_SMALL)
		snprintf(err, errlen,
			 "TLS handshake with %s failed on a legacy DH size: "
			 "the agent's Diffie-Hellman parameters are too small "
			 "(0.4/0.5 ship 512 bits); give it 2048-bit ones",
			 c->n->base);
	else if (reason == SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE ||
		 reason == SSL_R_NO_CIPHERS_AVAILABLE ||
		 reason == SSL_R_NO_SHARED_CIPHER ||
		 reason == SSL_R_NO_CIPHER_MATCH)
		snprintf(err, errlen,
			 "TLS handshake with %s failed on a cipher mismatch: "
			 "the agent accepts no --nrpe-tls %s cipher (adh: 0.4/"
			 "0.5 and nrpe without a certificate; anon-ecdh: 0.16 "
			 "insecure; cert: an agent with a certificate)",
			 c->n->base, mode);
	else if (reason == SSL_R_WRONG_VERSION_NUMBER ||
		 reason == SSL_R_PACKET_LENGTH_TOO_LONG ||
		 reason == SSL_R_RECORD_LENGTH_MISMATCH)
		snprintf(err, errlen,
			 "TLS handshake with %s failed: the agent does not "
			 "speak TLS there (--nrpe-tls none?)",
			 c->n->base);
	else if (reason == SSL_R_TLSV1_ALERT_PROTOCOL_VERSION ||
		 reason == SSL_R_UNSUPPORTED_PROTOCOL)
		snprintf(err, errlen,
			 "TLS handshake with %s failed on the TLS version: "
			 "the agent and this OpenSSL share none",
			 c->n->base);
	else if (e == 0 || reason == SSL_R_UNEXPECTED_EOF_WHILE_READING)
		snprintf(err, errlen,
			 "TLS handshake with %s failed: the agent closed the "
			 "connection (a cipher mismatch with --nrpe-tls %s, or "
			 "no TLS there: --nrpe-tls none?)",
			 c->n->base, mode);
	else
		snprintf(err, errlen, "TLS handshake with %s failed: %s",
			 c->n->base, detail);
	(void)ret;
}

static bool handshake(struct conn *c, char *err, size_t errlen)
{
	const struct nsc_target *t = c->n->target;
	X509_VERIFY_PARAM *param;
	unsigned char addr[16];

	c->step = "in the TLS handshake";
	ERR_clear_error();
	c->ssl = SSL_new(c->n->ctx);
	if (c->ssl == NULL || !SSL_set_fd(c->ssl, c->fd)) {
		snprintf(err, errlen, "cannot set up TLS for %s", c->n->base);
		return false;
	}
	if (t->nrpe_tls == NSC_NRPE_TLS_CERT && !t->insecure) {
		param = SSL_get0_param(c->ssl);
		if (inet_pton(AF_INET, c->n->host, addr) == 1 ||
		    inet_pton(AF_INET6, c->n->host, addr) == 1)
			X509_VERIFY_PARAM_set1_ip_asc(param, c->n->host);
		else {
			X509_VERIFY_PARAM_set1_host(param, c->n->host, 0);
			SSL_set_tlsext_host_name(c->ssl, c->n->host);
		}
	}
	for (;;) {
		int ret = SSL_connect(c->ssl), e = SSL_get_error(c->ssl, ret);

		if (ret == 1)
			return true;
		if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
			if (!wait_fd(c->n, c->fd,
				     e == SSL_ERROR_WANT_READ ? POLLIN
							      : POLLOUT)) {
				timeout_error(c, err, errlen);
				return false;
			}
			continue;
		}
		tls_error(c, ret, err, errlen);
		return false;
	}
}

/* Writes all of buf; false with err set. */
static bool send_all(struct conn *c, const unsigned char *buf, size_t len,
		     char *err, size_t errlen)
{
	size_t done = 0;

	c->step = "sending the query";
	while (done < len) {
		ssize_t k;
		short want = POLLOUT;

		if (c->ssl != NULL) {
			int r = SSL_write(c->ssl, buf + done,
					  (int)(len - done));
			int e = SSL_get_error(c->ssl, r);

			k = r > 0 ? r : -1;
			if (r <= 0 && e == SSL_ERROR_WANT_READ)
				want = POLLIN;
			else if (r <= 0 && e != SSL_ERROR_WANT_WRITE)
				errno = EPIPE;
			else if (r <= 0)
				errno = EAGAIN;
		} else {
			k = send(c->fd, buf + done, len - done, MSG_NOSIGNAL);
		}
		if (k > 0) {
			done += (size_t)k;
			continue;
		}
		if (c->ssl != NULL && errno == EPIPE) {
			char alert[16];
			const char *why;
			int saved = errno;

			/* the agent hung up after the handshake: a TLS 1.3
			 * alert (a client certificate it wants) may wait */
			ERR_clear_error();
			if (SSL_read(c->ssl, alert, sizeof(alert)) <= 0 &&
			    (why = ERR_reason_error_string(
				     ERR_peek_last_error())) != NULL) {
				snprintf(err, errlen,
					 "TLS error writing to %s: %s",
					 c->n->base, why);
				return false;
			}
			errno = saved;
		}
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
			snprintf(err, errlen, "cannot send to %s: %s",
				 c->n->base, strerror(errno));
			return false;
		}
		if (!wait_fd(c->n, c->fd, want)) {
			timeout_error(c, err, errlen);
			return false;
		}
	}
	return true;
}

/*
 * Reads up to len bytes into buf: the count, 0 at the end of the
 * stream, -1 on an error or a timeout (err set).
 */
static ssize_t recv_some(struct conn *c, unsigned char *buf, size_t len,
			 char *err, size_t errlen)
{
	for (;;) {
		short want = POLLIN;

		if (c->ssl != NULL) {
			int r = SSL_read(c->ssl, buf, (int)len);
			int e = SSL_get_error(c->ssl, r);

			if (r > 0)
				return r;
			if (e == SSL_ERROR_ZERO_RETURN ||
			    (e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) ||
			    (e == SSL_ERROR_SSL &&
			     ERR_GET_REASON(ERR_peek_error()) ==
				     SSL_R_UNEXPECTED_EOF_WHILE_READING))
				return 0;
			if (e == SSL_ERROR_WANT_WRITE)
				want = POLLOUT;
			else if (e != SSL_ERROR_WANT_READ) {
				const char *why = ERR_reason_error_string(
					ERR_peek_last_error());

				/* TLS 1.3: a refused client certificate
				 * shows only once the answer is read */
				snprintf(err, errlen,
					 "TLS error reading from %s: %s",
					 c->n->base, why ? why : "unknown");
				return -1;
			}
		} else {
			ssize_t k = recv(c->fd, buf, len, 0);

			if (k >= 0)
				return k;
			if (errno == ECONNRESET)
				return 0;
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR) {
				snprintf(err, errlen, "cannot read from %s: %s",
					 c->n->base, strerror(errno));
				return -1;
			}
		}
		if (!wait_fd(c->n, c->fd, want)) {
			timeout_error(c, err, errlen);
			return -1;
		}
	}
}

/* What one exchange came to. */
enum outcome { SENT_OK, NO_ANSWER, FAILED };

/*
 * Reads the answer's packets into r. NO_ANSWER: the agent closed before
 * the first byte (what 0.16 and nrpe 2 do to a version they do not
 * read).
 */
static enum outcome read_answer(struct conn *c, struct nrpe_reply *r, char *err,
				size_t errlen)
{
	struct nsc_nrpe *n = c->n;
	size_t payload = (size_t)n->target->nrpe_payload, have = 0;
	struct nrpe_packet p;
	bool any = false;

	c->step = "waiting for the answer";
	while (!r->done) {
		long need = nsc_nrpe_need(n->buf, have, payload);
		ssize_t k;

		if (need < 0) {
			snprintf(err, errlen,
				 "%s sent no NRPE packet: version %u, or a "
				 "buffer over %d bytes",
				 n->base, (unsigned)n->buf[0] << 8 | n->buf[1],
				 NRPE_BUFFER_MAX);
			return FAILED;
		}
		if (need > 0 && have >= (size_t)need) {
			if (!nsc_nrpe_decode(n->buf, (size_t)need, payload, &p,
					     err, errlen) ||
			    !nsc_nrpe_join(r, &p, err, errlen)) {
				char why[200];

				snprintf(why, sizeof(why), "%s", err);
				snprintf(err, errlen, "%s sent %s", n->base,
					 why);
				return FAILED;
			}
			memmove(n->buf, n->buf + need, have - (size_t)need);
			have -= (size_t)need;
			continue;
		}
		k = recv_some(c, n->buf + have,
			      (need > 0 ? (size_t)need : 16) - have, err,
			      errlen);
		if (k < 0)
			return FAILED;
		if (k == 0) {
			if (!any)
				return NO_ANSWER;
			snprintf(err, errlen,
				 "%s closed the connection after %zu bytes of "
				 "a packet of %ld (a short packet, or another "
				 "payload length than --nrpe-payload %zu)",
				 n->base, have, need > 0 ? need : 16L, payload);
			return FAILED;
		}
		any = true;
		have += (size_t)k;
	}
	return SENT_OK;
}

/* One connection, one query of version, its answer in r. */
static enum outcome exchange(struct nsc_nrpe *n, int version, const char *query,
			     struct nrpe_reply *r, char *err, size_t errlen)
{
	struct conn c = {.n = n, .fd = -1};
	size_t len;
	enum outcome o = FAILED;

	len = nsc_nrpe_encode(version, NRPE_QUERY, 0, query,
			      (size_t)n->target->nrpe_payload, n->buf,
			      sizeof(n->buf));
	if (len == 0) {
		snprintf(err, errlen,
			 "the query %.40s... does not fit an NRPE packet of "
			 "payload length %ld",
			 query, n->target->nrpe_payload);
		return FAILED;
	}
	c.fd = open_socket(&c, err, errlen);
	if (c.fd < 0)
		return FAILED;
	if (n->ctx != NULL && !handshake(&c, err, errlen))
		goto close_conn;
	/* the buffer holds the query until it is sent, then the answer */
	if (!send_all(&c, n->buf, len, err, errlen))
		goto close_conn;
	o = read_answer(&c, r, err, errlen);
close_conn:
	if (c.ssl != NULL) {
		if (o == SENT_OK)
			SSL_shutdown(c.ssl);
		SSL_free(c.ssl);
	}
	close(c.fd);
	return o;
}

enum nsc_status nsc_nrpe_run(struct nsc_nrpe *n, const char *query, int *result,
			     char *text, size_t cap, bool *capped, char *err,
			     size_t errlen)
{
	struct nrpe_reply r = {.text = text, .cap = cap};
	int forced = n->target->nrpe_version;
	int version = n->version ? n->version : forced ? forced : 4;
	enum outcome o = exchange(n, version, query, &r, err, errlen);

	/* check_nrpe 4's fallback: an agent that closes on a v4 query, or
	 * answers it in v2 (an error of a v2-only agent), is asked in v2 */
	if (version == 4 && n->version == 0 && forced == 0 &&
	    (o == NO_ANSWER || (o == SENT_OK && r.version == 2))) {
		r = (struct nrpe_reply){.text = text, .cap = cap};
		version = 2;
		o = exchange(n, version, query, &r, err, errlen);
	}
	if (o == NO_ANSWER) {
		snprintf(err, errlen,
			 "%s closed the connection without answering%s",
			 n->base,
			 n->ctx == NULL
				 ? " (an agent that wants TLS: --nrpe-tls "
				   "cert, adh or anon-ecdh?)"
				 : "");
		return NSC_ERR_CONNECT;
	}
	if (o == FAILED)
		return strstr(err, " sent ") != NULL ? NSC_ERR_ANSWER
						     : NSC_ERR_CONNECT;
	/* NSClient++ before 0.16 sends protocol errors (arguments refused,
	 * a version it does not read) as v2 packets whatever the query's
	 * version: still its answer */
	if (r.version != version && r.version != 2) {
		snprintf(err, errlen,
			 "%s answered a version %d query with a version %d "
			 "packet",
			 n->base, version, r.version);
		return NSC_ERR_ANSWER;
	}
	n->version = version;
	*result = r.result;
	*capped = r.capped;
	if (cap > 0 && r.len == 0)
		text[0] = '\0';
	return NSC_OK;
}

/* The context of a TLS mode; NULL with err set. */
static SSL_CTX *tls_context(const struct nsc_target *t, char *err,
			    size_t errlen)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	const char *ciphers =
		t->nrpe_tls == NSC_NRPE_TLS_ADH	    ? "ADH:@SECLEVEL=0"
		: t->nrpe_tls == NSC_NRPE_TLS_AECDH ? "AECDH:@SECLEVEL=0"
						    : NULL;

	if (ctx == NULL) {
		snprintf(err, errlen, "cannot set up OpenSSL");
		return NULL;
	}
	if (ciphers != NULL) {
		/* anonymous suites exist only up to TLS 1.2 */
		if (!SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION) ||
		    !SSL_CTX_set_cipher_list(ctx, ciphers)) {
			snprintf(err, errlen,
				 "this OpenSSL has no anonymous %s ciphers",
				 t->nrpe_tls == NSC_NRPE_TLS_ADH ? "DH"
								 : "ECDH");
			goto free_ctx;
		}
		SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
		return ctx;
	}
	if (t->insecure)
		SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	else {
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
		if (t->ca_file != NULL
			    ? !SSL_CTX_load_verify_locations(ctx, t->ca_file,
							     NULL)
			    : !SSL_CTX_set_default_verify_paths(ctx)) {
			snprintf(err, errlen, "cannot read the CAs of %s",
				 t->ca_file ? t->ca_file : "the system");
			goto free_ctx;
		}
	}
	if (t->nrpe_cert != NULL &&
	    (!SSL_CTX_use_certificate_chain_file(ctx, t->nrpe_cert) ||
	     !SSL_CTX_use_PrivateKey_file(
		     ctx, t->nrpe_key ? t->nrpe_key : t->nrpe_cert,
		     SSL_FILETYPE_PEM) ||
	     !SSL_CTX_check_private_key(ctx))) {
		snprintf(err, errlen,
			 "cannot use the client certificate %s with the key "
			 "%s",
			 t->nrpe_cert, t->nrpe_key ? t->nrpe_key : "in it");
		goto free_ctx;
	}
	return ctx;
free_ctx:
	SSL_CTX_free(ctx);
	return NULL;
}

struct nsc_nrpe *nsc_nrpe_new(const struct nsc_target *target, char *err,
			      size_t errlen)
{
	struct nsc_nrpe *n = calloc(1, sizeof(*n));
	size_t hl;

	if (n == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	n->target = target;
	clock_gettime(CLOCK_MONOTONIC, &n->deadline);
	n->deadline.tv_sec += target->timeout_ms / 1000;
	n->deadline.tv_nsec += (target->timeout_ms % 1000) * 1000000;
	if (n->deadline.tv_nsec >= 1000000000) {
		n->deadline.tv_sec++;
		n->deadline.tv_nsec -= 1000000000;
	}
	snprintf(n->host, sizeof(n->host), "%s", target->host);
	hl = strlen(n->host);
	if (hl > 2 && n->host[0] == '[' && n->host[hl - 1] == ']') {
		memmove(n->host, n->host + 1, hl - 2);
		n->host[hl - 2] = '\0';
	}
	if (strchr(n->host, ':') != NULL)
		snprintf(n->base, sizeof(n->base), "nrpe://[%s]:%ld", n->host,
			 target->port);
	else
		snprintf(n->base, sizeof(n->base), "nrpe://%s:%ld", n->host,
			 target->port);
	if (target->nrpe_tls != NSC_NRPE_TLS_NONE) {
		struct sigaction old;

		/* OpenSSL writes with write(2), not send(MSG_NOSIGNAL): an
		 * agent that hangs up mid-write must not kill the plugin */
		if (sigaction(SIGPIPE, NULL, &old) == 0 &&
		    old.sa_handler == SIG_DFL)
			signal(SIGPIPE, SIG_IGN);
		n->ctx = tls_context(target, err, errlen);
		if (n->ctx == NULL) {
			free(n);
			return NULL;
		}
	}
	return n;
}

void nsc_nrpe_free(struct nsc_nrpe *n)
{
	if (n == NULL)
		return;
	SSL_CTX_free(n->ctx);
	free(n);
}

const char *nsc_nrpe_base(const struct nsc_nrpe *n)
{
	return n->base;
}

int nsc_nrpe_version(const struct nsc_nrpe *n)
{
	return n->version;
}
