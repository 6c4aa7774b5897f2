/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A host name's lookup (getaddrinfo) in a thread of its own, so that a
 * slow or silent resolver holds no one: the caller waits on a descriptor
 * that becomes readable when the lookup has ended, with its own deadline
 * beside the others'. A lookup let go before its end frees itself when
 * getaddrinfo returns.
 */
#ifndef NSC_LOOKUP_H
#define NSC_LOOKUP_H

#include <netdb.h>
#include <stdbool.h>
#include <stddef.h>

struct nsc_lookup;

/* Starts looking host up for TCP to port (any address family); NULL with
 * err set when the thread cannot start. */
struct nsc_lookup *nsc_lookup_start(const char *host, const char *port,
				    char *err, size_t errlen);

/* Readable once the lookup has ended. */
int nsc_lookup_fd(const struct nsc_lookup *l);

/* Whether it has ended; then *rc is getaddrinfo's, and on 0 *addrs is
 * the addresses, the caller's (freeaddrinfo). */
bool nsc_lookup_done(struct nsc_lookup *l, int *rc, struct addrinfo **addrs);

/* Lets go of l, ended or not. */
void nsc_lookup_free(struct nsc_lookup *l);

#endif
