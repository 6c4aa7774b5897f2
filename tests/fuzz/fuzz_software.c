/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hrSWInstalledTable as an agent controls it: rows of a name and a date
 * (raw bytes), through the parsers, the list, its facts, the evaluation
 * and both renderings. The input: one header byte (bits 0-5: the rows are
 * repeated that many more times, for tables of thousands of rows; bit 6:
 * the host is XP, else Server 2019; bit 7: the walk did not end), then
 * rows, each a length byte and the name, a length byte and the date.
 *
 * Properties: a KB is "KB" and 1 to 9 digits, and its number stands whole
 * in the name, closed; a name cut inside a KB's number never gives one; a
 * date is in 1980..9999 and reads back as its octets; the hotfixes are
 * one per KB, newest first, each from a row; the JSON answer stays whole
 * (never output_capped) and lists or counts every row.
 */
#include "fuzz.h"
#include "plugin/output.h"
#include "policy/date.h"
#include "policy/evaluate.h"
#include "snmp/software.h"
#include "snmp/swname.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where "(" kb stands in name whole: its digits end in ')' or '-', and a
 * ')' closes it. */
static bool whole_in(const char *name, size_t len, const char *kb)
{
	size_t k = strlen(kb);

	for (size_t i = 0; i + 1 + k < len; i++) {
		const char *after = name + i + 1 + k;
		if (name[i] != '(' || memcmp(name + i + 1, kb, k) != 0)
			continue;
		if ((*after == ')' || *after == '-') &&
		    memchr(after, ')', (size_t)(name + len - after)) != NULL)
			return true;
	}
	return false;
}

static void check_name(const char *name, size_t len)
{
	struct wbs_swname s, cut;
	size_t digits;

	wbs_parse_swname(name, len, &s);
	digits = strlen(s.kb) > 2 ? strspn(s.kb + 2, "0123456789") : 0;
	if (s.kb[0] != '\0' &&
	    (strncmp(s.kb, "KB", 2) != 0 || digits < 1 || digits > 9 ||
	     s.kb[2 + digits] != '\0' || !whole_in(name, len, s.kb)))
		fuzz_fail("'%.*s' read as %s", (int)len, name, s.kb);
	if (s.cut != (s.kb[0] == '\0' && len >= WBS_SW_NAME_MAX))
		fuzz_fail("'%.*s' cut %d with KB '%s'", (int)len, name, s.cut,
			  s.kb);
	/* the name cut inside its KB's number, as Windows would cut it */
	if (s.kb[0] == '\0')
		return;
	for (size_t at = 0; at + 3 <= len; at++) {
		size_t stop = at + 1 + strlen(s.kb);
		if (memcmp(name + at, "(KB", 3) != 0)
			continue;
		for (size_t end = at + 3; end < stop && end <= len; end++) {
			wbs_parse_swname(name, end, &cut);
			if (cut.kb[0] != '\0' && !whole_in(name, end, cut.kb))
				fuzz_fail("'%.*s' cut gave %s", (int)end, name,
					  cut.kb);
		}
	}
}

static void check_date(const unsigned char *o, size_t len)
{
	long day = wbs_parse_swdate(o, len);
	char text[POL_DATE_TEXT], want[POL_DATE_TEXT + 16];

	if (day == POL_NO_DATE)
		return;
	if (len != 8 && len != 11)
		fuzz_fail("a date of %zu octets", len);
	pol_date_format(day, text);
	snprintf(want, sizeof(want), "%04d-%02d-%02d", o[0] << 8 | o[1], o[2],
		 o[3]);
	if (strcmp(text, want) != 0 || strcmp(text, "1980-01-01") < 0)
		fuzz_fail("date of %zu octets read as %s", len, text);
}

