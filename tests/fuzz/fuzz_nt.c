/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The legacy check_nt protocol's answer to CLIENTVERSION: any bytes an
 * agent (or something in its place) sends. What is read must be clean;
 * a version merges into a Windows Server 2008 SP2 host's SNMP facts and
 * is judged by min-agent = 0.5.2.35; both answers must hold.
 */
#include "fuzz.h"
#include "nsclient/ntreply.h"
#include "policy/evaluate.h"
#include "policy/policy.h"
#include "policy/version.h"

#include <stdio.h>
#include <string.h>

static void check_terminated(const char *what, const char *s, size_t size)
{
	if (memchr(s, '\0', size) == NULL)
		fuzz_fail("%s is not terminated", what);
}

int fuzz_nt(const uint8_t *data, size_t size)
{
	static struct pol_facts host, nt;
	struct pol_report report = {0};
	struct pol_policy policy;
	struct nsc_nt_reply r;
	struct pol_agent_version v;
	char why[512];

	nsc_nt_parse((const char *)data, size, &r);
	check_terminated("text", r.text, sizeof(r.text));
	check_terminated("meaning", r.meaning, sizeof(r.meaning));
	check_terminated("version", r.version, sizeof(r.version));
	check_terminated("date", r.date, sizeof(r.date));
	fuzz_check_clean("the answer", r.text);
	fuzz_check_clean("its meaning", r.meaning);
	fuzz_check_clean("the date", r.date);
	if (r.meaning[0] == '\0')
		fuzz_fail("no meaning for '%s'", r.text);
	if (size > NSC_NT_REPLY_MAX && r.kind != NSC_NT_GARBAGE)
		fuzz_fail("an over-long answer read as %d", (int)r.kind);
	if (r.auth && r.kind != NSC_NT_REFUSED)
		fuzz_fail("auth set on a kind %d", (int)r.kind);
	if (r.kind != NSC_NT_VERSION) {
		if (r.version[0] != '\0')
			fuzz_fail("a version '%s' from a refusal", r.version);
		pol_report_fail(&report, WB_UNKNOWN, r.meaning);
		fuzz_check_report(&report);
		return 0;
	}
	if (!pol_agent_version_parse(r.version, strlen(r.version), &v))
		fuzz_fail("version '%s' does not parse", r.version);
	pol_facts_init(&host);
	host.nt_major = 6;
	host.nt_minor = 0;
	host.build = 6003;
	host.type = POL_TYPE_SERVER;
	host.src_version = "snmp:sysDescr.0";
	host.src_type = "snmp:sysObjectID.0";
	nsc_nt_facts(&r, &nt);
	if (strcmp(nt.agent, r.version) != 0 || nt.src_version != NULL)
		fuzz_fail("facts '%s' from version '%s'", nt.agent, r.version);
	if (!pol_facts_merge(&host, &nt, why, sizeof(why)))
		fuzz_fail("the agent version contradicts SNMP: %s", why);
	policy = (struct pol_policy){
		.set = 1u << POL_KEY_AGENT,
		.agent = {{0, 5, 2, 35}},
		.agent_state = WB_CRITICAL,
	};
	pol_evaluate(fuzz_shipped(), NULL, NULL, &policy, &host, FUZZ_TODAY,
		     &report);
	fuzz_check_report(&report);
	return 0;
}
