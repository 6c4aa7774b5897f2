/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "evaluate.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

__attribute__((format(printf, 3, 4))) static void
fail(struct pol_report *r, enum wb_state state, const char *fmt, ...)
{
	char message[POL_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	pol_report_fail(r, state, message);
}

/* Why the catalogue has no row for the host, as the report's failure. */
static void explain_lookup(const struct pol_catalog *catalog,
			   const struct pol_policy *policy,
			   const struct pol_facts *f, enum pol_lookup found,
			   enum pol_family family, const struct pol_match *m,
			   struct pol_report *r)
{
	char editions[160];

	switch (found) {
	case POL_FOUND:
		return;
	case POL_NEWER:
		fail(r, WB_UNKNOWN,
		     "Windows NT %d.%d build %ld is newer than this catalogue "
		     "knows (its newest %s build is %ld): update the catalogue",
		     f->nt_major, f->nt_minor, f->build,
		     pol_family_name(family), m->newest_build);
		return;
	case POL_NOT_FOUND:
		fail(r, WB_UNKNOWN,
		     "Windows NT %d.%d build %ld is not in this catalogue (an "
		     "Insider or unreleased build?)",
		     f->nt_major, f->nt_minor, f->build);
		return;
	case POL_NO_EDITION:
		pol_catalog_editions(catalog, family, f->build, NULL, editions,
				     sizeof(editions));
		fail(r, WB_UNKNOWN,
		     "the catalogue has no edition '%s' for %s build %ld (it "
		     "knows: %s)",
		     policy->edition, pol_family_name(family), f->build,
		     editions);
		return;
	case POL_AMBIGUOUS:
		fail(r, WB_UNKNOWN,
		     "build %ld is both a client and a server release, and "
		     "sysObjectID.0 (%s) does not say which",
		     f->build, f->object_id[0] ? f->object_id : "missing");
		return;
	}
}

/* An edition nobody told: the line says which was assumed and why. */
static void note_edition(const struct pol_catalog *catalog,
			 const struct pol_facts *f,
			 const struct pol_release *rel, struct pol_report *r)
{
	char editions[96], message[POL_LINE_MAX];

	pol_catalog_editions(catalog, rel->family, f->build, rel->edition,
			     editions, sizeof(editions));
	snprintf(message, sizeof(message),
		 "not told by %s; assumed %s (%s). Build %ld is also: %s; "
		 "give --edition if the host runs one of those",
		 f->agent_api != NULL ? "NSClient++ (no Caption)" : "SNMP",
		 rel->edition, rel->name, f->build, editions);
	pol_report_rule(r, "edition", WB_OK, message);
}

/* The row for the host: by the policy's edition, the facts', or none. */
static enum pol_lookup lookup(const struct pol_catalog *catalog,
			      const struct pol_policy *policy,
			      const struct pol_facts *f, enum pol_family family,
			      struct pol_match *match)
{
	enum pol_lookup found = pol_catalog_lookup(
		catalog, family, f->build,
		policy->edition ? policy->edition : f->edition, match);

	/* a caption's edition the build lacks: the build's own release */
	if (found == POL_NO_EDITION && policy->edition == NULL)
		found = pol_catalog_lookup(catalog, family, f->build, NULL,
					   match);
	return found;
}

void pol_evaluate(const struct pol_catalog *catalog,
		  const struct pol_policy *policy, const struct pol_facts *f,
		  long today, struct pol_report *r)
{
	enum pol_family family = pol_type_family(f->type);
	const struct pol_release *rel;
	struct pol_match match;
	struct pol_verdict v;
	enum pol_lookup found;

	r->facts = f;
	if (family == POL_FAMILY_UNKNOWN)
		family = f->family_hint;
	found = lookup(catalog, policy, f, family, &match);
	if (found != POL_FOUND) {
		explain_lookup(catalog, policy, f, found, family, &match, r);
		return;
	}
	rel = match.release;
	r->catalog_source = rel->source;
	r->catalog_line = rel->line;
	if (policy->edition != NULL) {
		snprintf(r->edition, sizeof(r->edition), "%s", policy->edition);
		r->src_edition = "option:--edition";
	} else if (f->src_edition != NULL) {
		snprintf(r->edition, sizeof(r->edition), "%s", rel->edition);
		r->src_edition = f->src_edition;
		match.edition_assumed = false;
	}
	r->product = rel->id;
	r->product_name = rel->name;
	r->edition_assumed = match.edition_assumed ? rel->edition : NULL;
	if (f->revision != POL_NOT_KNOWN)
		snprintf(r->version, sizeof(r->version), "%d.%d.%ld.%ld",
			 rel->nt_major, rel->nt_minor, f->build, f->revision);
	else
		snprintf(r->version, sizeof(r->version), "%d.%d.%ld",
			 rel->nt_major, rel->nt_minor, f->build);

	v = pol_rule_support(rel, policy->tier, today, &policy->warn,
			     &policy->crit);
	pol_report_rule(r, "support", v.state, v.message);
	if (v.has_days) {
		r->support.set = true;
		r->support.tier = v.tier;
		r->support.end = v.end;
		r->support.days_left = v.days_left;
	}
	if (policy->min_build.set) {
		struct pol_verdict b = pol_rule_min_build(
			&policy->min_build, f->build, f->revision,
			f->agent_api != NULL
				? "NSClient++ did not report it"
				: "SNMP does not report it; query NSClient++ "
				  "for it with --source snmp,rest");
		pol_report_rule(r, "build", b.state, b.message);
	}
	if (match.edition_assumed)
		note_edition(catalog, f, rel, r);
	/* a table that loops or broke off cannot tell what is installed */
	if (f->software_problem[0] != '\0')
		pol_report_rule(r, "software", WB_UNKNOWN, f->software_problem);
	pol_report_perf(r, "build", (double)f->build, 0, "", NULL, NULL);
	if (f->revision != POL_NOT_KNOWN)
		pol_report_perf(r, "revision", (double)f->revision, 0, "", NULL,
				NULL);
	if (v.has_days)
		pol_report_perf(r, "support_days_left", (double)v.days_left, 0,
				"", &policy->warn, &policy->crit);
	if (f->uptime_seconds != POL_NOT_KNOWN)
		pol_report_perf(r, "uptime", (double)f->uptime_seconds, 0, "s",
				NULL, NULL);
}
