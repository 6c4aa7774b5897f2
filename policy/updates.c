/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "updates.h"

#include "date.h"
#include "rows.h"
#include "version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define UPDATES_FILE_MAX (4 * 1024 * 1024)

static const char *const kinds[] = {"security", "preview",	"oob",
				    "hotpatch", "hotpatch-oob", "baseline"};

const char *pol_update_kind_name(enum pol_update_kind kind)
{
	return kinds[kind];
}

bool pol_update_monthly(enum pol_update_kind kind)
{
	return kind == POL_UPDATE_SECURITY || kind == POL_UPDATE_HOTPATCH ||
	       kind == POL_UPDATE_BASELINE;
}

/* The updates being read and the room for them. */
struct reading {
	struct pol_updates *u;
	size_t capacity, partial;
};

static enum pol_status parse_build(struct pol_rows *p, struct pol_field f,
				   long *build)
{
	if (!pol_field_number(f, 1, 999999, build))
		return pol_rows_fail(p,
				     "build '%.*s' is not a number from 1 "
				     "to 999999",
				     (int)f.len, f.s);
	if (pol_revision_line(*build) != *build)
		return pol_rows_fail(p,
				     "build %ld takes its updates with %ld: "
				     "write them for %ld",
				     *build, pol_revision_line(*build),
				     pol_revision_line(*build));
	return POL_OK;
}

static bool kb_valid(struct pol_field f)
{
	if (f.len < 3 || f.len > 10 || memcmp(f.s, "KB", 2) != 0)
		return false;
	for (size_t i = 2; i < f.len; i++)
		if (f.s[i] < '0' || f.s[i] > '9')
			return false;
	return true;
}

/* update | BUILD | FAMILY | REVISION | KB | RELEASED | KIND | SOURCE */
static enum pol_status parse_update(struct pol_rows *p, struct pol_field *fld,
				    struct pol_update *row)
{
	enum pol_status st;
	size_t k;

	memset(row, 0, sizeof(*row));
	row->line = p->line;
	if ((st = parse_build(p, fld[1], &row->build)))
		return st;
	if (pol_field_is(fld[2], "client"))
		row->family = POL_FAMILY_CLIENT;
	else if (pol_field_is(fld[2], "server"))
		row->family = POL_FAMILY_SERVER;
	else if (!pol_field_is(fld[2], "both"))
		return pol_rows_fail(p,
				     "family '%.*s' is not client, server "
				     "or both",
				     (int)fld[2].len, fld[2].s);
	if (!pol_field_number(fld[3], 0, 999999, &row->revision))
		return pol_rows_fail(p,
				     "revision '%.*s' is not a number from "
				     "0 to 999999",
				     (int)fld[3].len, fld[3].s);
	if (!kb_valid(fld[4]))
		return pol_rows_fail(p, "'%.*s' is not a KB number (KB5053596)",
				     (int)fld[4].len, fld[4].s);
	memcpy(row->kb, fld[4].s, fld[4].len);
	if ((st = pol_field_date(p, "release date", fld[5], &row->released)))
		return st;
	if (row->released == POL_NO_DATE)
		return pol_rows_fail(p, "an update without a release date");
	for (k = 0; k < sizeof(kinds) / sizeof(*kinds); k++)
		if (pol_field_is(fld[6], kinds[k]))
			break;
	if (k == sizeof(kinds) / sizeof(*kinds))
		return pol_rows_fail(p,
				     "kind '%.*s' is not security, preview, "
				     "oob, hotpatch, hotpatch-oob or baseline",
				     (int)fld[6].len, fld[6].s);
	row->kind = (enum pol_update_kind)k;
	return pol_field_text(p, "source", fld[7], row->source,
			      sizeof(row->source));
}

/* complete | DAY, or partial | BUILD | DAY */
static enum pol_status parse_through(struct pol_rows *p, struct reading *r,
				     struct pol_field build,
				     struct pol_field day)
{
	struct pol_partial *partial;
	long *through = &r->u->complete;
	enum pol_status st;

	if (build.s != NULL) {
		partial = pol_rows_grow((void **)&r->u->partial, r->u->npartial,
					&r->partial, sizeof(*partial));
		if (partial == NULL)
			return POL_ERR_NOMEM;
		if ((st = parse_build(p, build, &partial->build)))
			return st;
		for (size_t i = 0; i < r->u->npartial; i++)
			if (r->u->partial[i].build == partial->build)
				return pol_rows_fail(p,
						     "a second partial row for "
						     "build %ld",
						     partial->build);
		through = &partial->through;
		r->u->npartial++;
	} else if (*through != POL_NO_DATE) {
		return pol_rows_fail(p, "a second complete row");
	}
	if ((st = pol_field_date(p, "the day", day, through)))
		return st;
	if (*through == POL_NO_DATE)
		return pol_rows_fail(p, "a day is needed (YYYY-MM-DD)");
	return POL_OK;
}

