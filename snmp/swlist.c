/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The list hrSWInstalledTable's walk fills, and the facts it gives: see
 * software.h. Pure: no I/O, no library types.
 */
#include "software.h"

#include "lib/sanitize.h"
#include "policy/date.h"
#include "swname.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void wbs_software_init(struct wbs_software *sw)
{
	memset(sw, 0, sizeof(*sw));
}

/* The next room for n rows: doubling from 64, never past the cap. */
static int next_room(int room)
{
	int want = room > 0 ? room * 2 : 64;

	return want < WBS_SW_ROWS_MAX ? want : WBS_SW_ROWS_MAX;
}

/* Room for one more name row; false at the cap or out of memory. */
static bool room_for_row(struct wbs_software *sw)
{
	int want;
	void *p;

	if (sw->nrows < sw->room)
		return true;
	if (sw->nrows >= WBS_SW_ROWS_MAX)
		return false;
	want = next_room(sw->room);
	/* both arrays grow before room does, so that they stay in step */
	p = realloc(sw->rows, (size_t)want * sizeof(*sw->rows));
	if (p == NULL)
		return false;
	sw->rows = p;
	p = realloc(sw->index, (size_t)want * sizeof(*sw->index));
	if (p == NULL)
		return false;
	sw->index = p;
	sw->room = want;
	return true;
}

bool wbs_software_add_name(struct wbs_software *sw, unsigned long index,
			   const char *name, size_t len)
{
	struct pol_software *row;
	struct wbs_swname parsed;

	/* the join with the dates needs increasing indexes */
	if (sw->nrows > 0 && index <= sw->index[sw->nrows - 1])
		return true;
	if (!room_for_row(sw))
		return false;
	row = &sw->rows[sw->nrows];
	wbs_parse_swname(name, len, &parsed);
	/* an agent other than Windows' may send more: it ends in "..." */
	wb_sanitize(row->name, sizeof(row->name), name, len);
	snprintf(row->kb, sizeof(row->kb), "%s", parsed.kb);
	row->cut = parsed.cut;
	row->installed = POL_NO_DATE;
	sw->index[sw->nrows++] = index;
	return true;
}

bool wbs_software_add_date(struct wbs_software *sw, unsigned long index,
			   const unsigned char *octets, size_t len)
{
	struct wbs_sw_date *d;

	if (sw->ndates > 0 && index <= sw->dates[sw->ndates - 1].index)
		return true;
	if (sw->ndates == sw->date_room) {
		int want = next_room(sw->date_room);
		if (sw->ndates >= WBS_SW_ROWS_MAX)
			return false;
		d = realloc(sw->dates, (size_t)want * sizeof(*d));
		if (d == NULL)
			return false;
		sw->dates = d;
		sw->date_room = want;
	}
	d = &sw->dates[sw->ndates++];
	d->index = index;
	d->day = wbs_parse_swdate(octets, len);
	return true;
}

/* A hotfix and the row it came from, which breaks ties. */
struct ranked {
	struct pol_hotfix fix;
	int row;
};

/* Newer first (POL_NO_DATE is the least day), then the agent's order. */
static int newest_first(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->fix.installed != y->fix.installed)
		return x->fix.installed > y->fix.installed ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* By KB, each KB's newest first: its first is the one to keep. */
static int by_kb(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	int c = strcmp(x->fix.id, y->fix.id);

	return c != 0 ? c : newest_first(a, b);
}

/*
 * One hotfix per KB, newest first. qsort with the row as the last key
 * orders like a stable sort, and stays O(n log n) on 20,000 rows.
 */
