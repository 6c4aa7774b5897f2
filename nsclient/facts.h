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

#endif