static enum pol_status parse_line(struct pol_rows *p, struct pol_field line,
				  void *arg)
{
	static const char *const types[] = {"update", "complete", "partial"};
	static const size_t fields[] = {8, 2, 3};
	struct reading *r = arg;
	struct pol_field fld[8];
	struct pol_update *row;
	size_t t;
	enum pol_status st;

	if ((st = pol_rows_split(p, line, types, fields, 3, &t, fld)))
		return st;
	if (t == 1)
		return parse_through(p, r, (struct pol_field){NULL, 0}, fld[1]);
	if (t == 2)
		return parse_through(p, r, fld[1], fld[2]);
	row = pol_rows_grow((void **)&r->u->rows, r->u->count, &r->capacity,
			    sizeof(*r->u->rows));
	if (row == NULL)
		return POL_ERR_NOMEM;
	if ((st = parse_update(p, fld, row)))
		return st;
	r->u->count++;
	return POL_OK;
}

static int by_place(const void *a, const void *b)
{
	const struct pol_update *x = a, *y = b;

	if (x->build != y->build)
		return x->build < y->build ? -1 : 1;
	if (x->revision != y->revision)
		return x->revision < y->revision ? -1 : 1;
	if (x->released != y->released)
		return x->released < y->released ? -1 : 1;
	return x->line - y->line;
}

/* One row per update: the same KB twice on a build is an error. */
static bool check_rows(struct pol_rows *p, const struct pol_updates *u)
{
	for (size_t i = 1; i < u->count; i++) {
		const struct pol_update *a = &u->rows[i - 1], *b = &u->rows[i];
		if (a->build == b->build && a->revision == b->revision &&
		    strcmp(a->kb, b->kb) == 0) {
			p->line = a->line > b->line ? a->line : b->line;
			pol_rows_fail(p, "%s (%ld.%ld) is listed twice", b->kb,
				      b->build, b->revision);
			return false;
		}
	}
	return true;
}

enum pol_status pol_updates_parse(const char *text, size_t len,
				  const char *name, struct pol_updates **out,
				  char *err, size_t errlen)
{
	struct pol_rows p = {.name = name, .err = err, .errlen = errlen};
	struct reading r = {0};
	enum pol_status st;

	*out = NULL;
	r.u = calloc(1, sizeof(*r.u));
	if (r.u == NULL || (r.u->name = strdup(name)) == NULL)
		goto nomem;
	r.u->complete = POL_NO_DATE;
	st = pol_rows_each(&p, text, len, parse_line, &r);
	if (st == POL_ERR_NOMEM)
		goto nomem;
	if (st != POL_OK)
		goto free_updates;
	st = POL_ERR_SYNTAX;
	if (r.u->complete == POL_NO_DATE) {
		snprintf(err, errlen,
			 "%s: no complete row (the day through which every "
			 "update is listed)",
			 name);
		goto free_updates;
	}
	/* the shipped file is in order already: sort only what is not */
	for (size_t i = 1; i < r.u->count; i++)
		if (by_place(&r.u->rows[i - 1], &r.u->rows[i]) > 0) {
			qsort(r.u->rows, r.u->count, sizeof(*r.u->rows),
			      by_place);
			break;
		}
	if (!check_rows(&p, r.u))
		goto free_updates;
	*out = r.u;
	return POL_OK;
nomem:
	snprintf(err, errlen, "%s: out of memory", name);
	st = POL_ERR_NOMEM;
free_updates:
	pol_updates_free(r.u);
	return st;
}

enum pol_status pol_updates_load(const char *path, struct pol_updates **out,
				 char *err, size_t errlen)
{
	char *text;
	size_t len;
	enum pol_status st;

	*out = NULL;
	if ((st = pol_read(path, UPDATES_FILE_MAX, "update history", "4 MiB",
			   &text, &len, err, errlen)) != POL_OK)
		return st;
	st = pol_updates_parse(text, len, path, out, err, errlen);
	free(text);
	return st;
}

void pol_updates_free(struct pol_updates *u)
{
	if (u == NULL)
		return;
	free(u->rows);
	free(u->partial);
	free(u->name);
	free(u);
}

