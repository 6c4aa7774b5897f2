/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "evaluate.h"

#include "consistency.h"
#include "date.h"
#include "edition.h"

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
			   const char *edition, const struct pol_facts *f,
			   enum pol_lookup found, enum pol_family family,
			   const struct pol_match *m, struct pol_report *r)
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
		     edition, pol_family_name(family), f->build, editions);
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
		 pol_facts_os_from_agent(f) ? "NSClient++ (no Caption)"
					    : "SNMP",
		 rel->edition, rel->name, f->build, editions);
	pol_report_rule(r, "edition", WB_OK, message);
}

/* The row for the host: by --edition, the facts' edition, or none. */
static enum pol_lookup lookup(const struct pol_catalog *catalog,
			      const char *edition, const struct pol_facts *f,
			      enum pol_family family, struct pol_match *match)
{
	enum pol_lookup found =
		pol_catalog_lookup(catalog, family, f->build,
				   edition ? edition : f->edition, match);

	/* a caption's edition the build lacks: the edition that stands in
	 * for it, else the build's own release */
	if (found == POL_NO_EDITION && edition == NULL &&
	    pol_edition_fallback(f->edition) != NULL)
		found = pol_catalog_lookup(catalog, family, f->build,
					   pol_edition_fallback(f->edition),
					   match);
	if (found == POL_NO_EDITION && edition == NULL)
		found = pol_catalog_lookup(catalog, family, f->build, NULL,
					   match);
	return found;
}

/* A rule's explanation, capped. */
__attribute__((format(printf, 2, 3))) static void
explainf(struct pol_rule *rule, const char *fmt, ...)
{
	size_t used = strlen(rule->explain);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rule->explain + used, sizeof(rule->explain) - used, fmt, ap);
	va_end(ap);
}

/* "FILE:LINE", "the command line" or "built in", for explanations. */
static const char *where_text(struct pol_where at, char *buf, size_t len)
{
	if (at.file == NULL)
		snprintf(buf, len, "built in");
	else if (at.line == 0)
		snprintf(buf, len, "%s", at.file);
	else
		snprintf(buf, len, "%s:%d", at.file, at.line);
	return buf;
}

/* Adds the verdict as a rule; when its state stands for a missing fact,
 * the explanation starts with the policy's rule for that. */
static struct pol_rule *add_rule(struct pol_report *r, const char *name,
				 const struct pol_verdict *v,
				 const struct pol_policy *p)
{
	struct pol_rule *rule = pol_report_rule(r, name, v->state, v->message);
	char at[300];

	if (rule != NULL && v->no_fact)
		explainf(rule, "missing-fact = %s (%s); ",
			 wb_state_name(p->missing),
			 where_text(p->at[POL_KEY_MISSING], at, sizeof(at)));
	return rule;
}

/* The support rule and its explanation: the tier, the ranges, the row. */
static struct pol_verdict support(const struct pol_catalog *catalog,
				  const struct pol_release *rel,
				  const struct pol_policy *p, long today,
				  struct pol_report *r)
{
	struct pol_verdict v =
		pol_rule_support(rel, p->tier, today, &p->warn, &p->crit);
	struct pol_rule *rule = add_rule(r, "support", &v, p);
	char tier[300], warn[300], crit[300];

	if (v.has_days) {
		r->support.set = true;
		r->support.tier = v.tier;
		r->support.end = v.end;
		r->support.days_left = v.days_left;
	}
	if (rule != NULL)
		explainf(rule,
			 "support = %s (%s), warning = %s (%s), critical = %s "
			 "(%s); the dates of catalogue row %s (%s:%d)",
			 pol_tier_name(p->tier),
			 where_text(p->at[POL_KEY_TIER], tier, sizeof(tier)),
			 p->warn.text,
			 where_text(p->at[POL_KEY_WARN], warn, sizeof(warn)),
			 p->crit.text,
			 where_text(p->at[POL_KEY_CRIT], crit, sizeof(crit)),
			 rel->id, catalog->name, rel->line);
	return v;
}

/* The rules on the version: minimum per build, denied ranges. */
static void versions(const struct pol_policy *p, const struct pol_facts *f,
		     struct pol_report *r)
{
	const struct pol_deny *d;
	struct pol_rule *rule;
	char at[300], from[48], to[48];
	int which;
	struct pol_verdict v = pol_rule_min_versions(
		p, f,
		pol_facts_os_from_agent(f) ? "NSClient++ did not report it"
					   : "SNMP does not report it; query "
					     "NSClient++ for it with --source "
					     "snmp,rest",
		&which);

