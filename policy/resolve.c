/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The rules for one host: the layers of a policy, from the built-in
 * defaults to the command line, put together.
 */
#include "policy.h"

#include <stdio.h>
#include <string.h>

/* A deny's versions as a policy writes them, for allow to name them. */
static void deny_text(const struct pol_deny *d, char *buf, size_t len)
{
	char from[40], to[40];

	pol_version_format(&d->from, from, sizeof(from));
	pol_version_format(&d->to, to, sizeof(to));
	if (strcmp(from, to) == 0)
		snprintf(buf, len, "%s", from);
	else
		snprintf(buf, len, "%s-%s", from, to);
}

/* Lifts the denies an allow names, by advisory id or by versions. */
static void lift(struct pol_policy *out, const char *allow)
{
	char text[96];
	int kept = 0;

	for (int i = 0; i < out->ndeny; i++) {
		deny_text(&out->deny[i], text, sizeof(text));
		if (strcmp(out->deny[i].id, allow) != 0 &&
		    strcmp(text, allow) != 0)
			out->deny[kept++] = out->deny[i];
	}
	out->ndeny = kept;
}

/* A minimum for a build replaces the one a less specific layer gave. */
static void set_min(struct pol_policy *out, const struct pol_version *min,
		    struct pol_where at)
{
	int i = 0;

	while (i < out->nmin && !pol_version_same_build(&out->min[i], min))
		i++;
	if (i == POL_LIST_MAX)
		return;
	if (i == out->nmin)
		out->nmin++;
	out->min[i] = *min;
	out->min_at[i] = at;
}

/* Lays one layer over what is resolved so far. */
static void apply(struct pol_policy *out, const struct pol_policy *layer)
{
	for (int k = 0; k < POL_KEYS; k++)
		if (layer->set & (1u << k))
			out->at[k] = layer->at[k];
	out->set |= layer->set;
	if (layer->set & (1u << POL_KEY_TIER))
		out->tier = layer->tier;
	if (layer->set & (1u << POL_KEY_WARN))
		out->warn = layer->warn;
	if (layer->set & (1u << POL_KEY_CRIT))
		out->crit = layer->crit;
	if (layer->set & (1u << POL_KEY_AGENT)) {
		out->agent = layer->agent;
		out->agent_state = layer->agent_state;
	}
	if (layer->set & (1u << POL_KEY_MISSING))
		out->missing = layer->missing;
	if (layer->set & (1u << POL_KEY_AGE_WARN))
		out->age_warn = layer->age_warn;
	if (layer->set & (1u << POL_KEY_AGE_CRIT))
		out->age_crit = layer->age_crit;
	if (layer->set & (1u << POL_KEY_BEHIND_WARN))
		out->behind_warn = layer->behind_warn;
	if (layer->set & (1u << POL_KEY_BEHIND_CRIT))
		out->behind_crit = layer->behind_crit;
	if (layer->set & (1u << POL_KEY_BASELINE))
		out->baseline = layer->baseline;
	if (layer->set & (1u << POL_KEY_GRACE))
		out->grace = layer->grace;
	for (int i = 0; i < layer->nmin; i++)
		set_min(out, &layer->min[i], layer->min_at[i]);
	for (int i = 0; i < layer->nallow; i++)
		lift(out, layer->allow[i]);
	for (int i = 0; i < layer->ndeny && out->ndeny < POL_LIST_MAX; i++)
		out->deny[out->ndeny++] = layer->deny[i];
	for (int i = 0; i < layer->nhotfix && out->nhotfix < POL_LIST_MAX;
	     i++) {
		int j = 0;
		while (j < out->nhotfix &&
		       strcmp(out->hotfix[j], layer->hotfix[i]) != 0)
			j++;
		if (j == out->nhotfix) {
			memcpy(out->hotfix[j], layer->hotfix[i], POL_KB_MAX);
			out->hotfix_at[out->nhotfix++] = layer->hotfix_at[i];
		}
	}
	if (layer->edition != NULL)
		out->edition = layer->edition;
	if (layer->section != NULL)
		out->section = layer->section;
}

