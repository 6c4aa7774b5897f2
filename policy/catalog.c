/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "catalog.h"

#include "catalog_index.h"
#include "date.h"
#include "lib/file.h"
#include "lib/runtime.h"

#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CATALOG_FILE_MAX (1024 * 1024)
#define FIELDS		 13

struct parser {
	const char *name;
	int line;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3))) static enum pol_status
fail(struct parser *p, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "%s:%d: %s", p->name, p->line, what);
	return POL_ERR_SYNTAX;
}

/* A field without its surrounding blanks, as a pointer and a length. */
struct field {
	const char *s;
	size_t len;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static struct field trim(const char *s, size_t len)
{
	while (len > 0 && is_blank(*s)) {
		s++;
		len--;
	}
	while (len > 0 && is_blank(s[len - 1]))
		len--;
	return (struct field){s, len};
}

static bool field_is(struct field f, const char *word)
{
	return f.len == strlen(word) && memcmp(f.s, word, f.len) == 0;
}

static bool is_token(struct field f)
{
	if (f.len == 0)
		return false;
	for (size_t i = 0; i < f.len; i++) {
		char c = f.s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-'))
			return false;
	}
	return true;
}

static enum pol_status copy_text(struct parser *p, const char *what,
				 struct field f, char *dst, size_t dstlen)
{
	if (f.len == 0)
		return fail(p, "the %s is empty", what);
	if (f.len >= dstlen)
		return fail(p, "the %s is longer than %zu characters", what,
			    dstlen - 1);
	for (size_t i = 0; i < f.len; i++) {
		unsigned char c = (unsigned char)f.s[i];
		if (c < 0x20 || c == 0x7f)
			return fail(p, "the %s has a control character", what);
	}
	memcpy(dst, f.s, f.len);
	dst[f.len] = '\0';
	return POL_OK;
}

static enum pol_status parse_date(struct parser *p, const char *what,
				  struct field f, long *day)
{
	if (field_is(f, "-")) {
		*day = POL_NO_DATE;
		return POL_OK;
	}
	if (!pol_date_parse(f.s, f.len, day))
		return fail(p, "%s '%.*s' is not a date (YYYY-MM-DD or -)",
			    what, (int)f.len, f.s);
	return POL_OK;
}

/* Whole decimal number from a field, within [min, max]. */
static bool field_number(struct field f, long min, long max, long *out)
{
	char buf[24];

	if (f.len == 0 || f.len >= sizeof(buf))
		return false;
	memcpy(buf, f.s, f.len);
	buf[f.len] = '\0';
	return wb_parse_long(buf, min, max, out);
}

static enum pol_status parse_nt(struct parser *p, struct field f,
				struct pol_release *r)
{
	const char *dot = memchr(f.s, '.', f.len);
	long major, minor;

	if (dot == NULL ||
	    !field_number((struct field){f.s, (size_t)(dot - f.s)}, 0, 99,
			  &major) ||
	    !field_number(
		    (struct field){dot + 1, f.len - (size_t)(dot - f.s) - 1}, 0,
		    99, &minor))
		return fail(p, "NT version '%.*s' is not MAJOR.MINOR",
			    (int)f.len, f.s);
	r->nt_major = (int)major;
	r->nt_minor = (int)minor;
	return POL_OK;
}

/* Splits a comma list; calls each() on every item. */
static enum pol_status
for_each_item(struct parser *p, struct field f, struct pol_release *r,
	      enum pol_status (*each)(struct parser *, struct field,
				      struct pol_release *))
{
	const char *s = f.s, *end = f.s + f.len;

	while (s <= end) {
		const char *comma = memchr(s, ',', (size_t)(end - s));
		const char *stop = comma ? comma : end;
		enum pol_status st = each(p, trim(s, (size_t)(stop - s)), r);
		if (st != POL_OK)
			return st;
		s = stop + 1;
	}
	return POL_OK;
}

static enum pol_status add_build(struct parser *p, struct field f,
				 struct pol_release *r)
{
	long build;

	if (!field_number(f, 1, 999999, &build))
		return fail(p, "build '%.*s' is not a number from 1 to 999999",
			    (int)f.len, f.s);
	if (r->nbuilds == POL_BUILDS_MAX)
		return fail(p, "more than %d builds", POL_BUILDS_MAX);
	for (int i = 0; i < r->nbuilds; i++)
		if (r->builds[i] == build)
			return fail(p, "build %ld is listed twice", build);
	r->builds[r->nbuilds++] = build;
	return POL_OK;
}

static enum pol_status add_esu(struct parser *p, struct field f,
			       struct pol_release *r)
{
	long day;
	enum pol_status st = parse_date(p, "ESU end", f, &day);

