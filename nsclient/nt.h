/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The legacy NSClient (check_nt) protocol's client: asks CLIENTVERSION
 * over plain TCP (port 12489 by default) and reads the one answer. Plain
 * sockets, no library: built into the plugin, not the REST module.
 */
#ifndef NSC_NT_H
#define NSC_NT_H

#include "nsclient.h"
#include "ntreply.h"

#include <stdbool.h>
#include <stddef.h>

struct nsc_nt_target {
	const char *host; /* name or address; IPv6 literals bare or bracketed */
	long port;
	const char *password; /* "None" is what check_nt sent without one */
	long timeout_ms;      /* for connecting, both tries and reading */
};

struct nsc_nt_result {
	struct nsc_nt_reply reply; /* when NSC_OK, NSC_ERR_AUTH, ..._ANSWER */
	bool newline;		   /* answered only the newline-ended retry */
	bool timed_out;		   /* the failure was the deadline */
};

/*
 * Sends "PASSWORD&1" without a terminator, as check_nt did. NSClient++
 * 0.12.2 to 0.16.2 wait for a newline before they answer: when the agent
 * has sent nothing after a quarter of the budget (at most 2 s) and keeps
 * the connection open, asks once more on a new connection with "\n" at the
 * end. Every step is bounded by timeout_ms. NSC_OK: result->reply is a
 * version; NSC_ERR_AUTH: a refusal over the password; NSC_ERR_ANSWER:
 * another refusal or an answer that is not one; NSC_ERR_CONNECT: no
 * connection or no answer (timed_out says which). err (errlen bytes) says
 * why in one line, never with the password. Never prints or exits.
 */
enum nsc_status nsc_nt_query(const struct nsc_nt_target *target,
			     struct nsc_nt_result *result, char *err,
			     size_t errlen);

#endif
