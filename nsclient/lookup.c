/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* pipe2 */
#include "lookup.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct nsc_lookup {
	char host[256], port[16];
	int pipe[2]; /* the thread writes a byte to [1] at the end */
	int rc;
	struct addrinfo *addrs;
	atomic_bool ended;  /* rc and addrs are set */
	atomic_int holders; /* the caller and the thread */
};

static void let_go(struct nsc_lookup *l)
{
	if (atomic_fetch_sub(&l->holders, 1) != 1)
		return;
	if (l->addrs != NULL)
		freeaddrinfo(l->addrs);
	close(l->pipe[0]);
	close(l->pipe[1]);
	free(l);
}

static void *look_up(void *arg)
{
	struct nsc_lookup *l = arg;
	struct addrinfo hints = {.ai_family = AF_UNSPEC,
				 .ai_socktype = SOCK_STREAM};
	ssize_t n;

	l->rc = getaddrinfo(l->host, l->port, &hints, &l->addrs);
	atomic_store(&l->ended, true);
	n = write(l->pipe[1], "", 1); /* one byte, once: it fits */
	(void)n;
	let_go(l);
	return NULL;
}

struct nsc_lookup *nsc_lookup_start(const char *host, const char *port,
				    char *err, size_t errlen)
{
	struct nsc_lookup *l = calloc(1, sizeof(*l));
	pthread_attr_t attr;
	pthread_t thread;
	sigset_t all, old;
	int rc;

	if (l == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	snprintf(l->host, sizeof(l->host), "%s", host);
	snprintf(l->port, sizeof(l->port), "%s", port);
	if (pipe2(l->pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
		snprintf(err, errlen, "cannot look %s up: %s", host,
			 strerror(errno));
		free(l);
		return NULL;
	}
	atomic_init(&l->ended, false);
	atomic_init(&l->holders, 2);
	/* the thread takes no signal: the plugin's own stay with it */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&thread, &attr, look_up, l);
	pthread_attr_destroy(&attr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		snprintf(err, errlen, "cannot look %s up: %s", host,
			 strerror(rc));
		close(l->pipe[0]);
		close(l->pipe[1]);
		free(l);
		return NULL;
	}
	return l;
}

int nsc_lookup_fd(const struct nsc_lookup *l)
{
	return l->pipe[0];
}

bool nsc_lookup_done(struct nsc_lookup *l, int *rc, struct addrinfo **addrs)
{
	if (!atomic_load(&l->ended))
		return false;
	*rc = l->rc;
	*addrs = l->rc == 0 ? l->addrs : NULL;
	if (l->rc == 0)
		l->addrs = NULL;
	return true;
}

void nsc_lookup_free(struct nsc_lookup *l)
{
	if (l != NULL)
		let_go(l);
}