	if (st != POL_OK)
		return st;
	if (day == POL_NO_DATE)
		return fail(p, "'-' inside an ESU list");
	if (r->nesu == POL_ESU_MAX)
		return fail(p, "more than %d ESU years", POL_ESU_MAX);
	if (r->nesu > 0 && day <= r->esu[r->nesu - 1])
		return fail(p, "ESU year ends are not in ascending order");
	r->esu[r->nesu++] = day;
	return POL_OK;
}

static bool before(long a, long b)
{
	return a == POL_NO_DATE || b == POL_NO_DATE || a <= b;
}

static enum pol_status check_order(struct parser *p,
				   const struct pol_release *r)
{
	long esu_first = r->nesu ? r->esu[0] : POL_NO_DATE;
	long esu_last = r->nesu ? r->esu[r->nesu - 1] : POL_NO_DATE;

	if (!before(r->released, r->mainstream) ||
	    !before(r->mainstream, r->extended) ||
	    !before(r->extended, esu_first) || !before(esu_last, r->azure))
		return fail(p, "dates out of order (released <= mainstream <= "
			       "extended <= ESU <= Azure)");
	if (r->azure != POL_NO_DATE && r->nesu == 0)
		return fail(p, "an Azure year without ESU years");
	return POL_OK;
}

static enum pol_status parse_release(struct parser *p, struct field *fld,
				     struct pol_release *r)
{
	struct field edition = fld[6];
	enum pol_status st;

	memset(r, 0, sizeof(*r));
	r->line = p->line;
	if (!is_token(fld[1]))
		return fail(p, "id '%.*s' is not made of a-z, 0-9 and -",
			    (int)fld[1].len, fld[1].s);
	if ((st = copy_text(p, "id", fld[1], r->id, sizeof(r->id))) ||
	    (st = copy_text(p, "name", fld[2], r->name, sizeof(r->name))))
		return st;
	if (field_is(fld[3], "client"))
		r->family = POL_FAMILY_CLIENT;
	else if (field_is(fld[3], "server"))
		r->family = POL_FAMILY_SERVER;
	else
		return fail(p, "family '%.*s' is neither client nor server",
			    (int)fld[3].len, fld[3].s);
	if ((st = parse_nt(p, fld[4], r)) ||
	    (st = for_each_item(p, fld[5], r, add_build)))
		return st;
	if (edition.len > 0 && edition.s[edition.len - 1] == '*') {
		r->edition_default = true;
		edition.len--;
	}
	if (!is_token(edition))
		return fail(p, "edition '%.*s' is not made of a-z, 0-9 and -",
			    (int)fld[6].len, fld[6].s);
	if ((st = copy_text(p, "edition", edition, r->edition,
			    sizeof(r->edition))) ||
	    (st = parse_date(p, "release date", fld[7], &r->released)) ||
	    (st = parse_date(p, "mainstream end", fld[8], &r->mainstream)) ||
	    (st = parse_date(p, "extended end", fld[9], &r->extended)))
		return st;
	if (!field_is(fld[10], "-") &&
	    (st = for_each_item(p, fld[10], r, add_esu)))
		return st;
	if ((st = parse_date(p, "Azure year end", fld[11], &r->azure)) ||
	    (st = copy_text(p, "source", fld[12], r->source,
			    sizeof(r->source))))
		return st;
	return check_order(p, r);
}

/* advisory | id | VERSION[-VERSION] | state | reason | source */
static enum pol_status parse_advisory(struct parser *p, struct field *fld,
				      struct pol_advisory *a)
{
	enum pol_status st;
	char state[16];

