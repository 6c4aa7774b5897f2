/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "nrpe.h"

#include "lookup.h"

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

/*
 * Where a command stands. An exchange (one connection, one query, its
 * answer) goes from P_CONNECT to P_READ; a command is one exchange, or
 * two when a v4 query falls back to v2.
 */
enum phase {
	P_IDLE,	      /* no command yet */
	P_RESOLVE,    /* the name's lookup under way */
	P_CONNECT,    /* a connect(2) to try on addr */
	P_CONNECTING, /* a connect(2) under way */
	P_HANDSHAKE,
	P_SEND,
	P_READ,
	P_DONE /* status and the reply tell the command's end */
};

/* What one exchange came to. */
enum outcome { SENT_OK, NO_ANSWER, FAILED };

/* What a phase's move came to: on to the next, a wait, the exchange's
 * end (outcome set). */
enum progress { GO, WAIT_IN, WAIT_OUT, END };

struct nsc_nrpe {
	const struct nsc_target *target;
	SSL_CTX *ctx; /* NULL: plain TCP */
	struct timespec deadline;
	int version; /* 0 until an agent answered */
	char base[300];
	char host[256]; /* without an IPv6 literal's brackets */
	/* the command under way: its query, reply and error are the
	 * caller's until it ends */
	enum phase phase;
	const char *query;
	struct nrpe_reply r;
	int cur; /* the packet version of the exchange under way */
	enum outcome outcome;
	enum nsc_status status; /* P_DONE's */
	char *err;
	size_t errlen;
	/* the exchange under way */
	struct addrinfo *addrs, *addr; /* the addresses (resolved once), the
					  one tried */
	struct nsc_lookup *lookup;     /* P_RESOLVE's */
	int fd;
	SSL *ssl;
	const char *step; /* what it is doing, for a timeout's message */
	size_t len, sent; /* the query's packet, sent so far */
	size_t have;	  /* answer bytes in buf */
	bool any;	  /* an answer byte came */
	unsigned char buf[NRPE_PACKET_MAX]; /* the query, then the answer */
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

static void timeout_error(const struct nsc_nrpe *n)
{
	if (n->phase == P_RESOLVE) {
		snprintf(n->err, n->errlen,
			 "could not resolve %s in time: the name server did "
			 "not answer",
			 n->host);
		return;
	}
	snprintf(n->err, n->errlen, "no answer from %s in time: stopped %s%s",
		 n->base, n->step,
		 n->ssl != NULL && strcmp(n->step, "in the TLS handshake") == 0
			 ? " (an agent without TLS waits for more: "
			   "--nrpe-tls none?)"
			 : "");
}

/* The connection's end, whatever its state. */
static void close_conn(struct nsc_nrpe *n, bool clean)
{
	if (n->ssl != NULL) {
		if (clean)
			SSL_shutdown(n->ssl);
		SSL_free(n->ssl);
		n->ssl = NULL;
	}
	if (n->fd >= 0)
		close(n->fd);
	n->fd = -1;
	n->addr = NULL;
	nsc_lookup_free(n->lookup);
	n->lookup = NULL;
}

static enum progress failed(struct nsc_nrpe *n)
{
	n->outcome = FAILED;
	return END;
}

/* Connected: TLS next, or the query. */
static enum progress connected(struct nsc_nrpe *n)
{
	n->addr = NULL;
	n->phase = n->ctx != NULL ? P_HANDSHAKE : P_SEND;
	n->step = n->ctx != NULL ? "in the TLS handshake" : "sending the query";
	return GO;
}

/* A failed address: its reason kept for when none is left. */
static void connect_error(struct nsc_nrpe *n, int e)
{
	snprintf(n->err, n->errlen, "cannot connect to %s: %s", n->base,
		 strerror(e));
	close(n->fd);
	n->fd = -1;
}

/* A non-blocking connect to the addresses from addr on. */
static enum progress do_connect(struct nsc_nrpe *n)
{
	for (; n->addr != NULL; n->addr = n->addr->ai_next) {
		const struct addrinfo *a = n->addr;

		n->fd = socket(a->ai_family,
			       a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
			       a->ai_protocol);
		if (n->fd < 0) {
			snprintf(n->err, n->errlen, "cannot connect to %s: %s",
				 n->base, strerror(errno));
			continue;
		}
		if (connect(n->fd, a->ai_addr, a->ai_addrlen) == 0)
			return connected(n);
		if (errno == EINPROGRESS) {
			n->phase = P_CONNECTING;
			return WAIT_OUT;
		}
		connect_error(n, errno);
	}
	return failed(n);
}

/* The connect under way: done, still going, or the next address. */
static enum progress do_connecting(struct nsc_nrpe *n)
{
	struct pollfd p = {.fd = n->fd, .events = POLLOUT};
	int soerr = 0;
	socklen_t len = sizeof(soerr);

