/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ini.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct span {
	const char *s;
	size_t len;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static struct span trim(const char *s, size_t len)
{
	while (len > 0 && is_blank(*s)) {
		s++;
		len--;
	}
	while (len > 0 && is_blank(s[len - 1]))
		len--;
	return (struct span){s, len};
}

/* A key: a letter or digit, then letters, digits, '-', '_' or '.'. */
static bool is_key(struct span k)
{
	for (size_t i = 0; i < k.len; i++) {
		char c = k.s[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9');
		if (!alnum && (i == 0 || (c != '-' && c != '_' && c != '.')))
			return false;
	}
	return k.len > 0;
}

__attribute__((format(printf, 5, 6))) static bool
fail(char *err, size_t errlen, const char *name, int line, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(err, errlen, "%s:%d: %s", name, line, what);
	return false;
}

/* A control character other than a tab, where one is. */
static const char *control(struct span t)
{
	for (size_t i = 0; i < t.len; i++) {
		unsigned char c = (unsigned char)t.s[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return t.s + i;
	}
	return NULL;
}

bool wb_ini_parse(const char *text, size_t len, const char *name, wb_ini_fn fn,
		  void *ctx, char *err, size_t errlen)
{
	const char *p = text, *end = text + len;
	struct span section = {NULL, 0};
	char what[256];
	int line = 0, section_line = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		struct span t;
		const char *eq, *bad;

		line++;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		t = trim(p, n);
		p = nl ? nl + 1 : end;
		if ((bad = control(t)) != NULL)
			return fail(err, errlen, name, line,
				    *bad == '\0' ? "a NUL byte: not a text file"
						 : "a control character");
		if (t.len == 0 || t.s[0] == '#' || t.s[0] == ';')
			continue;
		if (t.s[0] == '[') {
			section = trim(t.s + 1, t.len - 1);
			if (t.s[t.len - 1] != ']' || section.len < 1 ||
			    memchr(section.s, '[', section.len - 1) ||
			    memchr(section.s, ']', section.len - 1))
				return fail(err, errlen, name, line,
					    "a section header is [name]");
			section = trim(section.s, section.len - 1);
			if (section.len == 0)
				return fail(err, errlen, name, line,
					    "a section header is [name]");
			section_line = line;
			continue;
		}
		eq = memchr(t.s, '=', t.len);
		struct wb_ini_entry e = {.line = line,
					 .section_line = section_line};
		struct span key = trim(t.s, eq ? (size_t)(eq - t.s) : t.len);
		if (!is_key(key))
			return fail(err, errlen, name, line,
				    "'%.*s' is not a key (letters, digits, "
				    "'-', '_', '.') or a [section]",
				    (int)(t.len < 40 ? t.len : 40), t.s);
		if (section.s == NULL)
			return fail(err, errlen, name, line,
				    "'%.*s' comes before any [section]",
				    (int)key.len, key.s);
		e.section = section.s;
		e.section_len = section.len;
		e.key = key.s;
		e.key_len = key.len;
		if (eq != NULL) {
			struct span v =
				trim(eq + 1, (size_t)(t.s + t.len - eq - 1));
			e.value = v.s;
			e.value_len = v.len;
		}
		what[0] = '\0';
		if (!fn(&e, ctx, what, sizeof(what)))
			return fail(err, errlen, name, line, "%s", what);
	}
	return true;
}
