/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What NSClient++ told, as facts with their provenance: the bridge from
 * the REST module's answer to the policy's types. Pure.
 */
#ifndef NSC_FACTS_H
#define NSC_FACTS_H

#include "nsclient.h"
#include "policy/facts.h"

/*
 * Fills facts (initialised here) from host. Text is already sanitised by
 * the module; the hotfix list stays owned by host.
 */
void nsc_host_facts(const struct nsc_host *host, struct pol_facts *facts);

/*
 * Merges what host told into facts (the check's, with what other sources
 * told), as the single check and the fleet both do; tls_unverified: the
 * answers came without a verified certificate. False with the
 * contradiction in why (whylen bytes).
 */
bool nsc_merge_host(const struct nsc_host *host, bool tls_unverified,
		    struct pol_facts *facts, char *why, size_t whylen);

/*
 * Whether a failed query (st, err as nsc_query_host gave them) ran out of
 * time, which is the timeout state's, not UNKNOWN's.
 */
bool nsc_timed_out(enum nsc_status st, const char *err);

#endif