	if (!v.skip && (rule = add_rule(r, "build", &v, p)) != NULL) {
		pol_version_format(&p->min[which], from, sizeof(from));
		explainf(rule, "min-build = %s (%s)", from,
			 where_text(p->min_at[which], at, sizeof(at)));
	}
	v = pol_rule_denied(p, f, &d);
	if (v.skip || (rule = add_rule(r, "denied", &v, p)) == NULL)
		return;
	pol_version_format(&d->from, from, sizeof(from));
	pol_version_format(&d->to, to, sizeof(to));
	if (d->id[0] != '\0')
		explainf(rule,
			 "advisory %s (%s), denying %s%s%s: %s; a policy "
			 "lifts it with allow = %s",
			 d->id, where_text(d->at, at, sizeof(at)), from,
			 strcmp(from, to) ? "-" : "",
			 strcmp(from, to) ? to : "", d->source, d->id);
	else
		explainf(rule, "deny = %s%s%s %s (%s)", from,
			 strcmp(from, to) ? "-" : "",
			 strcmp(from, to) ? to : "", wb_state_name(d->state),
			 where_text(d->at, at, sizeof(at)));
}

/* The rules on what is installed: hotfixes, the agent. */
static void installed(const struct pol_updates *u, const struct pol_policy *p,
		      const struct pol_facts *f, enum pol_family family,
		      struct pol_report *r)
{
	struct pol_verdict v = pol_rule_hotfixes(p, f, u, family);
	struct pol_rule *rule;
	char at[300];

	if (!v.skip && (rule = add_rule(r, "hotfixes", &v, p)) != NULL)
		for (int i = 0; i < p->nhotfix; i++)
			explainf(rule, "%s%s (%s)",
				 i ? ", " : "require-hotfix = ", p->hotfix[i],
				 where_text(p->hotfix_at[i], at, sizeof(at)));
	v = pol_rule_agent(p, f);
	if (!v.skip && (rule = add_rule(r, "agent", &v, p)) != NULL)
		explainf(rule, "min-agent = %ld.%ld.%ld.%ld %s (%s)",
			 p->agent.part[0], p->agent.part[1], p->agent.part[2],
			 p->agent.part[3], wb_state_name(p->agent_state),
			 where_text(p->at[POL_KEY_AGENT], at, sizeof(at)));
}

/* Explains a pair of day or count ranges: "NAME-warning = W (at), ...". */
static void explain_ranges(struct pol_rule *rule, const struct pol_policy *p,
			   const char *name, enum pol_key warn,
			   const struct wb_range *w, enum pol_key crit,
			   const struct wb_range *c)
{
	char at[300];

	if (p->set & (1u << warn))
		explainf(rule, "%s-warning = %s (%s); ", name, w->text,
			 where_text(p->at[warn], at, sizeof(at)));
	if (p->set & (1u << crit))
		explainf(rule, "%s-critical = %s (%s); ", name, c->text,
			 where_text(p->at[crit], at, sizeof(at)));
}

/* The rules on how patched the host is, from the update history. */
static void patched(const struct pol_updates *u, const struct pol_policy *p,
		    const struct pol_facts *f, enum pol_family family,
		    long today, struct pol_report *r)
{
	struct pol_patch *patch = &r->patch;
	struct pol_rule *rule;
	struct pol_verdict v;
	char at[300], day[POL_DATE_TEXT];
	long through;

	r->baseline_month = -1;
	if (u == NULL)
		return;
	r->updates_name = u->name;
	pol_patch_locate(u, f->build, family, f->revision, today, patch);
	through = pol_updates_through(u, f->build);
	if (patch->known && today - through > POL_UPDATES_STALE_DAYS) {
		pol_date_format(through, day);
		snprintf(r->updates_note, sizeof(r->updates_note),
			 "%s lists build %ld's updates through %s, %ld days "
			 "before this check's date: patch figures may be "
			 "understated (update it)",
			 u->name, f->build, day, today - through);
	}
	v = pol_rule_patch_age(p, f, patch);
	if (!v.skip && (rule = add_rule(r, "patch", &v, p)) != NULL) {
		explain_ranges(rule, p, "patch-age", POL_KEY_AGE_WARN,
			       &p->age_warn, POL_KEY_AGE_CRIT, &p->age_crit);
		if (patch->installed != NULL)
			explainf(rule, "update row %s:%d", u->name,
				 patch->installed->line);
	}
	if (!v.skip && !v.no_fact && !patch->newer)
		pol_report_perf(r, "patch_age", (double)patch->age, 0, "",
				&p->age_warn, &p->age_crit);
	v = pol_rule_behind(p, f, patch);
	if (!v.skip && (rule = add_rule(r, "updates", &v, p)) != NULL)
		explain_ranges(rule, p, "updates-behind", POL_KEY_BEHIND_WARN,
			       &p->behind_warn, POL_KEY_BEHIND_CRIT,
			       &p->behind_crit);
	if (!v.skip && !v.no_fact)
		pol_report_perf(r, "updates_behind", (double)patch->behind, 0,
				"", &p->behind_warn, &p->behind_crit);
	v = pol_rule_baseline(p, f, u, patch, today, &r->baseline);
	if (v.skip)
		return;
	r->baseline_month = pol_baseline_month(p, today);
	if ((rule = add_rule(r, "baseline", &v, p)) == NULL)
		return;
	if (p->baseline.latest)
		snprintf(day, sizeof(day), "latest-%d", p->baseline.minus);
	else
		pol_month_format(p->baseline.month, day);
	explainf(rule, "baseline = %s %s", day,
		 wb_state_name(p->baseline.state));
	explainf(rule, " (%s), baseline-grace = %ld days; ",
		 where_text(p->at[POL_KEY_BASELINE], at, sizeof(at)), p->grace);
	if (r->baseline != NULL)
		explainf(rule, "update row %s:%d", u->name, r->baseline->line);
}

