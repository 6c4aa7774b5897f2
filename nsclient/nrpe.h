/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * An NRPE client for one agent: one connection per command, as NRPE
 * wants; TLS through OpenSSL (verified, anonymous DH or ECDH) or plain
 * TCP; version 4 packets first, and version 2 from then on when the agent
 * does not answer those, as check_nrpe 4 does. One deadline for every
 * command together. Errors come back as a status and one line.
 */
#ifndef NSC_NRPE_H
#define NSC_NRPE_H

#include "nsclient.h"

#include <stdbool.h>
#include <stddef.h>

struct nsc_nrpe;

/*
 * A client for target (target->api NSC_API_NRPE), its deadline starting
 * now; NULL with a reason in err when TLS cannot be set up (a client
 * certificate that cannot be read). The caller owns it (nsc_nrpe_free).
 */
struct nsc_nrpe *nsc_nrpe_new(const struct nsc_target *target, char *err,
			      size_t errlen);
void nsc_nrpe_free(struct nsc_nrpe *nrpe);

/*
 * Runs query ("command" or "command!arg!arg") on the agent: *result is
 * the answer's result code (0-3 for a sane agent), text (cap bytes) its
 * output with continuation packets joined, *capped when it did not fit.
 * NSC_ERR_CONNECT (err says "in time" on a timeout) when no answer came,
 * NSC_ERR_ANSWER when one came that cannot be read.
 */
enum nsc_status nsc_nrpe_run(struct nsc_nrpe *nrpe, const char *query,
			     int *result, char *text, size_t cap, bool *capped,
			     char *err, size_t errlen);

/*
 * The same command as a machine that never waits, for many agents in one
 * thread: start() begins it (query, text and err must live until it
 * ends; nsc_nrpe_run is start, then step and poll(2) until the end).
 * step() moves it on as far as it goes without waiting: true while it
 * waits for nsc_nrpe_fd to be ready for *events (POLLIN or POLLOUT), false
 * once it has ended. expire() ends a command whose wait outlived the
 * client's deadline, with nsc_nrpe_run's timeout message. result() is
 * then nsc_nrpe_run's return, *result and *capped.
 */
void nsc_nrpe_start(struct nsc_nrpe *nrpe, const char *query, char *text,
		    size_t cap, char *err, size_t errlen);
bool nsc_nrpe_step(struct nsc_nrpe *nrpe, short *events);
void nsc_nrpe_expire(struct nsc_nrpe *nrpe);
enum nsc_status nsc_nrpe_result(const struct nsc_nrpe *nrpe, int *result,
				bool *capped);
int nsc_nrpe_fd(const struct nsc_nrpe *nrpe);

/* Milliseconds to the client's deadline (negative once past). */
long nsc_nrpe_ms_left(const struct nsc_nrpe *nrpe);

/* "nrpe://host:port", for messages. */
const char *nsc_nrpe_base(const struct nsc_nrpe *nrpe);

/* The packet version the agent answered (4 or 2); 0 before any answer. */
int nsc_nrpe_version(const struct nsc_nrpe *nrpe);

#endif
