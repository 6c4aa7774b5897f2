/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * An ini file of --extra-opts (user text): every key line the reader
 * gives lies inside the text, in a named section, with a key of the
 * allowed characters, on increasing lines, and values without control
 * characters; a refusal names the file and the line.
 */
#include "fuzz.h"
#include "lib/ini.h"

#include <stdio.h>
#include <string.h>

struct bounds {
	const char *start, *end;
	int line;
};

static void inside(const struct bounds *b, const char *s, size_t len,
		   const char *what)
{
	if (s < b->start || s + len > b->end)
		fuzz_fail("%s outside the text", what);
}

static bool check(const struct wb_ini_entry *e, void *ctx, char *err,
		  size_t errlen)
{
	struct bounds *b = ctx;

	inside(b, e->section, e->section_len, "section");
	inside(b, e->key, e->key_len, "key");
	if (e->value != NULL)
		inside(b, e->value, e->value_len, "value");
	if (e->section_len == 0 || e->key_len == 0 || e->line <= b->line)
		fuzz_fail("an empty section or key, or line %d after %d",
			  e->line, b->line);
	for (size_t i = 0; i < e->key_len; i++)
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY"
			   "Z"
			   "0123456789-_.",
			   e->key[i]) == NULL ||
		    e->key[i] == '\0')
			fuzz_fail("key byte 0x%02x", (unsigned char)e->key[i]);
	for (size_t i = 0; e->value != NULL && i < e->value_len; i++)
		if ((unsigned char)e->value[i] < 0x20 && e->value[i] != '\t')
			fuzz_fail("value byte 0x%02x",
				  (unsigned char)e->value[i]);
	b->line = e->line;
	/* refuse one line in seven, to reach the error path */
	if (e->line % 7 == 0) {
		snprintf(err, errlen, "refused");
		return false;
	}
	return true;
}

int fuzz_ini(const uint8_t *data, size_t size)
{
	struct bounds b = {(const char *)data, (const char *)data + size, 0};
	char err[384];

	if (!wb_ini_parse((const char *)data, size, "fuzz.ini", check, &b, err,
			  sizeof(err)) &&
	    strncmp(err, "fuzz.ini:", 9) != 0)
		fuzz_fail("an error without the file and line: %s", err);
	return 0;
}
