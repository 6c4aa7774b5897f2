/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "facts.h"

#include "policy/edition.h"

#include <stdio.h>
#include <string.h>

static enum pol_product_type win32_type(int product_type)
{
	switch (product_type) {
	case 1:
		return POL_TYPE_WORKSTATION;
	case 2:
		return POL_TYPE_DOMAIN_CONTROLLER;
	case 3:
		return POL_TYPE_SERVER;
	}
	return POL_TYPE_UNKNOWN;
}

void nsc_host_facts(const struct nsc_host *h, struct pol_facts *f)
{
	pol_facts_init(f);
	if (h->src_version != NULL) {
		f->nt_major = h->major;
		f->nt_minor = h->minor;
		f->build = h->build;
		f->src_version = h->src_version;
	}
	if (h->src_revision != NULL) {
		f->revision = h->revision;
		f->src_revision = h->src_revision;
	}
	f->type = win32_type(h->product_type);
	if (f->type != POL_TYPE_UNKNOWN)
		f->src_type = h->src_type;
	if (h->src_caption != NULL) {
		snprintf(f->caption, sizeof(f->caption), "%s", h->caption);
		f->src_caption = h->src_caption;
		snprintf(f->edition, sizeof(f->edition), "%s",
			 pol_edition_from_caption(h->caption,
						  pol_type_family(f->type)));
		f->src_edition = h->src_caption;
	}
	snprintf(f->service_pack, sizeof(f->service_pack), "%s",
		 h->service_pack);
	snprintf(f->arch, sizeof(f->arch), "%s", h->arch);
	snprintf(f->agent, sizeof(f->agent), "%s", h->agent_version);
	f->src_agent = h->src_agent;
	f->agent_api = h->api == NSC_API_V1	  ? "v1"
		       : h->api == NSC_API_NRPE ? "nrpe"
						: "legacy";
	if (h->src_hotfixes != NULL) {
		f->hotfixes = h->hotfixes;
		f->nhotfixes = h->nhotfixes;
		f->hotfixes_capped = h->hotfixes_capped;
		f->src_hotfixes = h->src_hotfixes;
	}
	snprintf(f->notes, sizeof(f->notes), "%s", h->notes);
}

bool nsc_merge_host(const struct nsc_host *host, bool tls_unverified,
		    struct pol_facts *facts, char *why, size_t whylen)
{
	struct pol_facts told;

	nsc_host_facts(host, &told);
	told.tls_unverified = tls_unverified;
	return pol_facts_merge(facts, &told, why, whylen);
}

bool nsc_timed_out(enum nsc_status st, const char *err)
{
	/* every deadline message of http.c says "in time" */
	return st == NSC_ERR_CONNECT && strstr(err, "in time") != NULL;
}