	if (poll(&p, 1, 0) <= 0)
		return WAIT_OUT; /* not yet (or EINTR) */
	if (getsockopt(n->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0)
		soerr = errno;
	if (soerr == 0)
		return connected(n);
	connect_error(n, soerr);
	n->addr = n->addr->ai_next;
	n->phase = P_CONNECT;
	return GO;
}

/* One line on why a handshake failed: the likely cause first. */
static void tls_error(const struct nsc_nrpe *n, char *err, size_t errlen)
{
	const char *mode = n->target->nrpe_tls == NSC_NRPE_TLS_CERT ? "cert"
			   : n->target->nrpe_tls == NSC_NRPE_TLS_ADH
				   ? "adh"
				   : "anon-ecdh";
	unsigned long e = ERR_peek_last_error();
	int reason = ERR_GET_REASON(e);
	char detail[256] = "";
	long verify = SSL_get_verify_result(n->ssl);

	if (e != 0)
		ERR_error_string_n(e, detail, sizeof(detail));
	if (reason == SSL_R_CERTIFICATE_VERIFY_FAILED)
		snprintf(err, errlen,
			 "TLS handshake with %s failed on the certificate: %s "
			 "(--ca-file names the CA that signed the agent's)",
			 n->base, X509_verify_cert_error_string(verify));
	else if (reason == SSL_R_DH_KEY_TOO_SMALL)
		snprintf(err, errlen,
			 "TLS handshake with %s failed on a legacy DH size: "
			 "the agent's Diffie-Hellman parameters are too small "
			 "(0.4/0.5 ship 512 bits); give it 2048-bit ones",
			 n->base);
	else if (reason == SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE ||
		 reason == SSL_R_NO_CIPHERS_AVAILABLE ||
		 reason == SSL_R_NO_SHARED_CIPHER ||
		 reason == SSL_R_NO_CIPHER_MATCH)
		snprintf(err, errlen,
			 "TLS handshake with %s failed on a cipher mismatch: "
			 "the agent accepts no --nrpe-tls %s cipher (adh: 0.4/"
			 "0.5 and nrpe without a certificate; anon-ecdh: 0.16 "
			 "insecure; cert: an agent with a certificate)",
			 n->base, mode);
	else if (reason == SSL_R_WRONG_VERSION_NUMBER ||
		 reason == SSL_R_PACKET_LENGTH_TOO_LONG ||
		 reason == SSL_R_RECORD_LENGTH_MISMATCH)
		snprintf(err, errlen,
			 "TLS handshake with %s failed: the agent does not "
			 "speak TLS there (--nrpe-tls none?)",
			 n->base);
	else if (reason == SSL_R_TLSV1_ALERT_PROTOCOL_VERSION ||
		 reason == SSL_R_UNSUPPORTED_PROTOCOL)
		snprintf(err, errlen,
			 "TLS handshake with %s failed on the TLS version: "
			 "the agent and this OpenSSL share none",
			 n->base);
	else if (e == 0 || reason == SSL_R_UNEXPECTED_EOF_WHILE_READING)
		snprintf(err, errlen,
			 "TLS handshake with %s failed: the agent closed the "
			 "connection (a cipher mismatch with --nrpe-tls %s, or "
			 "no TLS there: --nrpe-tls none?)",
			 n->base, mode);
	else
		snprintf(err, errlen, "TLS handshake with %s failed: %s",
			 n->base, detail);
}

/* The TLS session's settings: the name or address to verify. */
static bool tls_setup(struct nsc_nrpe *n)
{
	const struct nsc_target *t = n->target;
	X509_VERIFY_PARAM *param;
	unsigned char addr[16];

	ERR_clear_error();
	n->ssl = SSL_new(n->ctx);
	if (n->ssl == NULL || !SSL_set_fd(n->ssl, n->fd)) {
		snprintf(n->err, n->errlen, "cannot set up TLS for %s",
			 n->base);
		return false;
	}
	if (t->nrpe_tls == NSC_NRPE_TLS_CERT && !t->insecure) {
		param = SSL_get0_param(n->ssl);
		if (inet_pton(AF_INET, n->host, addr) == 1 ||
		    inet_pton(AF_INET6, n->host, addr) == 1)
			X509_VERIFY_PARAM_set1_ip_asc(param, n->host);
		else {
			X509_VERIFY_PARAM_set1_host(param, n->host, 0);
			SSL_set_tlsext_host_name(n->ssl, n->host);
		}
	}
	return true;
}

static enum progress do_handshake(struct nsc_nrpe *n)
{
	int ret, e;

