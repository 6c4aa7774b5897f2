/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "catalog.h"

#include "catalog_index.h"
#include "date.h"
#include "rows.h"
#include "lib/runtime.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CATALOG_FILE_MAX (1024 * 1024)
#define FIELDS		 13

static enum pol_status parse_nt(struct pol_rows *p, struct pol_field f,
				struct pol_release *r)
{
	const char *dot = memchr(f.s, '.', f.len);
	long major, minor;

	if (dot == NULL ||
	    !pol_field_number((struct pol_field){f.s, (size_t)(dot - f.s)}, 0,
			      99, &major) ||
	    !pol_field_number(
		    (struct pol_field){dot + 1,
				       f.len - (size_t)(dot - f.s) - 1},
		    0, 99, &minor))
		return pol_rows_fail(p, "NT version '%.*s' is not MAJOR.MINOR",
				     (int)f.len, f.s);
	r->nt_major = (int)major;
	r->nt_minor = (int)minor;
	return POL_OK;
}

/* Splits a comma list; calls each() on every item. */
static enum pol_status
for_each_item(struct pol_rows *p, struct pol_field f, struct pol_release *r,
	      enum pol_status (*each)(struct pol_rows *, struct pol_field,
				      struct pol_release *))
{
	const char *s = f.s, *end = f.s + f.len;

	while (s <= end) {
		const char *comma = memchr(s, ',', (size_t)(end - s));
		const char *stop = comma ? comma : end;
		enum pol_status st =
			each(p, pol_field_trim(s, (size_t)(stop - s)), r);
		if (st != POL_OK)
			return st;
		s = stop + 1;
	}
	return POL_OK;
}

static enum pol_status add_build(struct pol_rows *p, struct pol_field f,
				 struct pol_release *r)
{
	long build;

	if (!pol_field_number(f, 1, 999999, &build))
		return pol_rows_fail(
			p, "build '%.*s' is not a number from 1 to 999999",
			(int)f.len, f.s);
	if (r->nbuilds == POL_BUILDS_MAX)
		return pol_rows_fail(p, "more than %d builds", POL_BUILDS_MAX);
	for (int i = 0; i < r->nbuilds; i++)
		if (r->builds[i] == build)
			return pol_rows_fail(p, "build %ld is listed twice",
					     build);
	r->builds[r->nbuilds++] = build;
	return POL_OK;
}

static enum pol_status add_esu(struct pol_rows *p, struct pol_field f,
			       struct pol_release *r)
{
	long day;
	enum pol_status st = pol_field_date(p, "ESU end", f, &day);

	if (st != POL_OK)
		return st;
	if (day == POL_NO_DATE)
		return pol_rows_fail(p, "'-' inside an ESU list");
	if (r->nesu == POL_ESU_MAX)
		return pol_rows_fail(p, "more than %d ESU years", POL_ESU_MAX);
	if (r->nesu > 0 && day <= r->esu[r->nesu - 1])
		return pol_rows_fail(
			p, "ESU year ends are not in ascending order");
	r->esu[r->nesu++] = day;
	return POL_OK;
}

static bool before(long a, long b)
{
	return a == POL_NO_DATE || b == POL_NO_DATE || a <= b;
}

static enum pol_status check_order(struct pol_rows *p,
				   const struct pol_release *r)
{
	long esu_first = r->nesu ? r->esu[0] : POL_NO_DATE;
	long esu_last = r->nesu ? r->esu[r->nesu - 1] : POL_NO_DATE;

	if (!before(r->released, r->mainstream) ||
	    !before(r->mainstream, r->extended) ||
	    !before(r->extended, esu_first) || !before(esu_last, r->azure))
		return pol_rows_fail(
			p, "dates out of order (released <= mainstream <= "
			   "extended <= ESU <= Azure)");
	if (r->azure != POL_NO_DATE && r->nesu == 0)
		return pol_rows_fail(p, "an Azure year without ESU years");
	return POL_OK;
}

static enum pol_status parse_release(struct pol_rows *p, struct pol_field *fld,
				     struct pol_release *r)
{
	struct pol_field edition = fld[6];
	enum pol_status st;

	memset(r, 0, sizeof(*r));
	r->line = p->line;
	if (!pol_field_token(fld[1]))
		return pol_rows_fail(p,
				     "id '%.*s' is not made of a-z, 0-9 and -",
				     (int)fld[1].len, fld[1].s);
	if ((st = pol_field_text(p, "id", fld[1], r->id, sizeof(r->id))) ||
	    (st = pol_field_text(p, "name", fld[2], r->name, sizeof(r->name))))
		return st;
	if (pol_field_is(fld[3], "client"))
		r->family = POL_FAMILY_CLIENT;
	else if (pol_field_is(fld[3], "server"))
		r->family = POL_FAMILY_SERVER;
	else
		return pol_rows_fail(
			p, "family '%.*s' is neither client nor server",
			(int)fld[3].len, fld[3].s);
	if ((st = parse_nt(p, fld[4], r)) ||
	    (st = for_each_item(p, fld[5], r, add_build)))
		return st;
	if (edition.len > 0 && edition.s[edition.len - 1] == '*') {
		r->edition_default = true;
		edition.len--;
	}
	if (!pol_field_token(edition))
		return pol_rows_fail(
			p, "edition '%.*s' is not made of a-z, 0-9 and -",
			(int)fld[6].len, fld[6].s);
	if ((st = pol_field_text(p, "edition", edition, r->edition,
				 sizeof(r->edition))) ||
	    (st = pol_field_date(p, "release date", fld[7], &r->released)) ||
	    (st = pol_field_date(p, "mainstream end", fld[8],
				 &r->mainstream)) ||
	    (st = pol_field_date(p, "extended end", fld[9], &r->extended)))
		return st;
	if (!pol_field_is(fld[10], "-") &&
	    (st = for_each_item(p, fld[10], r, add_esu)))
		return st;
	if ((st = pol_field_date(p, "Azure year end", fld[11], &r->azure)) ||
	    (st = pol_field_text(p, "source", fld[12], r->source,
				 sizeof(r->source))))
		return st;
	return check_order(p, r);
}

