/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "facts.h"

#include <stdio.h>
#include <string.h>

void pol_facts_init(struct pol_facts *facts)
{
	*facts = (struct pol_facts){.build = POL_NOT_KNOWN,
				    .revision = POL_NOT_KNOWN,
				    .uptime_seconds = POL_NOT_KNOWN};
}

const char *pol_type_name(enum pol_product_type type)
{
	switch (type) {
	case POL_TYPE_WORKSTATION:
		return "workstation";
	case POL_TYPE_SERVER:
		return "server";
	case POL_TYPE_DOMAIN_CONTROLLER:
		return "domain_controller";
	case POL_TYPE_UNKNOWN:
		break;
	}
	return NULL;
}

enum pol_family pol_type_family(enum pol_product_type type)
{
	switch (type) {
	case POL_TYPE_WORKSTATION:
		return POL_FAMILY_CLIENT;
	case POL_TYPE_SERVER:
	case POL_TYPE_DOMAIN_CONTROLLER:
		return POL_FAMILY_SERVER;
	case POL_TYPE_UNKNOWN:
		break;
	}
	return POL_FAMILY_UNKNOWN;
}

bool pol_facts_os_from_agent(const struct pol_facts *facts)
{
	return facts->agent_api != NULL &&
	       strcmp(facts->agent_api, "check_nt") != 0;
}

/* A list read over SNMP, which another source's list outranks. */
static bool from_snmp(const char *source)
{
	return source != NULL && strncmp(source, "snmp:", 5) == 0;
}

/* Copies text when the other source has some. */
static void take_text(char *dst, size_t dstlen, const char *src)
{
	if (src[0] != '\0')
		snprintf(dst, dstlen, "%s", src);
}

/* Joins another source's notes to these, "; "-separated. */
static void add_notes(char *dst, size_t dstlen, const char *more)
{
	size_t used = strlen(dst);

	if (more[0] != '\0')
		snprintf(dst + used, dstlen - used, "%s%s", used ? "; " : "",
			 more);
}

/*
 * Where two sources cannot both be right: another NT version or build, or
 * a workstation and a server. False with both named in why.
 */
static bool agree(const struct pol_facts *a, const struct pol_facts *b,
		  char *why, size_t whylen)
{
	if (a->src_version != NULL && b->src_version != NULL &&
	    (a->nt_major != b->nt_major || a->nt_minor != b->nt_minor)) {
		snprintf(why, whylen,
			 "the sources disagree on the NT version: %s says "
			 "%d.%d, %s says %d.%d",
			 a->src_version, a->nt_major, a->nt_minor,
			 b->src_version, b->nt_major, b->nt_minor);
		return false;
	}
	if (a->src_version != NULL && b->src_version != NULL &&
	    a->build != b->build) {
		snprintf(why, whylen,
			 "the sources disagree on the build: %s says %ld, %s "
			 "says %ld",
			 a->src_version, a->build, b->src_version, b->build);
		return false;
	}
	if (a->src_type != NULL && b->src_type != NULL &&
	    pol_type_family(a->type) != pol_type_family(b->type)) {
		snprintf(why, whylen,
			 "the sources disagree on the product type: %s says "
			 "%s, %s says %s",
			 a->src_type, pol_type_name(a->type), b->src_type,
			 pol_type_name(b->type));
		return false;
	}
	return true;
}

bool pol_facts_merge(struct pol_facts *into, const struct pol_facts *from,
		     char *why, size_t whylen)
{
	char both[sizeof(into->src_both)], note[POL_TEXT_MAX];

	if (!agree(into, from, why, whylen))
		return false;
	/* a server and a domain controller: sysObjectID's .3 is not sure
	 * (some member servers send it); the later source counts */
	if (into->src_type != NULL && from->src_type != NULL &&
	    into->type != from->type) {
		snprintf(note, sizeof(note),
			 "%s says %s, %s says %s: the latter counts",
			 into->src_type, pol_type_name(into->type),
			 from->src_type, pol_type_name(from->type));
		add_notes(into->notes, sizeof(into->notes), note);
	}
	if (from->src_version != NULL) {
		if (into->src_version != NULL) {
			snprintf(both, sizeof(both), "%s and %s",
				 into->src_version, from->src_version);
			memcpy(into->src_both, both, sizeof(both));
			into->src_version = into->src_both;
		} else {
			into->src_version = from->src_version;
		}
		into->nt_major = from->nt_major;
		into->nt_minor = from->nt_minor;
		into->build = from->build;
	}
	if (from->src_revision != NULL) {
		into->revision = from->revision;
		into->src_revision = from->src_revision;
	}
	if (from->src_type != NULL) {
		into->type = from->type;
		into->src_type = from->src_type;
	}
	if (from->src_name != NULL) {
		take_text(into->name, sizeof(into->name), from->name);
		into->src_name = from->src_name;
	}
	if (from->src_uptime != NULL) {
		into->uptime_seconds = from->uptime_seconds;
		into->src_uptime = from->src_uptime;
	}
	if (from->src_caption != NULL) {
		take_text(into->caption, sizeof(into->caption), from->caption);
		into->src_caption = from->src_caption;
	}
	if (from->src_edition != NULL) {
		take_text(into->edition, sizeof(into->edition), from->edition);
		into->src_edition = from->src_edition;
	}
	take_text(into->service_pack, sizeof(into->service_pack),
		  from->service_pack);
	take_text(into->arch, sizeof(into->arch), from->arch);
	if (from->agent_api != NULL) {
		take_text(into->agent, sizeof(into->agent), from->agent);
		into->src_agent = from->src_agent;
		into->agent_api = from->agent_api;
		into->tls_unverified = from->tls_unverified;
	}
	if (from->src_hotfixes != NULL &&
	    (into->src_hotfixes == NULL || !from_snmp(from->src_hotfixes) ||
	     from_snmp(into->src_hotfixes))) {
		into->hotfixes = from->hotfixes;
		into->nhotfixes = from->nhotfixes;
		into->hotfixes_capped = from->hotfixes_capped;
		into->src_hotfixes = from->src_hotfixes;
	}
	if (from->src_software != NULL) {
		into->software = from->software;
		into->nsoftware = from->nsoftware;
		into->software_capped = from->software_capped;
		memcpy(into->software_problem, from->software_problem,
		       sizeof(into->software_problem));
		into->src_software = from->src_software;
	}
	add_notes(into->notes, sizeof(into->notes), from->notes);
	return true;
}
