/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The fleet's report for people (--report FILE.html): one static HTML
 * page, no script, its charts inline SVG: the ends of support on a time
 * line, by product and by group, the counts, and the table of hosts, the
 * soonest trouble first. Every text is escaped; remote text arrives
 * sanitised already.
 */
#ifndef WB_HTML_H
#define WB_HTML_H

#include "lib/runtime.h"

#include <stdbool.h>
#include <stdio.h>

/* One host's line of the report (texts copied, capped). */
struct wb_html_row {
	char name[64], address[64], site[32], owner[32], group[32];
	char product[64], version[40], summary[160];
	enum wb_state state;
	bool has_end;
	long end, days_left; /* with has_end: a day number, and from today */
};

/* The rows so far; the caller owns it (wb_html_rows_free). */
struct wb_html_rows {
	struct wb_html_row *row;
	size_t count, cap;
};

/* Adds a row; false when out of memory. */
bool wb_html_rows_add(struct wb_html_rows *rows, const struct wb_html_row *row);
void wb_html_rows_free(struct wb_html_rows *rows);

/*
 * Writes the page for the rows (sorted in place: ended first, then the
 * nearest end, hosts without one last) as of today to out. title names
 * the run (the inventory). False when writing failed.
 */
bool wb_html_page(struct wb_html_rows *rows, long today, const char *title,
		  FILE *out);

#endif