static void read_hotfixes(struct wbs_software *sw)
{
	struct ranked *r;
	int n = 0, kept = 0;

	free(sw->hotfixes);
	sw->hotfixes = NULL;
	sw->nhotfixes = 0;
	sw->hotfixes_capped = false;
	if (sw->with_kb == 0)
		return;
	r = malloc((size_t)sw->with_kb * sizeof(*r));
	if (r == NULL)
		return;
	for (int i = 0; i < sw->nrows; i++) {
		if (sw->rows[i].kb[0] == '\0')
			continue;
		snprintf(r[n].fix.id, sizeof(r[n].fix.id), "%s",
			 sw->rows[i].kb);
		r[n].fix.installed = sw->rows[i].installed;
		r[n++].row = i;
	}
	qsort(r, (size_t)n, sizeof(*r), by_kb);
	for (int i = 0; i < n; i++)
		if (kept == 0 || strcmp(r[kept - 1].fix.id, r[i].fix.id) != 0)
			r[kept++] = r[i];
	qsort(r, (size_t)kept, sizeof(*r), newest_first);
	sw->hotfixes_capped = kept > WBS_SW_HOTFIX_MAX;
	if (kept > WBS_SW_HOTFIX_MAX)
		kept = WBS_SW_HOTFIX_MAX;
	sw->hotfixes = malloc((size_t)kept * sizeof(*sw->hotfixes));
	if (sw->hotfixes != NULL) {
		for (int i = 0; i < kept; i++)
			sw->hotfixes[i] = r[i].fix;
		sw->nhotfixes = kept;
	}
	free(r);
}

void wbs_software_finish(struct wbs_software *sw)
{
	int d = 0;

	sw->with_kb = 0;
	sw->cut = 0;
	/* both lists are in increasing index order: one pass joins them */
	for (int i = 0; i < sw->nrows; i++) {
		while (d < sw->ndates && sw->dates[d].index < sw->index[i])
			d++;
		if (d < sw->ndates && sw->dates[d].index == sw->index[i])
			sw->rows[i].installed = sw->dates[d].day;
		sw->with_kb += sw->rows[i].kb[0] != '\0';
		sw->cut += sw->rows[i].cut;
	}
	read_hotfixes(sw);
}

/* Joins a note to the facts' notes, "; "-separated. */
static void add_note(struct pol_facts *f, const char *note)
{
	size_t used = strlen(f->notes);

	snprintf(f->notes + used, sizeof(f->notes) - used, "%s%s",
		 used ? "; " : "", note);
}

void wbs_software_facts(const struct wbs_software *sw, struct pol_facts *f)
{
	/* XP and Server 2003 list Windows' updates there (an Uninstall key
	 * each); Vista and later only MSI-installed ones (reference 2.2) */
	bool lists_updates = f->src_version != NULL && f->nt_major == 5 &&
			     (f->nt_minor == 1 || f->nt_minor == 2);
	char note[160];

	f->software = sw->rows;
	f->nsoftware = sw->nrows;
	f->software_capped = sw->capped;
	snprintf(f->software_problem, sizeof(f->software_problem), "%s",
		 sw->problem);
	f->src_software = "snmp:hrSWInstalledTable";
	if (sw->note[0] != '\0')
		add_note(f, sw->note);
	if (sw->nhotfixes == 0 && !lists_updates) {
		if (sw->nrows > 0)
			add_note(f, "hrSWInstalledTable names no update by KB "
				    "(it is known to list Windows' updates on "
				    "XP and Server 2003 only)");
		return;
	}
	f->hotfixes = sw->hotfixes;
	f->nhotfixes = sw->nhotfixes;
	/* "N or more": whatever the names do not tell may be installed */
	f->hotfixes_capped = sw->hotfixes_capped || sw->capped ||
			     sw->problem[0] != '\0' || sw->cut > 0 ||
			     !lists_updates;
	f->src_hotfixes = "snmp:hrSWInstalledTable";
	if (sw->cut > 0) {
		snprintf(note, sizeof(note),
			 "%d names fill the 64 bytes Windows cuts them at: a "
			 "KB among them cannot be told",
			 sw->cut);
		add_note(f, note);
	}
	if (!lists_updates)
		add_note(f, "hrSWInstalledTable is known to list Windows' "
			    "updates on XP and Server 2003 only: more may be "
			    "installed");
}

void wbs_software_free(struct wbs_software *sw)
{
	free(sw->rows);
	free(sw->index);
	free(sw->dates);
	free(sw->hotfixes);
	wbs_software_init(sw);
}
