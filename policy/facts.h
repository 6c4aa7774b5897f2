/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the plugin learned about one host, already sanitised, with where
 * each fact came from. Filled by the gathering step, read by evaluation
 * and rendering.
 */
#ifndef POL_FACTS_H
#define POL_FACTS_H

#include <stdbool.h>

enum pol_product_type {
	POL_TYPE_UNKNOWN,
	POL_TYPE_WORKSTATION,
	POL_TYPE_SERVER,
	POL_TYPE_DOMAIN_CONTROLLER
};

#define POL_TEXT_MAX  256
#define POL_NOT_KNOWN (-1L)

struct pol_hotfix {
	char id[24];   /* "KB4499180" */
	char date[16]; /* as the host gave it, e.g. "5/14/2019"; may be empty */
};

struct pol_facts {
	char address[POL_TEXT_MAX];	/* as given with -H */
	char name[POL_TEXT_MAX];	/* host name; empty when unknown */
	char description[POL_TEXT_MAX]; /* sanitised sysDescr */
	char object_id[POL_TEXT_MAX];	/* numeric sysObjectID */
	int nt_major, nt_minor;		/* the real NT version */
	long build;			/* POL_NOT_KNOWN when unknown */
	long revision;
	long uptime_seconds;
	enum pol_product_type type;
	char edition[32]; /* catalogue edition token; empty when unknown */
	char caption[POL_TEXT_MAX]; /* "Microsoft Windows Server 2008 ..." */
	char service_pack[64];
	char arch[32];
	char agent[64]; /* NSClient++ version */
	const char *agent_api;
	const struct pol_hotfix *hotfixes; /* owned by the gathering step */
	int nhotfixes;
	bool hotfixes_capped;
	char notes[512]; /* why facts are missing */
	/* where each fact came from, e.g. "snmp:sysDescr.0"; NULL: nowhere */
	const char *src_version, *src_type, *src_name, *src_uptime,
		*src_revision, *src_edition, *src_caption, *src_agent,
		*src_hotfixes;
};

/* "workstation", "server", "domain_controller" or NULL. */
const char *pol_type_name(enum pol_product_type type);

#endif
