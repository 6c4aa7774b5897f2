/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The reading shared by the data files made of |-separated rows (the
 * lifecycle catalogue, the update history): lines, fields, and errors
 * that say "file:LINE: what".
 */
#ifndef POL_ROWS_H
#define POL_ROWS_H

#include "catalog.h"

#include <stdbool.h>
#include <stddef.h>

/* Where the reading stands, for its error messages. */
struct pol_rows {
	const char *name;
	int line;
	char *err;
	size_t errlen;
};

/* Sets err to "name:LINE: what"; returns POL_ERR_SYNTAX. */
__attribute__((format(printf, 2, 3))) enum pol_status
pol_rows_fail(struct pol_rows *p, const char *fmt, ...);

/* A field without its surrounding blanks, as a pointer and a length. */
struct pol_field {
	const char *s;
	size_t len;
};

struct pol_field pol_field_trim(const char *s, size_t len);
bool pol_field_is(struct pol_field f, const char *word);
/* Made of a-z, 0-9 and - only, and not empty. */
bool pol_field_token(struct pol_field f);
/* A whole decimal number within [min, max]. */
bool pol_field_number(struct pol_field f, long min, long max, long *out);

/* Copies a field of what into dst: not empty, fits, no control bytes. */
enum pol_status pol_field_text(struct pol_rows *p, const char *what,
			       struct pol_field f, char *dst, size_t dstlen);

/* A date YYYY-MM-DD, or `-` for POL_NO_DATE. */
enum pol_status pol_field_date(struct pol_rows *p, const char *what,
			       struct pol_field f, long *day);

/*
 * Splits a row into its |-separated fields, trimmed. The first field
 * names the record type, which must be one of types[0..ntypes-1] with
 * fields[i] fields; *type gets its index. An unknown type or a wrong
 * count is an error naming them.
 */
enum pol_status pol_rows_split(struct pol_rows *p, struct pol_field line,
			       const char *const *types, const size_t *fields,
			       size_t ntypes, size_t *type,
			       struct pol_field *fld);

/*
 * Calls each() on every line of text (len bytes) that is not blank or a
 * `#` comment, with p->line set; a CR before the newline is dropped and a
 * NUL byte is an error. Stops at the first status that is not POL_OK.
 */
enum pol_status pol_rows_each(struct pol_rows *p, const char *text, size_t len,
			      enum pol_status (*each)(struct pol_rows *p,
						      struct pol_field line,
						      void *arg),
			      void *arg);

/*
 * Reads the data file of what at path, at most max bytes (max_text says
 * how much in words), into *text (the caller frees it) of *len bytes; err
 * says why not, as lib/file.h's reader words it.
 */
enum pol_status pol_read(const char *path, size_t max, const char *what,
			 const char *max_text, char **text, size_t *len,
			 char *err, size_t errlen);

/* Grows an array of rows by one; NULL when out of memory. */
void *pol_rows_grow(void **rows, size_t count, size_t *capacity, size_t size);

#endif
