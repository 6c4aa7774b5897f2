/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * An SNMP answer as the agent controls it: sysObjectID (the first line,
 * as the client writes it: dotted decimal) and sysDescr (the rest, raw
 * bytes, NULs and all), through the same steps as the plugin: facts,
 * evaluation against the shipped catalogue, both renderings. The -H text
 * of a user goes through wbs_peer_name here too.
 */
#include "fuzz.h"
#include "policy/evaluate.h"
#include "snmp/facts.h"
#include "snmp/sysdescr.h"

#include <stdlib.h>
#include <string.h>

static void check_descr(const uint8_t *data, size_t size)
{
	struct wbs_descr d;

	if (!wbs_parse_sysdescr((const char *)data, size, &d))
		return;
	if (d.build < 0 || d.build > 999999 || d.reported_major < 0 ||
	    d.reported_major > 99 || d.reported_minor < 0 ||
	    d.reported_minor > 99)
		fuzz_fail("sysDescr read as %d.%d build %ld", d.reported_major,
			  d.reported_minor, d.build);
}

/* -H text: an error quotes it; the answer that shows the error is clean */
static void check_peer(const char *host)
{
	char peer[300], err[256];
	struct pol_report report = {0};

	if (host[0] != '\0' &&
	    !wbs_peer_name(host, 161, peer, sizeof(peer), err, sizeof(err))) {
		pol_report_fail(&report, WB_UNKNOWN, err);
		fuzz_check_report(&report);
	}
}

int fuzz_sysdescr(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t oidlen = nl ? (size_t)(nl - data) : 0;
	struct wbs_sysinfo *si = calloc(1, sizeof(*si));
	struct pol_facts facts;
	struct pol_report report = {0};
	char *oid = fuzz_string(data, oidlen), why[384];

	if (si == NULL)
		fuzz_fail("out of memory");
	check_peer(oid);
	if (oidlen > 0 && oidlen < sizeof(si->object_id)) {
		memcpy(si->object_id, oid, oidlen + 1);
		si->has_object_id = true;
	}
	data += nl ? oidlen + 1 : 0;
	size -= nl ? oidlen + 1 : 0;
	si->descr.present = true;
	si->descr.full_len = size;
	si->descr.len = size < WBS_OCTETS_MAX ? size : WBS_OCTETS_MAX;
	memcpy(si->descr.buf, data, si->descr.len);
	check_descr(data, size);

	pol_facts_init(&facts);
	if (!wbs_sysinfo_facts(si, &facts, why, sizeof(why))) {
		pol_report_fail(&report, WB_UNKNOWN, why);
		report.facts = &facts;
	} else {
		pol_evaluate(fuzz_shipped(), NULL, NULL, NULL, &facts, FUZZ_TODAY,
			     &report);
	}
	fuzz_check_clean("sysDescr as a fact", facts.description);
	fuzz_check_report(&report);
	free(oid);
	free(si);
	return 0;
}
