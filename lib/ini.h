/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The ini format of the monitoring-plugins' --extra-opts files, read
 * line by line: "[section]" headers, "key = value" or "key" lines, and
 * comments starting with '#' or ';'. Blanks around names and values do
 * not count; a value is the rest of its line. Pure.
 */
#ifndef WB_INI_H
#define WB_INI_H

#include <stdbool.h>
#include <stddef.h>

/* One key line, with its section; the texts point into the parsed text. */
struct wb_ini_entry {
	const char *section, *key, *value; /* value NULL: a key alone */
	size_t section_len, key_len, value_len;
	int line, section_line; /* the key's, its section header's */
};

/*
 * Called for every key line in file order. Returns false to stop the
 * parse, with what is wrong in err (errlen bytes); the parser puts the
 * file name and the line in front.
 */
typedef bool (*wb_ini_fn)(const struct wb_ini_entry *entry, void *ctx,
			  char *err, size_t errlen);

/*
 * Parses len bytes of text (need not be NUL-terminated) and calls fn for
 * each key line. False, with "name:LINE: what" in err, on a line that is
 * not a section, a key or a comment, a key outside any section, a NUL or
 * a control character, or whatever fn refuses.
 */
bool wb_ini_parse(const char *text, size_t len, const char *name, wb_ini_fn fn,
		  void *ctx, char *err, size_t errlen);

#endif
