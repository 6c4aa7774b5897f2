/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "nt.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* After the first bytes, how long a quiet agent is given to say more. */
#define QUIET_MS 250
/* "PASSWORD&1\n" with the longest password the plugin takes (255) */
#define REQUEST_MAX 300

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* poll() on one descriptor until the deadline: >0 ready, 0 time is up. */
static int wait_for(int fd, short events, long deadline)
{
	struct pollfd p = {.fd = fd, .events = events};
	int n;

	do {
		long left = deadline - now_ms();
		if (left <= 0)
			return 0;
		n = poll(&p, 1, left > 60000 ? 60000 : (int)left);
	} while (n == 0 || (n < 0 && errno == EINTR));
	return n;
}

/*
 * Connects to the first address of host that accepts, within the deadline.
 * -1 with err filled (and *timed_out when the deadline ended it).
 */
static int connect_to(const struct nsc_nt_target *t, long deadline,
		      bool *timed_out, char *err, size_t errlen)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC,
				 .ai_socktype = SOCK_STREAM,
				 .ai_flags = AI_NUMERICSERV};
	struct addrinfo *list, *ai;
	char host[256], port[8];
	size_t n = strlen(t->host);
	int rc, fd = -1, why = 0;

	/* "[::1]" as in a URL: getaddrinfo wants it bare */
	if (n >= 2 && t->host[0] == '[' && t->host[n - 1] == ']')
		snprintf(host, sizeof(host), "%.*s", (int)(n - 2), t->host + 1);
	else
		snprintf(host, sizeof(host), "%s", t->host);
	snprintf(port, sizeof(port), "%ld", t->port);
	rc = getaddrinfo(host, port, &hints, &list);
	if (rc != 0) {
		snprintf(err, errlen, "cannot resolve %s: %s", t->host,
			 gai_strerror(rc));
		return -1;
	}
	for (ai = list; ai != NULL; ai = ai->ai_next) {
		socklen_t len = sizeof(why);
		fd = socket(ai->ai_family,
			    ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
			    ai->ai_protocol);
		if (fd < 0) {
			why = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		why = errno;
		if (why == EINPROGRESS) {
			if (wait_for(fd, POLLOUT, deadline) == 0) {
				*timed_out = true;
				close(fd);
				fd = -1;
				break;
			}
			if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &why, &len) ==
				    0 &&
			    why == 0)
				break;
		}
		close(fd);
		fd = -1;
	}
	freeaddrinfo(list);
	if (fd < 0 && *timed_out)
		snprintf(err, errlen,
			 "no connection to NSClient++ check_nt at %s port %ld "
			 "in time",
			 t->host, t->port);
	else if (fd < 0)
		snprintf(err, errlen,
			 "cannot connect to NSClient++ check_nt at %s port "
			 "%ld: %s%s",
			 t->host, t->port, strerror(why),
			 why == ECONNREFUSED
				 ? " (no agent listens there: is the NSClient "
				   "server module on, and is --nt-port its "
				   "port?)"
				 : "");
	return fd;
}

static bool send_all(int fd, const char *buf, size_t len, long deadline)
{
	while (len > 0) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n > 0) {
			buf += n;
			len -= (size_t)n;
		} else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			if (wait_for(fd, POLLOUT, deadline) == 0)
				return false;
		} else {
			return false;
		}
	}
	return true;
}

enum heard { HEARD_ANSWER, HEARD_CLOSE, HEARD_NOTHING };

/*
 * Reads the answer: nothing by silent_until is HEARD_NOTHING; a close
 * before any byte HEARD_CLOSE. Once bytes come, reads until the agent
 * closes, goes quiet or sends more than the cap (then *len is cap + 1).
 */
static enum heard hear(int fd, char *buf, size_t cap, size_t *len,
		       long silent_until, long deadline)
{
	long until = silent_until;

	*len = 0;
	while (*len <= cap) {
		ssize_t n;
		if (wait_for(fd, POLLIN, until) == 0)
			break;
		n = recv(fd, buf + *len, cap + 1 - *len, 0);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n <= 0)
			break;
		*len += (size_t)n;
		until = now_ms() + QUIET_MS;
		if (until > deadline)
			until = deadline;
	}
	if (*len > 0)
		return HEARD_ANSWER;
	return now_ms() >= silent_until ? HEARD_NOTHING : HEARD_CLOSE;
}