bool pol_section_applies(const struct pol_section *s,
			 const struct pol_release *rel,
			 enum pol_product_type type, const char *edition,
			 const char *named)
{
	switch (s->kind) {
	case POL_SECTION_DEFAULT:
		return true;
	case POL_SECTION_FAMILY:
		return rel != NULL &&
		       strcmp(s->name, pol_family_name(rel->family)) == 0;
	case POL_SECTION_TYPE:
		return pol_type_name(type) != NULL &&
		       strcmp(s->name, pol_type_name(type)) == 0;
	case POL_SECTION_EDITION:
		return edition != NULL && strcmp(s->name, edition) == 0;
	case POL_SECTION_PRODUCT:
		return rel != NULL && strcmp(s->name, rel->id) == 0;
	case POL_SECTION_POLICY:
		return named != NULL && strcmp(s->name, named) == 0;
	}
	return false;
}

/* Does a layer set a rule that reads the update history? */
static bool reads_updates(const struct pol_policy *layer)
{
	const unsigned patch = 1u << POL_KEY_AGE_WARN | 1u << POL_KEY_AGE_CRIT |
			       1u << POL_KEY_BEHIND_WARN |
			       1u << POL_KEY_BEHIND_CRIT |
			       1u << POL_KEY_BASELINE;

	return layer != NULL && ((layer->set & patch) || layer->nhotfix > 0);
}

bool pol_policy_reads_updates(const struct pol_file *file,
			      const struct pol_policy *cmdline)
{
	for (size_t i = 0; file != NULL && i < file->count; i++)
		if (reads_updates(&file->sections[i].rules))
			return true;
	return reads_updates(cmdline);
}

void pol_policy_resolve(const struct pol_catalog *catalog,
			const struct pol_file *file,
			const struct pol_policy *cmdline,
			const struct pol_release *rel,
			enum pol_product_type type, const char *edition,
			struct pol_policy *out)
{
	pol_policy_defaults(out);
	for (size_t i = 0;
	     i < catalog->nadvisories && out->ndeny < POL_LIST_MAX; i++) {
		const struct pol_advisory *a = &catalog->advisories[i];
		struct pol_deny *d = &out->deny[out->ndeny++];
		*d = (struct pol_deny){.from = a->from,
				       .to = a->to,
				       .state = a->state,
				       .source = a->source,
				       .at = {catalog->name, a->line}};
		snprintf(d->id, sizeof(d->id), "%s", a->id);
		snprintf(d->reason, sizeof(d->reason), "%s", a->reason);
	}
	for (unsigned kind = POL_SECTION_DEFAULT;
	     file != NULL && kind <= POL_SECTION_POLICY; kind++)
		for (size_t i = 0; i < file->count; i++)
			if ((unsigned)file->sections[i].kind == kind &&
			    pol_section_applies(
				    &file->sections[i], rel, type, edition,
				    cmdline ? cmdline->section : NULL))
				apply(out, &file->sections[i].rules);
	if (cmdline != NULL)
		apply(out, cmdline);
}

bool pol_file_has_policy(const struct pol_file *file, const char *name)
{
	for (size_t i = 0; file != NULL && i < file->count; i++)
		if (file->sections[i].kind == POL_SECTION_POLICY &&
		    strcmp(file->sections[i].name, name) == 0)
			return true;
	return false;
}

bool pol_file_check(const struct pol_file *file,
		    const struct pol_catalog *catalog, char *err, size_t errlen)
{
	for (size_t i = 0; i < file->count; i++) {
		const struct pol_section *s = &file->sections[i];
		/* a [policy:] section is any name a host may choose */
		bool known = s->kind != POL_SECTION_PRODUCT &&
			     s->kind != POL_SECTION_EDITION;
		for (size_t r = 0; !known && r < catalog->count; r++)
			known = strcmp(s->name,
				       s->kind == POL_SECTION_PRODUCT
					       ? catalog->rows[r].id
					       : catalog->rows[r].edition) == 0;
		if (!known) {
			snprintf(err, errlen,
				 "%s:%d: the catalogue has no %s '%s' "
				 "(--list-catalog shows them)",
				 file->name, s->line,
				 s->kind == POL_SECTION_PRODUCT ? "product"
								: "edition",
				 s->name);
			return false;
		}
	}
	return true;
}