	if (n->ssl == NULL && !tls_setup(n))
		return failed(n);
	/* one thread runs many connections: no other's error may linger */
	ERR_clear_error();
	ret = SSL_connect(n->ssl);
	e = SSL_get_error(n->ssl, ret);
	if (ret == 1) {
		n->phase = P_SEND;
		n->step = "sending the query";
		return GO;
	}
	if (e == SSL_ERROR_WANT_READ)
		return WAIT_IN;
	if (e == SSL_ERROR_WANT_WRITE)
		return WAIT_OUT;
	tls_error(n, n->err, n->errlen);
	return failed(n);
}

/*
 * Why a TLS write failed once the agent hung up after the handshake: a
 * TLS 1.3 alert (a client certificate it wants) may wait. False when
 * there is none.
 */
static bool tls_alert(struct nsc_nrpe *n)
{
	char alert[16];
	const char *why;

	ERR_clear_error();
	if (SSL_read(n->ssl, alert, sizeof(alert)) <= 0 &&
	    (why = ERR_reason_error_string(ERR_peek_last_error())) != NULL) {
		snprintf(n->err, n->errlen, "TLS error writing to %s: %s",
			 n->base, why);
		return true;
	}
	return false;
}

/* Writes what is left of the query's packet. */
static enum progress do_send(struct nsc_nrpe *n)
{
	while (n->sent < n->len) {
		ssize_t k;
		enum progress want = WAIT_OUT;

		if (n->ssl != NULL) {
			int r = (ERR_clear_error(),
				 SSL_write(n->ssl, n->buf + n->sent,
					   (int)(n->len - n->sent)));
			int e = SSL_get_error(n->ssl, r);

			k = r > 0 ? r : -1;
			if (r <= 0 && e == SSL_ERROR_WANT_READ)
				want = WAIT_IN;
			else if (r <= 0 && e != SSL_ERROR_WANT_WRITE)
				errno = EPIPE;
			else if (r <= 0)
				errno = EAGAIN;
		} else {
			k = send(n->fd, n->buf + n->sent, n->len - n->sent,
				 MSG_NOSIGNAL);
		}
		if (k > 0) {
			n->sent += (size_t)k;
			continue;
		}
		if (n->ssl != NULL && errno == EPIPE) {
			if (tls_alert(n))
				return failed(n);
			errno = EPIPE;
		}
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
			snprintf(n->err, n->errlen, "cannot send to %s: %s",
				 n->base, strerror(errno));
			return failed(n);
		}
		return want;
	}
	/* the buffer held the query until now; the answer comes into it */
	n->phase = P_READ;
	n->step = "waiting for the answer";
	n->have = 0;
	n->any = false;
	return GO;
}

/*
 * Reads up to len bytes into buf: the count, 0 at the end of the stream,
 * -1 on an error (err set), -2 when it must wait (*want says for what).
 */
static ssize_t recv_some(struct nsc_nrpe *n, unsigned char *buf, size_t len,
			 enum progress *want)
{
	ssize_t k;

	*want = WAIT_IN;
	if (n->ssl != NULL) {
		int r = (ERR_clear_error(), SSL_read(n->ssl, buf, (int)len));
		int e = SSL_get_error(n->ssl, r);

		if (r > 0)
			return r;
		if (e == SSL_ERROR_ZERO_RETURN ||
		    (e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) ||
		    (e == SSL_ERROR_SSL &&
		     ERR_GET_REASON(ERR_peek_error()) ==
			     SSL_R_UNEXPECTED_EOF_WHILE_READING))
			return 0;
		if (e == SSL_ERROR_WANT_WRITE)
			*want = WAIT_OUT;
		else if (e != SSL_ERROR_WANT_READ) {
			const char *why =
				ERR_reason_error_string(ERR_peek_last_error());

			/* TLS 1.3: a refused client certificate shows only
			 * once the answer is read */
			snprintf(n->err, n->errlen,
				 "TLS error reading from %s: %s", n->base,
				 why ? why : "unknown");
			return -1;
		}
		return -2;
	}
	k = recv(n->fd, buf, len, 0);
	if (k >= 0)
		return k;
	if (errno == ECONNRESET)
		return 0;
	if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
		snprintf(n->err, n->errlen, "cannot read from %s: %s", n->base,
			 strerror(errno));
		return -1;
	}
	return -2;
}

