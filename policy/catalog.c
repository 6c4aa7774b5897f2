/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "catalog.h"

#include "date.h"
#include "lib/runtime.h"

#include <errno.h>
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

static enum pol_status check_rows(struct parser *p, const struct pol_catalog *c)
{
	struct finding f = {.index = SIZE_MAX};
	struct entry *e;
	size_t n = 0;

	e = malloc((c->count * POL_BUILDS_MAX + 1) * sizeof(*e));
	if (e == NULL)
		return POL_ERR_NOMEM;
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
		return POL_OK;
	p->line = c->rows[f.index].line;
	return fail(p, "%s", f.what);
}

static enum pol_status parse_line(struct parser *p, const char *s, size_t len,
				  struct pol_catalog *c, size_t *capacity)
{
	struct field fld[FIELDS];
	size_t n = 0;
	const char *end = s + len, *first;
	struct field whole = trim(s, len);

	if (whole.len == 0 || whole.s[0] == '#')
		return POL_OK;
	first = memchr(s, '|', len);
	if (!field_is(trim(s, first ? (size_t)(first - s) : len), "release"))
		return fail(p,
			    "unknown record type (a row starts with release)");
	for (const char *q = s; q < end; q++)
		n += *q == '|';
	if (n != FIELDS - 1)
		return fail(p,
			    "a release row has %d fields separated by |, "
			    "this one %zu",
			    FIELDS, n + 1);
	for (n = 0; n < FIELDS; n++) {
		const char *bar = memchr(s, '|', (size_t)(end - s));
		const char *stop = bar ? bar : end;
		fld[n] = trim(s, (size_t)(stop - s));
		s = stop + 1;
	}
	if (c->count == *capacity) {
		size_t cap = *capacity ? *capacity * 2 : 64;
		struct pol_release *rows =
			realloc(c->rows, cap * sizeof(*rows));
		if (rows == NULL)
			return POL_ERR_NOMEM;
		c->rows = rows;
		*capacity = cap;
	}
	if (parse_release(p, fld, &c->rows[c->count]) != POL_OK)
		return POL_ERR_SYNTAX;
	c->count++;
	return POL_OK;
}

enum pol_status pol_catalog_parse(const char *text, size_t len,
				  const char *name, struct pol_catalog **out,
				  char *err, size_t errlen)
{
	struct parser p = {.name = name, .err = err, .errlen = errlen};
	struct pol_catalog *c;
	size_t capacity = 0;
	const char *s = text, *end = text + len;
	enum pol_status st = POL_OK;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		goto nomem;
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
	st = check_rows(&p, c);
	if (st == POL_ERR_NOMEM)
		goto nomem;
	if (st != POL_OK)
		goto free_catalog;
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
	FILE *f;
	char *buf;
	size_t len;
	enum pol_status st;

	*out = NULL;
	f = fopen(path, "rb");
	if (f == NULL) {
		snprintf(err, errlen, "cannot open the catalogue %s: %s", path,
			 strerror(errno));
		return POL_ERR_IO;
	}
	buf = malloc(CATALOG_FILE_MAX + 1);
	if (buf == NULL) {
		snprintf(err, errlen, "out of memory reading %s", path);
		st = POL_ERR_NOMEM;
		goto close_file;
	}
	len = fread(buf, 1, CATALOG_FILE_MAX + 1, f);
	if (ferror(f)) {
		snprintf(err, errlen, "cannot read the catalogue %s: %s", path,
			 strerror(errno));
		st = POL_ERR_IO;
		goto free_buf;
	}
	if (len > CATALOG_FILE_MAX) {
		snprintf(err, errlen, "the catalogue %s is larger than 1 MiB",
			 path);
		st = POL_ERR_SYNTAX;
		goto free_buf;
	}
	st = pol_catalog_parse(buf, len, path, out, err, errlen);
free_buf:
	free(buf);
close_file:
	fclose(f);
	return st;
}

void pol_catalog_free(struct pol_catalog *catalog)
{
	if (catalog == NULL)
		return;
	free(catalog->rows);
	free(catalog);
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
