/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Facts that cannot all be true: a verdict must not rest on them. Each
 * check names the contradiction and the sources that said each half.
 */
#include "consistency.h"

#include <stdio.h>
#include <string.h>

/* Does the catalogue have build in family (POL_FAMILY_UNKNOWN: any)? And
 * with NT version major.minor (major -1: any)? */
static bool has(const struct pol_catalog *c, enum pol_family family, long build,
		int major, int minor)
{
	for (size_t i = 0; i < c->count; i++) {
		const struct pol_release *r = &c->rows[i];
		if ((family != POL_FAMILY_UNKNOWN && r->family != family) ||
		    (major >= 0 &&
		     (r->nt_major != major || r->nt_minor != minor)))
			continue;
		for (int b = 0; b < r->nbuilds; b++)
			if (r->builds[b] == build)
				return true;
	}
	return false;
}

/* The newest build the catalogue knows in family. */
static long newest(const struct pol_catalog *c, enum pol_family family)
{
	long n = 0;

	for (size_t i = 0; i < c->count; i++)
		for (int b = 0; b < c->rows[i].nbuilds; b++)
			if (c->rows[i].family == family &&
			    c->rows[i].builds[b] > n)
				n = c->rows[i].builds[b];
	return n;
}

/* The NT version the catalogue gives build, for messages. */
static void nt_of(const struct pol_catalog *c, long build, char *buf,
		  size_t len)
{
	snprintf(buf, len, "another NT version");
	for (size_t i = 0; i < c->count; i++)
		for (int b = 0; b < c->rows[i].nbuilds; b++)
			if (c->rows[i].builds[b] == build) {
				snprintf(buf, len, "NT %d.%d",
					 c->rows[i].nt_major,
					 c->rows[i].nt_minor);
				return;
			}
}

/* The product a Caption names, longest names first; NULL: none. */
static const char *named_product(const char *caption)
{
	static const char *const names[] = {"Server 2025",
					    "Server 2022",
					    "Server 2019",
					    "Server 2016",
					    "Server 2012 R2",
					    "Server 2012",
					    "Server 2008 R2",
					    "Server 2008",
					    "Server 2003",
					    "Windows 11",
					    "Windows 10",
					    "Windows 8.1",
					    "Windows 8",
					    "Windows 7",
					    "Vista",
					    "Windows XP",
					    NULL};
	char plain[POL_TEXT_MAX];
	size_t n = 0;

	/* "Server(R) 2008": the signs, as the sanitiser writes them, go */
	for (const char *p = caption; *p && n + 1 < sizeof(plain); p++) {
		if (strncmp(p, "(R)", 3) == 0 || strncmp(p, "(TM)", 4) == 0) {
			p += p[1] == 'R' ? 2 : 3;
			continue;
		}
		plain[n++] = *p;
	}
	plain[n] = '\0';
	for (int i = 0; names[i] != NULL; i++) {
		const char *at = strstr(plain, names[i]);
		size_t len = strlen(names[i]);
		/* a whole name: "Windows 8" is not the start of "8.1" */
		if (at != NULL &&
		    (at[len] == '\0' || at[len] == ' ' || at[len] == ','))
			return names[i];
	}
	return NULL;
}

bool pol_facts_consistent(const struct pol_catalog *c,
			  const struct pol_facts *f, char *why, size_t whylen)
{
	enum pol_family family = pol_type_family(f->type);
	char nt[32];

	if (f->src_version == NULL)
		return true;
	if (has(c, POL_FAMILY_UNKNOWN, f->build, -1, -1) &&
	    !has(c, POL_FAMILY_UNKNOWN, f->build, f->nt_major, f->nt_minor)) {
		nt_of(c, f->build, nt, sizeof(nt));
		snprintf(why, whylen,
			 "facts that cannot all be true: %s says NT %d.%d, but "
			 "build %ld is %s",
			 f->src_version, f->nt_major, f->nt_minor, f->build,
			 nt);
		return false;
	}
	/* (a build newer than the family's newest: the catalogue is old) */
	if (family != POL_FAMILY_UNKNOWN &&
	    has(c, POL_FAMILY_UNKNOWN, f->build, -1, -1) &&
	    !has(c, family, f->build, -1, -1) && f->build < newest(c, family)) {
		snprintf(why, whylen,
			 "facts that cannot all be true: %s says %s, but "
			 "build %ld is only a %s release",
			 f->src_type, pol_type_name(f->type), f->build,
			 family == POL_FAMILY_SERVER ? "client" : "server");
		return false;
	}
	return true;
}

bool pol_release_consistent(const struct pol_release *rel,
			    const struct pol_facts *f, char *why, size_t whylen)
{
	const char *named;

	if (f->src_caption == NULL)
		return true;
	named = named_product(f->caption);
	if (named == NULL || strstr(rel->name, named) != NULL)
		return true;
	snprintf(why, whylen,
		 "facts that cannot all be true: %s says '%s', but build %ld "
		 "(%s) is %s",
		 f->src_caption, f->caption, f->build, f->src_version,
		 rel->name);
	return false;
}
