/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What one SNMP answer tells, as facts with their provenance: the bridge
 * from snmp/client.h's answer to the policy's types. Pure.
 */
#ifndef WBS_FACTS_H
#define WBS_FACTS_H

#include "client.h"
#include "policy/facts.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * Adds what si holds to facts: the sanitised sysDescr and sysName, the
 * product type from sysObjectID, the uptime, and the version sysDescr
 * names. False, with the reason in why (whylen bytes), when sysDescr is
 * not a Windows version this plugin knows; the other facts are kept.
 */
bool wbs_sysinfo_facts(const struct wbs_sysinfo *si, struct pol_facts *facts,
		       char *why, size_t whylen);

#endif
