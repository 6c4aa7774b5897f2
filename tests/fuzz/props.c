/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz.h"

#include "plugin/output.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz: property broken: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		fuzz_fail("out of memory");
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

void fuzz_check_clean(const char *what, const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		if (*p < 0x20 || *p >= 0x7f || *p == '|')
			fuzz_fail("%s holds byte 0x%02x: '%s'", what, *p, text);
}

/* Output buffers as large as the plugin's own. */
#define OUTPUT_MAX 65536

static void check_text(const char *text)
{
	const char *bar = strchr(text, '|');

	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		if ((*p < 0x20 && *p != '\n') || *p >= 0x7f)
			fuzz_fail("text output holds byte 0x%02x:\n%s", *p,
				  text);
	if (strncmp(text, "WINBUILD ", 9) != 0)
		fuzz_fail("text output does not start with WINBUILD:\n%s",
			  text);
	if (bar != NULL && strchr(bar + 1, '|') != NULL)
		fuzz_fail("text output has a second '|':\n%s", text);
	if (bar != NULL && strncmp(bar, "| '", 3) != 0)
		fuzz_fail("a '|' that does not start perfdata:\n%s", text);
}

static void check_json(const char *text, enum wb_state state)
{
	json_error_t jerr;
	json_t *root = json_loads(text, 0, &jerr);
	const char *name;

	if (!json_is_object(root))
		fuzz_fail("JSON output does not parse (%s):\n%s", jerr.text,
			  text);
	name = json_string_value(json_object_get(root, "state"));
	if (name == NULL || strcmp(name, wb_state_name(state)) != 0 ||
	    json_integer_value(json_object_get(root, "exit_code")) !=
		    (json_int_t)state)
		fuzz_fail("JSON state or exit code wrong:\n%s", text);
	if (strchr(text, '|') != NULL)
		fuzz_fail("JSON output holds a '|':\n%s", text);
	json_decref(root);
}

void fuzz_check_report(const struct pol_report *report)
{
	char *buf = malloc(OUTPUT_MAX);

	if (buf == NULL)
		fuzz_fail("out of memory");
	wb_report_text(report, buf, OUTPUT_MAX);
	check_text(buf);
	wb_report_json(report, buf, OUTPUT_MAX);
	check_json(buf, report->state);
	free(buf);
}

const struct pol_catalog *fuzz_shipped(void)
{
	static struct pol_catalog *shipped;
	const char *dir = getenv("WB_SRCDIR");
	char path[4096], err[512];

	if (shipped != NULL)
		return shipped;
	snprintf(path, sizeof(path), "%s/data/windows-lifecycle.catalog",
		 dir ? dir : WB_FUZZ_SRCDIR);
	if (pol_catalog_load(path, &shipped, err, sizeof(err)) != POL_OK)
		fuzz_fail("cannot load the shipped catalogue: %s", err);
	return shipped;
}
