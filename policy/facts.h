/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the plugin learned about one host, already sanitised, with where
 * each fact came from. Filled by the gathering step, read by evaluation
 * and rendering.
 */
#ifndef POL_FACTS_H
#define POL_FACTS_H

#include "catalog.h"

#include <stdbool.h>
#include <stddef.h>

enum pol_product_type {
	POL_TYPE_UNKNOWN,
	POL_TYPE_WORKSTATION,
	POL_TYPE_SERVER,
	POL_TYPE_DOMAIN_CONTROLLER
};

#define POL_TEXT_MAX  256
#define POL_NOT_KNOWN (-1L)

struct pol_hotfix {
	char id[24];	/* "KB4499180" */
	long installed; /* a day number (date.h); POL_NO_DATE: not told */
};

/* One installed program as HOST-RESOURCES-MIB's hrSWInstalledTable names it. */
struct pol_software {
	char name[65];	/* sanitised; Windows sends at most 64 bytes */
	long installed; /* a day number; POL_NO_DATE: not told */
	char kb[16];	/* the update it is, "KB925902"; empty: none told */
	bool cut; /* fills the 64 bytes with no whole KB: a KB may be lost */
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
	enum pol_family family_hint; /* net-snmp's agent names client/server */
	char edition[32]; /* catalogue edition token; empty when unknown */
	char caption[POL_TEXT_MAX]; /* "Microsoft Windows Server 2008 ..." */
	char service_pack[64];
	char arch[32];
	char agent[64]; /* NSClient++ version */
	const char *agent_api;
	const struct pol_hotfix *hotfixes; /* owned by the gathering step */
	int nhotfixes;
	bool hotfixes_capped;
	const struct pol_software *software; /* owned by the gathering step */
	int nsoftware;
	bool software_capped; /* the table did not end: more are installed */
	/* why the list cannot be trusted (the agent's table loops); "": it can
	 */
	char software_problem[256];
	char notes[512];     /* why facts are missing */
	bool tls_unverified; /* REST without certificate checks (--insecure) */
	char src_both[96];   /* "snmp:... and nsclient:..." when both agree */
	/* where each fact came from, e.g. "snmp:sysDescr.0"; NULL: nowhere */
	const char *src_version, *src_type, *src_name, *src_uptime,
		*src_revision, *src_edition, *src_caption, *src_agent,
		*src_hotfixes, *src_software;
};

/* Facts that know nothing yet: no build, revision or uptime. */
void pol_facts_init(struct pol_facts *facts);

/* "workstation", "server", "domain_controller" or NULL. */
const char *pol_type_name(enum pol_product_type type);

/* Whether NSClient++ was asked over a protocol that tells the OS (REST,
 * NRPE): check_nt ("check_nt" agent_api) tells only the agent's version. */
bool pol_facts_os_from_agent(const struct pol_facts *facts);

/* The catalogue family of a product type. */
enum pol_family pol_type_family(enum pol_product_type type);

/*
 * Adds what another source learned to into: each fact that source has
 * replaces the one into has, with its provenance (a version both gave
 * names both), except that a hotfix list read over SNMP never replaces
 * one from elsewhere: NSClient++'s Win32_QuickFixEngineering lists every
 * update, hrSWInstalledTable only some, with cut names. False, with both
 * sources named in why (whylen bytes), when they disagree on the NT
 * version, the build, or workstation against server: then into is left
 * as it was. A server that one calls a domain controller is not a
 * contradiction: from counts, and a note says so.
 */
bool pol_facts_merge(struct pol_facts *into, const struct pol_facts *from,
		     char *why, size_t whylen);

#endif