/* One whole packet in buf, joined to the reply; false with err set. */
static bool take_packet(struct nsc_nrpe *n, size_t need, size_t payload)
{
	struct nrpe_packet p;
	char why[200];

	if (nsc_nrpe_decode(n->buf, need, payload, &p, n->err, n->errlen) &&
	    nsc_nrpe_join(&n->r, &p, n->err, n->errlen)) {
		memmove(n->buf, n->buf + need, n->have - need);
		n->have -= need;
		return true;
	}
	snprintf(why, sizeof(why), "%s", n->err);
	snprintf(n->err, n->errlen, "%s sent %s", n->base, why);
	return false;
}

/*
 * Reads the answer's packets into the reply. NO_ANSWER: the agent closed
 * before the first byte (what 0.16 and nrpe 2 do to a version they do
 * not read).
 */
static enum progress do_read(struct nsc_nrpe *n)
{
	size_t payload = (size_t)n->target->nrpe_payload;

	while (!n->r.done) {
		long need = nsc_nrpe_need(n->buf, n->have, payload);
		enum progress want;
		ssize_t k;

		if (need < 0) {
			snprintf(n->err, n->errlen,
				 "%s sent no NRPE packet: version %u, or a "
				 "buffer over %d bytes",
				 n->base, (unsigned)n->buf[0] << 8 | n->buf[1],
				 NRPE_BUFFER_MAX);
			return failed(n);
		}
		if (need > 0 && n->have >= (size_t)need) {
			if (!take_packet(n, (size_t)need, payload))
				return failed(n);
			continue;
		}
		k = recv_some(n, n->buf + n->have,
			      (need > 0 ? (size_t)need : 16) - n->have, &want);
		if (k == -2)
			return want;
		if (k < 0)
			return failed(n);
		if (k == 0) {
			if (!n->any) {
				n->outcome = NO_ANSWER;
				return END;
			}
			snprintf(n->err, n->errlen,
				 "%s closed the connection after %zu bytes of "
				 "a packet of %ld (a short packet, or another "
				 "payload length than --nrpe-payload %zu)",
				 n->base, n->have, need > 0 ? need : 16L,
				 payload);
			return failed(n);
		}
		n->any = true;
		n->have += (size_t)k;
	}
	n->outcome = SENT_OK;
	return END;
}

/* An exchange of packet version: the query encoded, the name resolved.
 * END (outcome FAILED) when either cannot be. */
static enum progress begin_exchange(struct nsc_nrpe *n, int version)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC,
				 .ai_socktype = SOCK_STREAM,
				 .ai_flags = AI_NUMERICHOST};
	char port[16];

	n->cur = version;
	n->r = (struct nrpe_reply){.text = n->r.text, .cap = n->r.cap};
	n->sent = 0;
	n->len = nsc_nrpe_encode(version, NRPE_QUERY, 0, n->query,
				 (size_t)n->target->nrpe_payload, n->buf,
				 sizeof(n->buf));
	if (n->len == 0) {
		snprintf(n->err, n->errlen,
			 "the query %.40s... does not fit an NRPE packet of "
			 "payload length %ld",
			 n->query, n->target->nrpe_payload);
		return failed(n);
	}
	/* once a client, as every command connects anew: an address at
	 * once, a name in a lookup of its own (a resolver may wait) */
	snprintf(port, sizeof(port), "%ld", n->target->port);
	if (n->addrs == NULL &&
	    getaddrinfo(n->host, port, &hints, &n->addrs) != 0) {
		n->addrs = NULL;
		n->lookup = nsc_lookup_start(n->host, port, n->err, n->errlen);
		if (n->lookup == NULL)
			return failed(n);
		n->phase = P_RESOLVE;
		n->step = "resolving the name";
		return GO;
	}
	n->addr = n->addrs;
	n->phase = P_CONNECT;
	n->step = "connecting";
	return GO;
}

/* The lookup under way: still going, or its addresses to connect to. */
static enum progress do_resolve(struct nsc_nrpe *n)
{
	int rc;

	if (!nsc_lookup_done(n->lookup, &rc, &n->addrs))
		return WAIT_IN;
	nsc_lookup_free(n->lookup);
	n->lookup = NULL;
	if (rc != 0) {
		snprintf(n->err, n->errlen, "cannot resolve %s: %s", n->host,
			 gai_strerror(rc));
		return failed(n);
	}
	n->addr = n->addrs;
	n->phase = P_CONNECT;
	n->step = "connecting";
	return GO;
}