static int by_id(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void check_list(const struct wbs_software *sw)
{
	/* the rows' KBs and the hotfixes' ids, sorted: O(n log n) checks */
	char **kbs = malloc(((size_t)sw->nrows + 1) * sizeof(*kbs));
	char **ids = malloc(((size_t)sw->nhotfixes + 1) * sizeof(*ids));
	int with_kb = 0;

	if (kbs == NULL || ids == NULL)
		fuzz_fail("out of memory");
	for (int i = 0; i < sw->nrows; i++) {
		fuzz_check_clean("a software name", sw->rows[i].name);
		if (sw->rows[i].kb[0] != '\0')
			kbs[with_kb++] = sw->rows[i].kb;
	}
	if (with_kb != sw->with_kb || sw->nhotfixes > with_kb ||
	    sw->nhotfixes > WBS_SW_HOTFIX_MAX || sw->nrows > WBS_SW_ROWS_MAX)
		fuzz_fail("%d rows, %d with a KB (counted %d), %d hotfixes",
			  sw->nrows, with_kb, sw->with_kb, sw->nhotfixes);
	qsort(kbs, (size_t)with_kb, sizeof(*kbs), by_id);
	for (int i = 0; i < sw->nhotfixes; i++) {
		char *id = sw->hotfixes[i].id;
		if (i > 0 &&
		    sw->hotfixes[i].installed > sw->hotfixes[i - 1].installed)
			fuzz_fail("hotfixes not newest first at %d", i);
		if (bsearch(&id, kbs, (size_t)with_kb, sizeof(*kbs), by_id) ==
		    NULL)
			fuzz_fail("hotfix %s from no row", id);
		ids[i] = id;
	}
	qsort(ids, (size_t)sw->nhotfixes, sizeof(*ids), by_id);
	for (int i = 1; i < sw->nhotfixes; i++)
		if (strcmp(ids[i - 1], ids[i]) == 0)
			fuzz_fail("%s twice", ids[i]);
	free(kbs);
	free(ids);
}

/* The JSON answer is whole and accounts for every row. */
static void check_json(const struct pol_report *r, int nrows)
{
	char *buf = malloc(65536);
	json_t *root, *host;
	json_error_t jerr;

	if (buf == NULL)
		fuzz_fail("out of memory");
	wb_report_json(r, buf, 65536);
	root = json_loads(buf, 0, &jerr);
	host = json_object_get(root, "host");
	if (json_object_get(root, "output_capped") != NULL ||
	    json_array_size(json_object_get(host, "software")) +
			    (size_t)json_integer_value(json_object_get(
				    host, "software_left_out")) !=
		    (size_t)nrows)
		fuzz_fail("JSON with %d rows:\n%.2000s", nrows, buf);
	json_decref(root);
	free(buf);
}

int fuzz_software(const uint8_t *data, size_t size)
{
	struct wbs_software sw;
	struct pol_facts facts;
	struct pol_policy cmdline = {0};
	struct pol_report report = {0};
	const uint8_t *p, *end = data + size;
	int repeat = size > 0 ? (data[0] & 0x3f) + 1 : 1;
	unsigned long index = 0;
	char why[160];

	wbs_software_init(&sw);
	for (int r = 0; r < repeat && size > 0; r++) {
		for (p = data + 1; p < end;) {
			size_t nlen = *p++, dlen;
			const uint8_t *name = p, *date;
			nlen = nlen < (size_t)(end - p) ? nlen
							: (size_t)(end - p);
			p += nlen;
			dlen = p < end ? *p++ : 0;
			date = p;
			dlen = dlen < (size_t)(end - p) ? dlen
							: (size_t)(end - p);
			p += dlen;
			if (r == 0) {
				check_name((const char *)name, nlen);
				check_date(date, dlen);
			}
			index++;
			if (!wbs_software_add_name(&sw, index,
						   (const char *)name, nlen) ||
			    !wbs_software_add_date(&sw, index, date, dlen))
				goto full;
		}
	}
full:
	if (size > 0 && (data[0] & 0x80)) {
		sw.capped = true;
		snprintf(sw.note, sizeof(sw.note),
			 "walked %d rows in 9.5 s, the table did not end",
			 sw.nrows);
	}
	wbs_software_finish(&sw);
	check_list(&sw);

	pol_facts_init(&facts);
	facts.src_version = "snmp:sysDescr.0";
	facts.nt_major = size > 0 && (data[0] & 0x40) ? 5 : 10;
	facts.nt_minor = facts.nt_major == 5 ? 1 : 0;
	facts.build = facts.nt_major == 5 ? 2600 : 17763;
	facts.type =
		facts.nt_major == 5 ? POL_TYPE_WORKSTATION : POL_TYPE_SERVER;
	wbs_software_facts(&sw, &facts);
	fuzz_check_clean("the notes", facts.notes);
	/* a required hotfix: the rule reads the list the table gave */
	pol_policy_set(&cmdline, "require-hotfix", "KB925902", 8,
		       (struct pol_where){"fuzz", 0}, false, why, sizeof(why));
	pol_evaluate(fuzz_shipped(), NULL, NULL, &cmdline, &facts, FUZZ_TODAY,
		     &report);
	fuzz_check_report(&report);
	check_json(&report, sw.nrows);
	wbs_software_free(&sw);
	return 0;
}