	memset(a, 0, sizeof(*a));
	a->line = p->line;
	if (!is_token(fld[1]))
		return fail(p, "id '%.*s' is not made of a-z, 0-9 and -",
			    (int)fld[1].len, fld[1].s);
	if ((st = copy_text(p, "id", fld[1], a->id, sizeof(a->id))))
		return st;
	if (!pol_version_range_parse(fld[2].s, fld[2].len, &a->from, &a->to))
		return fail(p,
			    "'%.*s' is not a version or a range of them "
			    "(6.0.6002, 10.0.17763.6000-10.0.17763.6100)",
			    (int)fld[2].len, fld[2].s);
	if (fld[3].len >= sizeof(state))
		return fail(p, "'%.*s' is not a state", (int)fld[3].len,
			    fld[3].s);
	memcpy(state, fld[3].s, fld[3].len);
	state[fld[3].len] = '\0';
	if (!wb_state_parse(state, &a->state))
		return fail(p,
			    "'%s' is not a state (ok, warning, critical, "
			    "unknown)",
			    state);
	if ((st = copy_text(p, "reason", fld[4], a->reason,
			    sizeof(a->reason))) ||
	    (st = copy_text(p, "source", fld[5], a->source, sizeof(a->source))))
		return st;
	return POL_OK;
}

/* Grows an array of rows by one; NULL when out of memory. */
static void *grow(void **rows, size_t count, size_t *capacity, size_t size)
{
	if (count == *capacity) {
		size_t cap = *capacity ? *capacity * 2 : 16;
		void *bigger = realloc(*rows, cap * size);
		if (bigger == NULL)
			return NULL;
		*rows = bigger;
		*capacity = cap;
	}
	return (char *)*rows + count * size;
}

/* Room for the rows of each record type. */
struct capacity {
	size_t releases, advisories;
};

/*
 * One line: a release, an advisory or the reviewed date, each record type
 * with its own number of |-separated fields.
 */
static enum pol_status parse_line(struct parser *p, const char *s, size_t len,
				  struct pol_catalog *c, struct capacity *cap)
{
	static const struct {
		const char *type;
		size_t fields;
	} types[] = {{"release", 13}, {"advisory", 6}, {"reviewed", 3}};
	struct field fld[FIELDS];
	size_t n = 0, t;
	const char *end = s + len, *first;
	struct field whole = trim(s, len);
	void *row;

	if (whole.len == 0 || whole.s[0] == '#')
		return POL_OK;
	first = memchr(s, '|', len);
	for (t = 0; t < 3; t++)
		if (field_is(trim(s, first ? (size_t)(first - s) : len),
			     types[t].type))
			break;
	if (t == 3)
		return fail(p, "unknown record type (a row starts with "
			       "release, advisory or reviewed)");
	for (const char *q = s; q < end; q++)
		n += *q == '|';
	if (n != types[t].fields - 1)
		return fail(p,
			    "a%s %s row has %zu fields separated by |, this "
			    "one %zu",
			    t == 1 ? "n" : "", types[t].type, types[t].fields,
			    n + 1);
	for (n = 0; n < types[t].fields; n++) {
		const char *bar = memchr(s, '|', (size_t)(end - s));
		const char *stop = bar ? bar : end;
		fld[n] = trim(s, (size_t)(stop - s));
		s = stop + 1;
	}
	switch (t) {
	case 0:
		row = grow((void **)&c->rows, c->count, &cap->releases,
			   sizeof(*c->rows));
		if (row == NULL)
			return POL_ERR_NOMEM;
		if (parse_release(p, fld, row) != POL_OK)
			return POL_ERR_SYNTAX;
		c->count++;
		return POL_OK;
	case 1:
		row = grow((void **)&c->advisories, c->nadvisories,
			   &cap->advisories, sizeof(*c->advisories));
		if (row == NULL)
			return POL_ERR_NOMEM;
		if (parse_advisory(p, fld, row) != POL_OK)
			return POL_ERR_SYNTAX;
		c->nadvisories++;
		return POL_OK;
	}
	if (c->reviewed != POL_NO_DATE)
		return fail(p, "a second reviewed row");
	return parse_date(p, "the reviewed date", fld[1], &c->reviewed);
}

enum pol_status pol_catalog_parse(const char *text, size_t len,
				  const char *name, struct pol_catalog **out,
				  char *err, size_t errlen)
{
	struct parser p = {.name = name, .err = err, .errlen = errlen};
	struct pol_catalog *c;
	struct capacity capacity = {0, 0};
	size_t row;
	char what[256];
	const char *s = text, *end = text + len;
	enum pol_status st = POL_OK;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL || (c->name = strdup(name)) == NULL)
		goto nomem;
	c->reviewed = POL_NO_DATE;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = (size_t)((nl ? nl : end) - s);
		p.line++;
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (memchr(s, '\0', n) != NULL) {
			st = fail(&p, "a NUL byte: not a text file");
			goto free_catalog;
		}
		st = parse_line(&p, s, n, c, &capacity);
		if (st == POL_ERR_NOMEM)
			goto nomem;
		if (st != POL_OK)
			goto free_catalog;
		s = nl ? nl + 1 : end;
	}
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
		st = fail(&p, "%s", what);
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
	switch (wb_read_file(path, CATALOG_FILE_MAX, "catalogue", "1 MiB",
			     &text, &len, NULL, err, errlen)) {
	case WB_READ_OK:
		break;
	case WB_READ_NOMEM:
		return POL_ERR_NOMEM;
	case WB_READ_TOO_LARGE:
		return POL_ERR_SYNTAX;
	case WB_READ_IO:
		return POL_ERR_IO;
	}
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