/* The command's end from its last exchange's outcome. */
static void conclude(struct nsc_nrpe *n)
{
	n->phase = P_DONE;
	if (n->outcome == NO_ANSWER) {
		snprintf(n->err, n->errlen,
			 "%s closed the connection without answering%s",
			 n->base,
			 n->ctx == NULL
				 ? " (an agent that wants TLS: --nrpe-tls "
				   "cert, adh or anon-ecdh?)"
				 : "");
		n->status = NSC_ERR_CONNECT;
	} else if (n->outcome == FAILED) {
		n->status = strstr(n->err, " sent ") != NULL ? NSC_ERR_ANSWER
							     : NSC_ERR_CONNECT;
	} else if (n->r.version != n->cur && n->r.version != 2) {
		/* NSClient++ before 0.16 sends protocol errors (arguments
		 * refused, a version it does not read) as v2 packets
		 * whatever the query's version: still its answer */
		snprintf(n->err, n->errlen,
			 "%s answered a version %d query with a version %d "
			 "packet",
			 n->base, n->cur, n->r.version);
		n->status = NSC_ERR_ANSWER;
	} else {
		n->version = n->cur;
		if (n->r.cap > 0 && n->r.len == 0)
			n->r.text[0] = '\0';
		n->status = NSC_OK;
	}
}

/* An exchange's end: the fallback to v2, or the command's end. */
static void exchange_ended(struct nsc_nrpe *n)
{
	close_conn(n, n->outcome == SENT_OK);
	/* check_nrpe 4's fallback: an agent that closes on a v4 query, or
	 * answers it in v2 (an error of a v2-only agent), is asked in v2 */
	if (n->cur == 4 && n->version == 0 && n->target->nrpe_version == 0 &&
	    (n->outcome == NO_ANSWER ||
	     (n->outcome == SENT_OK && n->r.version == 2))) {
		if (begin_exchange(n, 2) == GO)
			return;
		close_conn(n, false);
	}
	conclude(n);
}

void nsc_nrpe_start(struct nsc_nrpe *n, const char *query, char *text,
		    size_t cap, char *err, size_t errlen)
{
	int forced = n->target->nrpe_version;

	close_conn(n, false);
	n->query = query;
	n->r = (struct nrpe_reply){.text = text, .cap = cap};
	n->err = err;
	n->errlen = errlen;
	if (begin_exchange(n, n->version ? n->version
			      : forced	 ? forced
					 : 4) != GO) {
		close_conn(n, false);
		conclude(n);
	}
}

bool nsc_nrpe_step(struct nsc_nrpe *n, short *events)
{
	for (;;) {
		enum progress p;

		switch (n->phase) {
		case P_RESOLVE:
			p = do_resolve(n);
			break;
		case P_CONNECT:
			p = do_connect(n);
			break;
		case P_CONNECTING:
			p = do_connecting(n);
			break;
		case P_HANDSHAKE:
			p = do_handshake(n);
			break;
		case P_SEND:
			p = do_send(n);
			break;
		case P_READ:
			p = do_read(n);
			break;
		case P_IDLE:
		case P_DONE:
		default:
			return false;
		}
		if (p == WAIT_IN || p == WAIT_OUT) {
			*events = p == WAIT_IN ? POLLIN : POLLOUT;
			return true;
		}
		if (p == END)
			exchange_ended(n);
	}
}

void nsc_nrpe_expire(struct nsc_nrpe *n)
{
	if (n->phase == P_IDLE || n->phase == P_DONE)
		return;
	timeout_error(n);
	close_conn(n, false);
	n->outcome = FAILED;
	conclude(n);
}

int nsc_nrpe_fd(const struct nsc_nrpe *n)
{
	return n->phase == P_RESOLVE ? nsc_lookup_fd(n->lookup) : n->fd;
}

long nsc_nrpe_ms_left(const struct nsc_nrpe *n)
{
	return ms_left(n);
}

enum nsc_status nsc_nrpe_result(const struct nsc_nrpe *n, int *result,
				bool *capped)
{
	if (n->phase != P_DONE)
		return NSC_ERR_CONNECT;
	*result = n->r.result;
	*capped = n->r.capped;
	return n->status;
}

enum nsc_status nsc_nrpe_run(struct nsc_nrpe *n, const char *query, int *result,
			     char *text, size_t cap, bool *capped, char *err,
			     size_t errlen)
{
	short events;

	/* the one machine, each wait in poll(2) */
	nsc_nrpe_start(n, query, text, cap, err, errlen);
	while (nsc_nrpe_step(n, &events))
		if (!wait_fd(n, nsc_nrpe_fd(n), events)) {
			nsc_nrpe_expire(n);
			break;
		}
	return nsc_nrpe_result(n, result, capped);
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
	n->fd = -1;
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
	close_conn(n, false);
	if (n->addrs != NULL)
		freeaddrinfo(n->addrs);
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