const struct pol_update *pol_updates_of(const struct pol_updates *u, long build,
					size_t *n)
{
	long line = pol_revision_line(build);
	size_t lo = 0, hi = u ? u->count : 0, end;

	*n = 0;
	while (lo < hi) { /* the first row of the line or after it */
		size_t mid = lo + (hi - lo) / 2;
		if (u->rows[mid].build < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo;
	     u != NULL && end < u->count && u->rows[end].build == line; end++)
		;
	*n = end - lo;
	return *n ? &u->rows[lo] : NULL;
}

bool pol_update_serves(const struct pol_update *row, enum pol_family family)
{
	return row->family == POL_FAMILY_UNKNOWN ||
	       family == POL_FAMILY_UNKNOWN || row->family == family;
}

long pol_updates_through(const struct pol_updates *u, long build)
{
	long line = pol_revision_line(build);

	for (size_t i = 0; i < u->npartial; i++)
		if (u->partial[i].build == line &&
		    u->partial[i].through < u->complete)
			return u->partial[i].through;
	return u->complete;
}

const struct pol_update *pol_updates_kb(const struct pol_updates *u, long build,
					enum pol_family family, const char *kb,
					bool *other)
{
	const struct pol_update *elsewhere = NULL;
	long line = pol_revision_line(build);

	*other = false;
	for (size_t i = 0; u != NULL && i < u->count; i++) {
		if (strcasecmp(u->rows[i].kb, kb) != 0)
			continue;
		if (u->rows[i].build == line &&
		    pol_update_serves(&u->rows[i], family))
			return &u->rows[i];
		if (elsewhere == NULL)
			elsewhere = &u->rows[i];
	}
	*other = elsewhere != NULL;
	return elsewhere;
}

#define FIRST_MONTH (2000 * 12L) /* months counted: 2000 to 2099 */
#define MONTHS	    1200

/* Months after after with a monthly release for family by today. */
static int months_after(const struct pol_update *rows, size_t n,
			enum pol_family family, long after, long today)
{
	bool seen[MONTHS] = {false};
	int behind = 0;

	for (size_t i = 0; i < n; i++) {
		long m = pol_month_of(rows[i].released);
		if (!pol_update_monthly(rows[i].kind) ||
		    !pol_update_serves(&rows[i], family) ||
		    rows[i].released > today || m <= after || m < FIRST_MONTH ||
		    m >= FIRST_MONTH + MONTHS || seen[m - FIRST_MONTH])
			continue;
		seen[m - FIRST_MONTH] = true;
		behind++;
	}
	return behind;
}

void pol_patch_locate(const struct pol_updates *u, long build,
		      enum pol_family family, long revision, long today,
		      struct pol_patch *out)
{
	size_t n, i;
	const struct pol_update *rows = pol_updates_of(u, build, &n);
	const struct pol_update *first = NULL, *last = NULL;

	memset(out, 0, sizeof(*out));
	out->family = family;
	out->age = -1;
	if (revision < 0)
		return;
	for (i = 0; i < n; i++) {
		const struct pol_update *r = &rows[i];
		if (!pol_update_serves(r, family))
			continue;
		first = first ? first : r;
		last = r;
		if (r->released <= today)
			out->newest = r;
		if (r->revision > revision)
			continue;
		/* the month's own release over another at one revision */
		if (out->installed == NULL ||
		    out->installed->revision < r->revision ||
		    pol_update_monthly(r->kind))
			out->installed = r;
		if (pol_update_monthly(r->kind))
			out->level = r;
	}
	if (first == NULL)
		return;
	out->known = true;
	if (revision > last->revision) {
		out->newer = true;
		return;
	}
	/* below every update: at least as old as the first */
	out->age = today - (out->installed ? out->installed : first)->released;
	if (out->age < 0)
		out->age = 0;
	out->behind = months_after(
		rows, n, family,
		out->level ? pol_month_of(out->level->released) : -1, today);
	if (out->installed == NULL ||
	    (out->installed->kind != POL_UPDATE_HOTPATCH &&
	     out->installed->kind != POL_UPDATE_HOTPATCH_OOB))
		return;
	for (i = 0; i < n && out->skipped == NULL; i++)
		if (rows[i].kind == POL_UPDATE_BASELINE &&
		    pol_update_serves(&rows[i], family) &&
		    rows[i].revision > revision &&
		    rows[i].released > out->installed->released &&
		    rows[i].released <= today)
			out->skipped = &rows[i];
}

const struct pol_update *pol_updates_baseline(const struct pol_updates *u,
					      long build,
					      enum pol_family family,
					      long month)
{
	size_t n;
	const struct pol_update *rows = pol_updates_of(u, build, &n);
	const struct pol_update *best = NULL;
	bool no_more = true;

	for (size_t i = 0; i < n; i++) {
		long m = pol_month_of(rows[i].released);
		if (!pol_update_monthly(rows[i].kind) ||
		    !pol_update_serves(&rows[i], family))
			continue;
		if (m >= month)
			no_more = false;
		if (m > month)
			continue;
		if (best == NULL || m > pol_month_of(best->released) ||
		    (m == pol_month_of(best->released) &&
		     rows[i].revision < best->revision))
			best = &rows[i];
	}
	return no_more ? NULL : best;
}
