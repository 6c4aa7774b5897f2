/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The fleet's report for people (--report FILE.html): one static HTML
 * page, no script, its charts inline SVG: the ends of support on a time
 * line, by product and by group, the counts, and the table of hosts, the
 * soonest trouble first. Every text is escaped; remote text arrives
 * sanitised already. The rows wait in an anonymous temporary file
 * (lib/spool.h), each in memory only as the few bytes its place in the
 * table is found by: the fleet's memory follows --parallel, not the
 * inventory.
 */
#ifndef WB_HTML_H
#define WB_HTML_H

#include "lib/runtime.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* One host's line of the report (texts copied, capped). */
struct wb_html_row {
	char name[64], address[64], site[32], owner[32], group[32];
	char product[64], version[40], summary[160];
	enum wb_state state;
	bool has_end;
	long end, days_left; /* with has_end: a day number, and from today */
};

/* What the table's order compares of a row, and where the row is. */
struct wb_html_key {
	long end;
	char name[16];	/* the name's first bytes; the rest is read on a tie */
	uint32_t index; /* the row's place in the file */
	unsigned char has_end, state;
};

/*
 * The rows so far: all zero before the first (which makes the file); the
 * caller owns it (wb_html_rows_free).
 */
struct wb_html_rows {
	int fd; /* the rows, one after the other, once key is set */
	struct wb_html_key *key;
	size_t count, cap;
	char why[256];	  /* why a row was not added */
	bool read_failed; /* while sorting */
};

/*
 * Adds a row; false, with why saying "out of memory for the hosts' lines"
 * or "cannot keep the hosts' lines: a temporary file in DIR: why", when
 * it cannot. The rows already added stay.
 */
bool wb_html_rows_add(struct wb_html_rows *rows, const struct wb_html_row *row);
void wb_html_rows_free(struct wb_html_rows *rows);

/*
 * Writes the page for the rows (ended first, then the nearest end, hosts
 * without one last; then by state and name) as of today to out. title
 * names the run (the inventory). False when writing failed, or the rows
 * could not be read back (errno tells).
 */
bool wb_html_page(struct wb_html_rows *rows, long today, const char *title,
		  FILE *out);

#endif
