/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The organisation's policy: the rules a host is held to, as a policy file
 * (--policy FILE, an ini file: README.md and the man page give its format)
 * writes them in sections, as the command line overrides them, and as they
 * apply to one host once resolved. Pure: the file's text comes in.
 */
#ifndef POL_POLICY_H
#define POL_POLICY_H

#include "catalog.h"
#include "facts.h"
#include "lib/runtime.h"
#include "rules.h"
#include "updates.h"
#include "version.h"

#include <stdbool.h>
#include <stddef.h>

#define POL_LIST_MAX 32 /* entries of one list, in a layer and resolved */
#define POL_KB_MAX   16

/* Where a rule was written: a file and line; file NULL: built in. */
struct pol_where {
	const char *file;
	int line;
};

/* Builds or revisions that are not allowed, and why. */
struct pol_deny {
	struct pol_version from, to; /* inclusive; to = from for one */
	enum wb_state state;
	char id[POL_ID_MAX]; /* an advisory's id, or "" */
	char reason[POL_REASON_MAX];
	const char *source; /* an advisory's citation, or NULL */
	struct pol_where at;
};

/* The scalar rules, each with a bit saying a layer sets it. */
enum pol_key {
	POL_KEY_TIER,
	POL_KEY_WARN,
	POL_KEY_CRIT,
	POL_KEY_AGENT,
	POL_KEY_MISSING,
	POL_KEY_MIN, /* the list of minimum versions */
	POL_KEY_AGE_WARN,
	POL_KEY_AGE_CRIT,
	POL_KEY_BEHIND_WARN,
	POL_KEY_BEHIND_CRIT,
	POL_KEY_BASELINE,
	POL_KEY_GRACE,
	POL_KEYS
};

/* "At least the monthly release of a month": a fixed one, or the latest
 * in force minus some months. */
struct pol_baseline {
	bool latest;
	long month;	     /* fixed: year * 12 + month - 1 (date.h) */
	int minus;	     /* latest: months before it */
	enum wb_state state; /* below it; CRITICAL unless named */
};

/*
 * One layer of rules (a file's section, the command line), or the rules
 * resolved for a host. Scalars count where their bit is in set; lists
 * add up from layer to layer, a later minimum for a build replacing an
 * earlier one for the same build.
 */
struct pol_policy {
	unsigned set; /* 1 << enum pol_key */
	enum pol_tier tier;
	struct wb_range warn, crit;	    /* on days of support left */
	struct pol_agent_version agent;	    /* the oldest NSClient++ */
	enum wb_state agent_state;	    /* for an older one; CRITICAL unless
					       min-agent names another */
	enum wb_state missing;		    /* a rule's fact not known */
	struct wb_range age_warn, age_crit; /* days since the update ran */
	struct wb_range behind_warn, behind_crit; /* monthly releases */
	struct pol_baseline baseline;
	long grace; /* days after Patch Tuesday before a month counts */
	struct pol_version min[POL_LIST_MAX]; /* minimum version per build */
	struct pol_where min_at[POL_LIST_MAX];
	int nmin;
	struct pol_deny deny[POL_LIST_MAX];
	int ndeny;
	char hotfix[POL_LIST_MAX][POL_KB_MAX]; /* required, "KB4474419" */
	struct pol_where hotfix_at[POL_LIST_MAX];
	int nhotfix;
	char allow[POL_LIST_MAX][POL_ID_MAX]; /* denies lifted: ids, versions */
	int nallow;
	struct pol_where at[POL_KEYS]; /* where each scalar was set */
	const char *edition; /* the command line's --edition, or NULL */
	const char *section; /* the [policy:NAME] the host is in, or NULL */
};

/* The built-in defaults: extended support, -w 180: -c 0:, UNKNOWN for a
 * fact no source gave. */
void pol_policy_defaults(struct pol_policy *policy);

enum pol_section_kind {
	POL_SECTION_DEFAULT,
	POL_SECTION_FAMILY,  /* [family:client], [family:server] */
	POL_SECTION_TYPE,    /* [type:workstation|server|domain_controller] */
	POL_SECTION_EDITION, /* [edition:ltsc], ... */
	POL_SECTION_PRODUCT, /* [product:server-2008-sp2], a catalogue id */
	POL_SECTION_POLICY   /* [policy:dc]: only the hosts that name it */
};

struct pol_section {
	enum pol_section_kind kind;
	char name[POL_ID_MAX];
	int line;
	struct pol_policy rules;
};

struct pol_file {
	char *name; /* for messages and --explain */
	struct pol_section *sections;
	size_t count;
};

/*
 * Parses a policy file's text (len bytes) named name. On success *out is
 * the caller's (pol_file_free); on failure *out is NULL and err says
 * "name:LINE: what".
 */
enum pol_status pol_file_parse(const char *text, size_t len, const char *name,
			       struct pol_file **out, char *err, size_t errlen);

/* Reads and parses the file at path (at most 1 MiB), as pol_file_parse. */
enum pol_status pol_file_load(const char *path, struct pol_file **out,
			      char *err, size_t errlen);

void pol_file_free(struct pol_file *file);