/* The policy file's sections that apply to the host, for --explain. */
static void sections(const struct pol_file *file, const struct pol_release *rel,
		     enum pol_product_type type, const char *named,
		     struct pol_report *r)
{
	static const char *const kinds[] = {
		"", "family:", "type:", "edition:", "product:", "policy:"};
	size_t used = 0;

	if (file == NULL)
		return;
	r->policy_name = file->name;
	for (size_t i = 0; i < file->count && used < sizeof(r->sections); i++) {
		const struct pol_section *s = &file->sections[i];
		if (!pol_section_applies(s, rel, type, rel->edition, named))
			continue;
		snprintf(r->sections + used, sizeof(r->sections) - used,
			 "%s[%s%s] (line %d)", used ? ", " : "", kinds[s->kind],
			 s->kind == POL_SECTION_DEFAULT ? "default" : s->name,
			 s->line);
		used += strlen(r->sections + used);
	}
}

/* A catalogue reviewed long before the evaluation date may be stale. */
static void staleness(const struct pol_catalog *catalog, long today,
		      struct pol_report *r)
{
	char reviewed[POL_DATE_TEXT];

	if (catalog->reviewed == POL_NO_DATE ||
	    today - catalog->reviewed <= POL_STALE_DAYS)
		return;
	pol_date_format(catalog->reviewed, reviewed);
	snprintf(r->catalog_note, sizeof(r->catalog_note),
		 "%s was last reviewed %s, %ld days before this check's date: "
		 "releases and dates since may be missing (update it)",
		 catalog->name, reviewed, today - catalog->reviewed);
}

void pol_evaluate(const struct pol_catalog *catalog,
		  const struct pol_updates *updates,
		  const struct pol_file *file, const struct pol_policy *cmdline,
		  const struct pol_facts *f, long today, struct pol_report *r)
{
	enum pol_family family = pol_type_family(f->type);
	const char *edition = cmdline ? cmdline->edition : NULL;
	const struct pol_release *rel;
	struct pol_policy *p;
	struct pol_match match;
	struct pol_verdict v;
	enum pol_lookup found;
	char why[POL_LINE_MAX];

	r->facts = f;
	r->baseline_month = -1;
	staleness(catalog, today, r);
	if (!pol_facts_consistent(catalog, f, why, sizeof(why))) {
		pol_report_fail(r, WB_UNKNOWN, why);
		return;
	}
	if (family == POL_FAMILY_UNKNOWN)
		family = f->family_hint;
	found = lookup(catalog, edition, f, family, &match);
	if (found != POL_FOUND) {
		explain_lookup(catalog, edition, f, found, family, &match, r);
		return;
	}
	rel = match.release;
	if (!pol_release_consistent(rel, f, why, sizeof(why))) {
		pol_report_fail(r, WB_UNKNOWN, why);
		return;
	}
	r->catalog_name = catalog->name;
	r->catalog_source = rel->source;
	r->catalog_line = rel->line;
	if (edition != NULL) {
		snprintf(r->edition, sizeof(r->edition), "%s", edition);
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

	p = &r->policy;
	pol_policy_resolve(catalog, file, cmdline, rel, f->type, rel->edition,
			   p);
	sections(file, rel, f->type, cmdline ? cmdline->section : NULL, r);
	v = support(catalog, rel, p, today, r);
	versions(p, f, r);
	patched(updates, p, f, rel->family, today, r);
	installed(updates, p, f, rel->family, r);
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
				"", &p->warn, &p->crit);
	if (f->uptime_seconds != POL_NOT_KNOWN)
		pol_report_perf(r, "uptime", (double)f->uptime_seconds, 0, "s",
				NULL, NULL);
}