/* One connection, one request: what was heard, or -1 (err filled). */
static int ask(const struct nsc_nt_target *t, bool newline, char *buf,
	       size_t cap, size_t *len, long silent_until, long deadline,
	       struct nsc_nt_result *res, char *err, size_t errlen)
{
	char request[REQUEST_MAX];
	int fd = connect_to(t, deadline, &res->timed_out, err, errlen);
	bool sent;
	enum heard h;
	int n;

	if (fd < 0)
		return -1;
	n = snprintf(request, sizeof(request), "%s&1%s", t->password,
		     newline ? "\n" : "");
	sent = n > 0 && (size_t)n < sizeof(request) &&
	       send_all(fd, request, (size_t)n, deadline);
	explicit_bzero(request, sizeof(request));
	if (!sent) {
		res->timed_out = now_ms() >= deadline;
		snprintf(err, errlen,
			 "cannot send the request to NSClient++ check_nt at "
			 "%s port %ld%s",
			 t->host, t->port, res->timed_out ? " in time" : "");
		close(fd);
		return -1;
	}
	h = hear(fd, buf, cap, len, silent_until, deadline);
	close(fd);
	return (int)h;
}

enum nsc_status nsc_nt_query(const struct nsc_nt_target *t,
			     struct nsc_nt_result *res, char *err,
			     size_t errlen)
{
	static char buf[NSC_NT_REPLY_MAX + 1];
	long start = now_ms(), deadline = start + t->timeout_ms;
	long first = t->timeout_ms / 4 > 2000 ? 2000 : t->timeout_ms / 4;
	size_t len = 0;
	int h;

	*res = (struct nsc_nt_result){0};
	h = ask(t, false, buf, NSC_NT_REPLY_MAX, &len, start + first, deadline,
		res, err, errlen);
	if (h == HEARD_NOTHING) {
		/* 0.12.2 to 0.16.2 read up to a newline before answering */
		res->newline = true;
		h = ask(t, true, buf, NSC_NT_REPLY_MAX, &len, deadline,
			deadline, res, err, errlen);
		if (h == HEARD_NOTHING) {
			res->timed_out = true;
			snprintf(err, errlen,
				 "NSClient++ check_nt at %s port %ld accepted "
				 "the connection but sent nothing in time, "
				 "also when asked with a newline at the end "
				 "(as 0.12.2 to 0.16.2 need)",
				 t->host, t->port);
			return NSC_ERR_CONNECT;
		}
	}
	if (h < 0)
		return NSC_ERR_CONNECT;
	if (h == HEARD_CLOSE) {
		snprintf(err, errlen,
			 "NSClient++ check_nt at %s port %ld closed the "
			 "connection without an answer: this address may not "
			 "be in the agent's allowed hosts, or the agent "
			 "speaks TLS there (0.12.2 and later default to it; "
			 "check_nt needs ssl = false)",
			 t->host, t->port);
		return NSC_ERR_CONNECT;
	}
	nsc_nt_parse(buf, len, &res->reply);
	switch (res->reply.kind) {
	case NSC_NT_VERSION:
		return NSC_OK;
	case NSC_NT_REFUSED:
		snprintf(err, errlen,
			 "NSClient++ check_nt at %s port %ld answered '%s': %s",
			 t->host, t->port, res->reply.text, res->reply.meaning);
		return res->reply.auth ? NSC_ERR_AUTH : NSC_ERR_ANSWER;
	case NSC_NT_GARBAGE:
		break;
	}
	snprintf(err, errlen,
		 "NSClient++ check_nt at %s port %ld answered '%s': %s",
		 t->host, t->port, res->reply.text, res->reply.meaning);
	return NSC_ERR_ANSWER;
}