/*
 * Checks the file's sections against the catalogue: a product or an
 * edition it does not know is an error, with the file and line.
 */
bool pol_file_check(const struct pol_file *file,
		    const struct pol_catalog *catalog, char *err,
		    size_t errlen);

/* Does section s apply to a host on rel (may be NULL), of type, in
 * edition, that names the [policy:] section named (either may be NULL)? */
bool pol_section_applies(const struct pol_section *s,
			 const struct pol_release *rel,
			 enum pol_product_type type, const char *edition,
			 const char *named);

/* Lower-case letters, digits and '-', at least one: the names of
 * editions and of [policy:] sections. */
bool pol_is_name(const char *s, size_t len);

/* Does the file have a [policy:name] section? */
bool pol_file_has_policy(const struct pol_file *file, const char *name);

/*
 * The rules for one host on release rel with product type and edition
 * (either unknown): the defaults, the catalogue's advisories, the file's
 * sections from the least to the most specific ([default], [family:],
 * [type:], [edition:], [product:], then the [policy:] the command line
 * layer names), then the command line's. file may be NULL.
 */
void pol_policy_resolve(const struct pol_catalog *catalog,
			const struct pol_file *file,
			const struct pol_policy *cmdline,
			const struct pol_release *rel,
			enum pol_product_type type, const char *edition,
			struct pol_policy *out);

/* Does any rule of the file or the command line (either may be NULL)
 * read the update history: a patch rule, a baseline, a required KB? */
bool pol_policy_reads_updates(const struct pol_file *file,
			      const struct pol_policy *cmdline);

/*
 * The rules that read a resolved policy. Each verdict's skip says the rule
 * has nothing to say about the host (no minimum for its NT version, no
 * deny that matches, no hotfix or agent required); a fact the rule needs
 * and no source gave gets the policy's missing-fact state.
 *
 * The minimum version of the host's build: (build, revision) compared
 * within one build only, a build below every minimum of its NT version
 * CRITICAL. *which gets the index of the minimum that decided;
 * no_revision_hint says why a revision may be missing.
 */
struct pol_verdict pol_rule_min_versions(const struct pol_policy *policy,
					 const struct pol_facts *facts,
					 const char *no_revision_hint,
					 int *which);

/* The worst deny the host's version falls in, its state and reason;
 * *which gets it (NULL: none). */
struct pol_verdict pol_rule_denied(const struct pol_policy *policy,
				   const struct pol_facts *facts,
				   const struct pol_deny **which);

/* The required hotfixes: CRITICAL when one is not installed. A KB the
 * update history knows for the host's build is also met by a revision at
 * or above the one it brings; one it knows only for other builds is an
 * error in the policy, UNKNOWN. updates may be NULL; family is the
 * host's (UNKNOWN: either). */
struct pol_verdict pol_rule_hotfixes(const struct pol_policy *policy,
				     const struct pol_facts *facts,
				     const struct pol_updates *updates,
				     enum pol_family family);

/* The oldest NSClient++ agent allowed. */
struct pol_verdict pol_rule_agent(const struct pol_policy *policy,
				  const struct pol_facts *facts);

/* "KB5053596 of 2025-03-11 (17763.7009)", the kind named unless it is
 * the monthly security release; build is the host's. */
void pol_update_text(const struct pol_update *update, long build, char *buf,
		     size_t len);

/* The age of the update the host runs, in days, against patch-age-*. */
struct pol_verdict pol_rule_patch_age(const struct pol_policy *policy,
				      const struct pol_facts *facts,
				      const struct pol_patch *patch);

/* The monthly releases the host is behind, against updates-behind-*. */
struct pol_verdict pol_rule_behind(const struct pol_policy *policy,
				   const struct pol_facts *facts,
				   const struct pol_patch *patch);

/* The month the baseline requires on day today: its Patch Tuesday plus
 * the grace has passed. */
long pol_baseline_month(const struct pol_policy *policy, long today);

/* At least the baseline month's release of the host's build; *required
 * gets it (NULL: none). */
struct pol_verdict pol_rule_baseline(const struct pol_policy *policy,
				     const struct pol_facts *facts,
				     const struct pol_updates *updates,
				     const struct pol_patch *patch, long today,
				     const struct pol_update **required);

/*
 * Sets one rule of a layer from its key and value (len bytes), as a
 * policy file and the command line both write them (support, warning,
 * critical, min-build, deny, allow, require-hotfix, min-agent,
 * missing-fact), noting where. once: a scalar given again is an error (a
 * file's section); else the last one counts (the command line). False
 * with what is wrong in err.
 */
bool pol_policy_set(struct pol_policy *layer, const char *key,
		    const char *value, size_t len, struct pol_where at,
		    bool once, char *err, size_t errlen);

/* Parses a baseline value, "YYYY-MM|latest[-N] [STATE]". */
bool pol_baseline_parse(const char *text, size_t len, struct pol_baseline *b,
			char *err, size_t errlen);

/* Parses a deny value, "VERSION[-VERSION] [STATE]: REASON". */
bool pol_deny_parse(const char *text, size_t len, struct pol_deny *deny,
		    char *err, size_t errlen);

#endif
