/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The legacy NSClient (check_nt) protocol's answer to CLIENTVERSION
 * (code 1), read without I/O: the agent's version, or one of the error
 * answers every NSClient++ era sends, with what it means. Pure, so that it
 * is unit-tested and fuzzed; nsclient/nt.c does the talking.
 */
#ifndef NSC_NTREPLY_H
#define NSC_NTREPLY_H

#include "policy/facts.h"

#include <stdbool.h>
#include <stddef.h>

/* The longest answer read: CLIENTVERSION's is some 30 bytes. */
#define NSC_NT_REPLY_MAX 1024

/* Where host.agent comes from when check_nt told it. */
#define NSC_NT_SOURCE "nsclient-nt:CLIENTVERSION"

enum nsc_nt_kind {
	NSC_NT_VERSION, /* "NSClient++ 0.5.2.35 2018-01-28" */
	NSC_NT_REFUSED, /* "ERROR: ...": the agent said no */
	NSC_NT_GARBAGE, /* anything else, empty or over-long included */
};

struct nsc_nt_reply {
	enum nsc_nt_kind kind;
	bool auth;	   /* NSC_NT_REFUSED over the password */
	char version[64];  /* NSC_NT_VERSION: "0.5.2.35" */
	char date[32];	   /* NSC_NT_VERSION: "2018-01-28", or "" */
	char text[160];	   /* the answer, sanitised and capped */
	char meaning[300]; /* one line: what the answer means */
};

/*
 * Reads len bytes the agent sent (any bytes; len above NSC_NT_REPLY_MAX
 * means the answer was longer than the cap and is refused as such) into
 * *reply, every text field terminated and sanitised. Trailing CR and LF
 * (0.3.x ends an answer with one) are ignored.
 */
void nsc_nt_parse(const char *buf, size_t len, struct nsc_nt_reply *reply);

/* Facts from a NSC_NT_VERSION answer: the agent's version only. */
void nsc_nt_facts(const struct nsc_nt_reply *reply, struct pol_facts *facts);

#endif