/* advisory | id | VERSION[-VERSION] | state | reason | source */
static enum pol_status parse_advisory(struct pol_rows *p, struct pol_field *fld,
				      struct pol_advisory *a)
{
	enum pol_status st;
	char state[16];

	memset(a, 0, sizeof(*a));
	a->line = p->line;
	if (!pol_field_token(fld[1]))
		return pol_rows_fail(p,
				     "id '%.*s' is not made of a-z, 0-9 and -",
				     (int)fld[1].len, fld[1].s);
	if ((st = pol_field_text(p, "id", fld[1], a->id, sizeof(a->id))))
		return st;
	if (!pol_version_range_parse(fld[2].s, fld[2].len, &a->from, &a->to))
		return pol_rows_fail(
			p,
			"'%.*s' is not a version or a range of them "
			"(6.0.6002, 10.0.17763.6000-10.0.17763.6100)",
			(int)fld[2].len, fld[2].s);
	if (fld[3].len >= sizeof(state))
		return pol_rows_fail(p, "'%.*s' is not a state",
				     (int)fld[3].len, fld[3].s);
	memcpy(state, fld[3].s, fld[3].len);
	state[fld[3].len] = '\0';
	if (!wb_state_parse(state, &a->state))
		return pol_rows_fail(
			p,
			"'%s' is not a state (ok, warning, critical, "
			"unknown)",
			state);
	if ((st = pol_field_text(p, "reason", fld[4], a->reason,
				 sizeof(a->reason))) ||
	    (st = pol_field_text(p, "source", fld[5], a->source,
				 sizeof(a->source))))
		return st;
	return POL_OK;
}

/* The catalogue being read and the room for its rows. */
struct reading {
	struct pol_catalog *c;
	size_t releases, advisories;
};

/*
 * One row: a release, an advisory or the reviewed date, each record type
 * with its own number of |-separated fields.
 */
static enum pol_status parse_line(struct pol_rows *p, struct pol_field line,
				  void *arg)
{
	static const char *const types[] = {"release", "advisory", "reviewed"};
	static const size_t fields[] = {13, 6, 3};
	struct reading *r = arg;
	struct pol_catalog *c = r->c;
	struct pol_field fld[FIELDS];
	size_t t;
	enum pol_status st;
	void *row;

	if ((st = pol_rows_split(p, line, types, fields, 3, &t, fld)))
		return st;
	switch (t) {
	case 0:
		row = pol_rows_grow((void **)&c->rows, c->count, &r->releases,
				    sizeof(*c->rows));
		if (row == NULL)
			return POL_ERR_NOMEM;
		if (parse_release(p, fld, row) != POL_OK)
			return POL_ERR_SYNTAX;
		c->count++;
		return POL_OK;
	case 1:
		row = pol_rows_grow((void **)&c->advisories, c->nadvisories,
				    &r->advisories, sizeof(*c->advisories));
		if (row == NULL)
			return POL_ERR_NOMEM;
		if (parse_advisory(p, fld, row) != POL_OK)
			return POL_ERR_SYNTAX;
		c->nadvisories++;
		return POL_OK;
	}
	if (c->reviewed != POL_NO_DATE)
		return pol_rows_fail(p, "a second reviewed row");
	return pol_field_date(p, "the reviewed date", fld[1], &c->reviewed);
}

enum pol_status pol_catalog_parse(const char *text, size_t len,
				  const char *name, struct pol_catalog **out,
				  char *err, size_t errlen)
{
	struct pol_rows p = {.name = name, .err = err, .errlen = errlen};
	struct pol_catalog *c;
	struct reading reading = {0};
	size_t row;
	char what[256];
	enum pol_status st = POL_OK;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL || (c->name = strdup(name)) == NULL)
		goto nomem;
	c->reviewed = POL_NO_DATE;
	reading.c = c;
	st = pol_rows_each(&p, text, len, parse_line, &reading);
	if (st == POL_ERR_NOMEM)
		goto nomem;
	if (st != POL_OK)
		goto free_catalog;
	if (c->count == 0) {
		snprintf(err, errlen, "%s: no release rows", name);
		st = POL_ERR_SYNTAX;
		goto free_catalog;
	}
	switch (pol_catalog_conflict(c, &row, what, sizeof(what))) {
	case -1:
		goto nomem;
	case 1:
		p.line = c->rows[row].line;
		st = pol_rows_fail(&p, "%s", what);
		goto free_catalog;
	}
	*out = c;
	return POL_OK;
nomem:
	snprintf(err, errlen, "%s: out of memory", name);
	st = POL_ERR_NOMEM;
free_catalog:
	pol_catalog_free(c);
	return st;
}

enum pol_status pol_catalog_load(const char *path, struct pol_catalog **out,
				 char *err, size_t errlen)
{
	char *text;
	size_t len;
	enum pol_status st;

	*out = NULL;
	if ((st = pol_read(path, CATALOG_FILE_MAX, "catalogue", "1 MiB", &text,
			   &len, err, errlen)) != POL_OK)
		return st;
	st = pol_catalog_parse(text, len, path, out, err, errlen);
	free(text);
	return st;
}

void pol_catalog_free(struct pol_catalog *catalog)
{
	if (catalog == NULL)
		return;
	free(catalog->rows);
	free(catalog->advisories);
	free(catalog->name);
	free(catalog);
}
