/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rows.h"

#include "date.h"
#include "lib/file.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum pol_status pol_rows_fail(struct pol_rows *p, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "%s:%d: %s", p->name, p->line, what);
	return POL_ERR_SYNTAX;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

struct pol_field pol_field_trim(const char *s, size_t len)
{
	while (len > 0 && is_blank(*s)) {
		s++;
		len--;
	}
	while (len > 0 && is_blank(s[len - 1]))
		len--;
	return (struct pol_field){s, len};
}

bool pol_field_is(struct pol_field f, const char *word)
{
	return f.len == strlen(word) && memcmp(f.s, word, f.len) == 0;
}

bool pol_field_token(struct pol_field f)
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

bool pol_field_number(struct pol_field f, long min, long max, long *out)
{
	long n = 0;

	/* digits only, at most 9 of them: no sign, no overflow */
	if (f.len == 0 || f.len > 9)
		return false;
	for (size_t i = 0; i < f.len; i++) {
		if (f.s[i] < '0' || f.s[i] > '9')
			return false;
		n = n * 10 + (f.s[i] - '0');
	}
	if (n < min || n > max)
		return false;
	*out = n;
	return true;
}

enum pol_status pol_field_text(struct pol_rows *p, const char *what,
			       struct pol_field f, char *dst, size_t dstlen)
{
	if (f.len == 0)
		return pol_rows_fail(p, "the %s is empty", what);
	if (f.len >= dstlen)
		return pol_rows_fail(p, "the %s is longer than %zu characters",
				     what, dstlen - 1);
	for (size_t i = 0; i < f.len; i++) {
		unsigned char c = (unsigned char)f.s[i];
		if (c < 0x20 || c == 0x7f)
			return pol_rows_fail(
				p, "the %s has a control character", what);
	}
	memcpy(dst, f.s, f.len);
	dst[f.len] = '\0';
	return POL_OK;
}

enum pol_status pol_field_date(struct pol_rows *p, const char *what,
			       struct pol_field f, long *day)
{
	if (pol_field_is(f, "-")) {
		*day = POL_NO_DATE;
		return POL_OK;
	}
	if (!pol_date_parse(f.s, f.len, day))
		return pol_rows_fail(
			p, "%s '%.*s' is not a date (YYYY-MM-DD or -)", what,
			(int)f.len, f.s);
	return POL_OK;
}

enum pol_status pol_rows_split(struct pol_rows *p, struct pol_field line,
			       const char *const *types, const size_t *fields,
			       size_t ntypes, size_t *type,
			       struct pol_field *fld)
{
	const char *s = line.s, *end = line.s + line.len;
	const char *first = memchr(s, '|', line.len);
	struct pol_field head =
		pol_field_trim(s, first ? (size_t)(first - s) : line.len);
	char names[128] = "";
	size_t n = 0, t;

	for (t = 0; t < ntypes && !pol_field_is(head, types[t]); t++)
		;
	if (t == ntypes) {
		for (t = 0; t < ntypes; t++)
			snprintf(names + strlen(names),
				 sizeof(names) - strlen(names), "%s%s",
				 t == 0		  ? ""
				 : t + 1 < ntypes ? ", "
						  : " or ",
				 types[t]);
		return pol_rows_fail(p,
				     "unknown record type (a row starts "
				     "with %s)",
				     names);
	}
	/* the fields, trimmed, as far as there is room; then the count */
	for (;;) {
		const char *bar = memchr(s, '|', (size_t)(end - s));
		const char *stop = bar ? bar : end;
		if (n < fields[t])
			fld[n] = pol_field_trim(s, (size_t)(stop - s));
		n++;
		if (bar == NULL)
			break;
		s = bar + 1;
	}
	if (n != fields[t])
		return pol_rows_fail(p,
				     "the %s row needs %zu fields separated "
				     "by |, this one has %zu",
				     types[t], fields[t], n);
	*type = t;
	return POL_OK;
}

enum pol_status pol_rows_each(struct pol_rows *p, const char *text, size_t len,
			      enum pol_status (*each)(struct pol_rows *p,
						      struct pol_field line,
						      void *arg),
			      void *arg)
{
	const char *s = text, *end = text + len;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = (size_t)((nl ? nl : end) - s);
		struct pol_field whole;
		enum pol_status st;

		p->line++;
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (memchr(s, '\0', n) != NULL)
			return pol_rows_fail(p, "a NUL byte: not a text file");
		whole = pol_field_trim(s, n);
		if (whole.len > 0 && whole.s[0] != '#' &&
		    (st = each(p, (struct pol_field){s, n}, arg)) != POL_OK)
			return st;
		s = nl ? nl + 1 : end;
	}
	return POL_OK;
}

void *pol_rows_grow(void **rows, size_t count, size_t *capacity, size_t size)
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

enum pol_status pol_read(const char *path, size_t max, const char *what,
			 const char *max_text, char **text, size_t *len,
			 char *err, size_t errlen)
{
	switch (wb_read_file(path, max, what, max_text, text, len, NULL, err,
			     errlen)) {
	case WB_READ_OK:
		return POL_OK;
	case WB_READ_NOMEM:
		return POL_ERR_NOMEM;
	case WB_READ_TOO_LARGE:
		return POL_ERR_SYNTAX;
	case WB_READ_IO:
		break;
	}
	return POL_ERR_IO;
}
