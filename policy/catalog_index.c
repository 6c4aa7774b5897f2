/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The catalogue's rows as an index: the checks that every (family,
 * build) has one default row and no edition twice, and the lookups.
 */
#include "catalog.h"
#include "catalog_index.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool has_build(const struct pol_release *r, long build)
{
	for (int i = 0; i < r->nbuilds; i++)
		if (r->builds[i] == build)
			return true;
	return false;
}

/*
 * The row checks below sort instead of comparing every row with every
 * other: a 1 MiB catalogue has some 10,000 rows. An error is reported on
 * the first row, in file order, that has one; within a row, its builds in
 * order (a repeated edition before a wrong count of * rows), then its id.
 */
struct entry {
	const struct pol_release *row;
	size_t index; /* the row's place in the file */
	long build;
};

static int by_build(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c;

	if (x->row->family != y->row->family)
		return x->row->family < y->row->family ? -1 : 1;
	if (x->build != y->build)
		return x->build < y->build ? -1 : 1;
	c = strcmp(x->row->edition, y->row->edition);
	if (c != 0)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int by_id(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->row->id, y->row->id);

	if (c != 0)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* The first error found so far: the row, its rank within the row, why. */
struct finding {
	size_t index;
	int rank;
	char what[200];
};

__attribute__((format(printf, 4, 5))) static void
find(struct finding *f, size_t index, int rank, const char *fmt, ...)
{
	va_list ap;

	if (index > f->index || (index == f->index && rank >= f->rank))
		return;
	f->index = index;
	f->rank = rank;
	va_start(ap, fmt);
	vsnprintf(f->what, sizeof(f->what), fmt, ap);
	va_end(ap);
}

static int build_rank(const struct pol_release *r, long build)
{
	int b = 0;

	while (b < r->nbuilds && r->builds[b] != build)
		b++;
	return 2 * b;
}

static bool same_build(const struct entry *a, const struct entry *b)
{
	return a->row->family == b->row->family && a->build == b->build;
}

/* A (family, build) group whose rows are in: exactly one marked *. */
static void check_defaults(const struct entry *first, int defaults,
			   struct finding *f)
{
	if (defaults != 1)
		find(f, first->index, build_rank(first->row, first->build) + 1,
		     "%s build %ld has %d rows marked * (the default "
		     "edition); it needs exactly one",
		     pol_family_name(first->row->family), first->build,
		     defaults);
}

/* Every (family, build) has exactly one default row; no edition twice. */
static void check_builds(struct entry *e, size_t n, struct finding *f)
{
	size_t start = 0, edition = 0, first = 0;
	int defaults = 0;

	qsort(e, n, sizeof(*e), by_build);
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || !same_build(&e[i], &e[start])) {
			if (i > 0)
				check_defaults(&e[first], defaults, f);
			start = edition = first = i;
			defaults = 0;
		} else if (strcmp(e[i].row->edition, e[edition].row->edition) !=
			   0) {
			edition = i;
		} else {
			find(f, e[i].index, build_rank(e[i].row, e[i].build),
			     "%s build %ld edition %s is also on line %d",
			     pol_family_name(e[i].row->family), e[i].build,
			     e[i].row->edition, e[edition].row->line);
		}
		defaults += e[i].row->edition_default;
		if (e[i].index < e[first].index)
			first = i;
	}
	if (n > 0)
		check_defaults(&e[first], defaults, f);
}

static void check_ids(struct entry *e, size_t n, struct finding *f)
{
	qsort(e, n, sizeof(*e), by_id);
	for (size_t i = 1, first = 0; i < n; i++) {
		if (strcmp(e[i].row->id, e[first].row->id) != 0) {
			first = i;
			continue;
		}
		find(f, e[i].index, 2 * POL_BUILDS_MAX,
		     "id %s is also on line %d", e[i].row->id,
		     e[first].row->line);
	}
}

int pol_catalog_conflict(const struct pol_catalog *c, size_t *row, char *what,
			 size_t whatlen)
{
	struct finding f = {.index = SIZE_MAX};
	struct entry *e;
	size_t n = 0;

	e = malloc((c->count * POL_BUILDS_MAX + 1) * sizeof(*e));
	if (e == NULL)
		return -1;
	for (size_t i = 0; i < c->count; i++)
		for (int b = 0; b < c->rows[i].nbuilds; b++)
			e[n++] = (struct entry){&c->rows[i], i,
						c->rows[i].builds[b]};
	check_builds(e, n, &f);
	for (size_t i = 0; i < c->count; i++)
		e[i] = (struct entry){&c->rows[i], i, 0};
	check_ids(e, c->count, &f);
	free(e);
	if (f.index == SIZE_MAX)
		return 0;
	*row = f.index;
	snprintf(what, whatlen, "%s", f.what);
	return 1;
}

static bool family_matches(enum pol_family want, enum pol_family have)
{
	return want == POL_FAMILY_UNKNOWN || want == have;
}

enum pol_lookup pol_catalog_lookup(const struct pol_catalog *catalog,
				   enum pol_family family, long build,
				   const char *edition, struct pol_match *match)
{
	const struct pol_release *found = NULL;
	bool by_edition = edition != NULL && edition[0] != '\0';
	enum pol_family seen = POL_FAMILY_UNKNOWN;
	int rows = 0;
	long newest = 0;

	memset(match, 0, sizeof(*match));
	for (size_t i = 0; i < catalog->count; i++) {
		const struct pol_release *r = &catalog->rows[i];
		if (!family_matches(family, r->family))
			continue;
		for (int b = 0; b < r->nbuilds; b++)
			if (r->builds[b] > newest)
				newest = r->builds[b];
		if (!has_build(r, build))
			continue;
		if (seen != POL_FAMILY_UNKNOWN && seen != r->family)
			return POL_AMBIGUOUS;
		seen = r->family;
		rows++;
		if (by_edition ? strcmp(r->edition, edition) == 0
			       : r->edition_default)
			found = r;
	}
	match->newest_build = newest;
	if (rows == 0)
		return build > newest ? POL_NEWER : POL_NOT_FOUND;
	if (found == NULL)
		return POL_NO_EDITION;
	match->release = found;
	match->edition_assumed = !by_edition && rows > 1;
	return POL_FOUND;
}

void pol_catalog_editions(const struct pol_catalog *catalog,
			  enum pol_family family, long build,
			  const char *except, char *buf, size_t buflen)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < catalog->count && used < buflen; i++) {
		const struct pol_release *r = &catalog->rows[i];
		int n;
		if (!family_matches(family, r->family) ||
		    !has_build(r, build) ||
		    (except != NULL && strcmp(r->edition, except) == 0))
			continue;
		n = snprintf(buf + used, buflen - used, "%s%s",
			     used ? ", " : "", r->edition);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

const char *pol_family_name(enum pol_family family)
{
	switch (family) {
	case POL_FAMILY_CLIENT:
		return "client";
	case POL_FAMILY_SERVER:
		return "server";
	case POL_FAMILY_UNKNOWN:
		break;
	}
	return "unknown";
}
