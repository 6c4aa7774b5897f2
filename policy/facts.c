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

bool pol_facts_merge(struct pol_facts *into, const struct pol_facts *from,
		     char *why, size_t whylen)
{
	char both[sizeof(into->src_both)];

	if (from->src_version != NULL && into->src_version != NULL &&
	    from->build != into->build) {
		snprintf(why, whylen,
			 "the sources disagree on the build: %s says %ld, %s "
			 "says %ld",
			 into->src_version, into->build, from->src_version,
			 from->build);
		return false;
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
