/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* qsort_r */
#include "html.h"

#include "lib/spool.h"
#include "policy/date.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The most lines one chart draws; the rest are counted under it. */
#define CHART_LINES 40
#define LABEL_W	    300
#define CHART_W	    960
#define LINE_H	    24
#define SOON_DAYS   180
#define DOTS	    16

/* A dot of a chart: the hosts of a line whose support ends on one day. */
struct dot {
	long end;
	size_t hosts;
	enum wb_state worst;
};

/* A line of a chart: a product or a group, its dots in the order met. */
struct line {
	char label[64];
	struct dot dot[DOTS];
	size_t count, hosts, left_out;
};

struct chart {
	struct line line[CHART_LINES];
	size_t count, left_out;
};

/* The row's copy as the file keeps it: every byte set, padding too. */
static void file_copy(struct wb_html_row *dst, const struct wb_html_row *src)
{
	memset(dst, 0, sizeof(*dst));
	memcpy(dst->name, src->name, sizeof(dst->name));
	memcpy(dst->address, src->address, sizeof(dst->address));
	memcpy(dst->site, src->site, sizeof(dst->site));
	memcpy(dst->owner, src->owner, sizeof(dst->owner));
	memcpy(dst->group, src->group, sizeof(dst->group));
	memcpy(dst->product, src->product, sizeof(dst->product));
	memcpy(dst->version, src->version, sizeof(dst->version));
	memcpy(dst->summary, src->summary, sizeof(dst->summary));
	dst->state = src->state;
	dst->has_end = src->has_end;
	dst->end = src->end;
	dst->days_left = src->days_left;
}

/* Makes room for one more key; the first time, the file too. */
static bool grow(struct wb_html_rows *rows)
{
	size_t cap = rows->cap ? rows->cap * 2 : 256;
	struct wb_html_key *bigger;
	char why[sizeof(rows->why) - 40];
	int fd = rows->fd;

	if (rows->key == NULL) {
		fd = wb_spool_open(why, sizeof(why));
		if (fd < 0) {
			snprintf(rows->why, sizeof(rows->why),
				 "cannot keep the hosts' lines: %s", why);
			return false;
		}
	}
	bigger = realloc(rows->key, cap * sizeof(*bigger));
	if (bigger == NULL) {
		if (rows->key == NULL)
			close(fd);
		snprintf(rows->why, sizeof(rows->why),
			 "out of memory for the hosts' lines");
		return false;
	}
	rows->key = bigger;
	rows->cap = cap;
	rows->fd = fd;
	return true;
}

bool wb_html_rows_add(struct wb_html_rows *rows, const struct wb_html_row *row)
{
	struct wb_html_key *k;
	struct wb_html_row copy;
	char why[sizeof(rows->why) - 40];

	if (rows->count == UINT32_MAX) {
		snprintf(rows->why, sizeof(rows->why),
			 "more hosts than the report takes (%lu)",
			 (unsigned long)UINT32_MAX);
		return false;
	}
	if (rows->count == rows->cap && !grow(rows))
		return false;
	file_copy(&copy, row);
	if (!wb_spool_write(rows->fd, (off_t)(rows->count * sizeof(copy)),
			    &copy, sizeof(copy), why, sizeof(why))) {
		snprintf(rows->why, sizeof(rows->why),
			 "cannot keep the hosts' lines: %s", why);
		return false;
	}
	k = &rows->key[rows->count];
	memset(k, 0, sizeof(*k));
	k->end = row->end;
	memcpy(k->name, row->name, strnlen(row->name, sizeof(k->name)));
	k->index = (uint32_t)rows->count++;
	k->has_end = row->has_end;
	k->state = (unsigned char)row->state;
	return true;
}

void wb_html_rows_free(struct wb_html_rows *rows)
{
	if (rows->key != NULL)
		close(rows->fd);
	free(rows->key);
	*rows = (struct wb_html_rows){0};
}

/* Reads row i back from the file; false (errno set) when it cannot. */
static bool row_at(const struct wb_html_rows *rows, uint32_t i,
		   struct wb_html_row *row)
{
	errno = EIO;
	return wb_spool_read(rows->fd, (off_t)i * (off_t)sizeof(*row), row,
			     sizeof(*row));
}

/* Text as HTML character data or an attribute value. */
static void text(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

static const char *state_class(enum wb_state s)
{
	static const char *const names[] = {"ok", "warning", "critical",
					    "unknown"};

	return names[s];
}

/* The names of rows i and j compared, read from the file: their keys'
 * first bytes are the same. */
static int by_whole_name(struct wb_html_rows *rows, uint32_t i, uint32_t j)
{
	char a[sizeof(((struct wb_html_row *)0)->name)], b[sizeof(a)];
	off_t at = offsetof(struct wb_html_row, name);
	off_t size = sizeof(struct wb_html_row);

	if (!wb_spool_read(rows->fd, i * size + at, a, sizeof(a)) ||
	    !wb_spool_read(rows->fd, j * size + at, b, sizeof(b))) {
		rows->read_failed = true;
		return 0;
	}
	a[sizeof(a) - 1] = b[sizeof(b) - 1] = '\0';
	return strcmp(a, b);
}

/* Ended first, then the nearest end, hosts without one last; by state,
 * by name, and by the order added (equal names). */
static int by_urgency(const void *a, const void *b, void *ctx)
{
	const struct wb_html_key *x = a, *y = b;
	int by_name;

	if (x->has_end != y->has_end)
		return x->has_end ? -1 : 1;
	if (x->has_end && x->end != y->end)
		return x->end < y->end ? -1 : 1;
	if (x->state != y->state)
		return x->state > y->state ? -1 : 1;
	by_name = strncmp(x->name, y->name, sizeof(x->name));
	if (by_name == 0 &&
	    strnlen(x->name, sizeof(x->name)) == sizeof(x->name))
		by_name = by_whole_name(ctx, x->index, y->index);
	if (by_name != 0)
		return by_name;
	return x->index < y->index ? -1 : x->index > y->index;
}

static enum wb_state worse(enum wb_state a, enum wb_state b)
{
	static const int rank[] = {0, 1, 3, 2}; /* UNKNOWN below CRITICAL */

	return rank[a] >= rank[b] ? a : b;
}

/* Counts a host under label, at its end, in chart c. */
static void count(struct chart *c, const char *label,
		  const struct wb_html_row *r)
{
	struct line *l = NULL;

	for (size_t i = 0; i < c->count && l == NULL; i++)
		if (strcmp(c->line[i].label, label) == 0)
			l = &c->line[i];
	if (l == NULL && c->count == CHART_LINES) {
		c->left_out++;
		return;
	}
	if (l == NULL) {
		l = &c->line[c->count++];
		snprintf(l->label, sizeof(l->label), "%s", label);
	}
	l->hosts++;
	for (size_t i = 0; i < l->count; i++)
		if (l->dot[i].end == r->end) {
			l->dot[i].hosts++;
			l->dot[i].worst = worse(l->dot[i].worst, r->state);
			return;
		}
	if (l->count == DOTS) {
		l->left_out++;
		return;
	}
	l->dot[l->count++] = (struct dot){r->end, 1, r->state};
}

static long x_of(long day, long from, long to)
{
	/* room on the right for the last dot's text */
	return LABEL_W + (day - from) * (CHART_W - LABEL_W - 120) /
				 (to - from > 0 ? to - from : 1);
}

static const char *end_class(long end, long today)
{
	return end < today		  ? "ended"
	       : end - today <= SOON_DAYS ? "soon"
					  : "later";
}

/* One line: its label, a bar to its last end, a dot per end, a count. */
static void chart_line(FILE *out, const struct line *l, long y, long today,
		       long from, long to)
{
	long last = l->dot[0].end;
	char day[POL_DATE_TEXT];

	for (size_t i = 1; i < l->count; i++)
		if (l->dot[i].end > last)
			last = l->dot[i].end;
	fprintf(out,
		"<g class=\"line\"><text class=\"label\" x=\"%d\" y=\"%ld\">",
		LABEL_W - 8, y + 4);
	text(out, l->label);
	fprintf(out,
		"</text>\n<line class=\"%s\" x1=\"%d\" y1=\"%ld\" "
		"x2=\"%ld\" y2=\"%ld\"/>\n",
		end_class(last, today), LABEL_W, y, x_of(last, from, to), y);
	for (size_t i = 0; i < l->count; i++) {
		const struct dot *d = &l->dot[i];

		pol_date_format(d->end, day);
		fprintf(out,
			"<circle class=\"%s %s\" cx=\"%ld\" cy=\"%ld\" "
			"r=\"%ld\"><title>",
			end_class(d->end, today), state_class(d->worst),
			x_of(d->end, from, to), y,
			d->hosts > 9 ? 9L : 4L + (long)d->hosts / 2);
		text(out, l->label);
		fprintf(out, ": %zu host%s, support %s %s</title></circle>\n",
			d->hosts, d->hosts == 1 ? "" : "s",
			d->end < today ? "ended" : "ends", day);
	}
	pol_date_format(last, day);
	fprintf(out,
		"<text class=\"end\" x=\"%ld\" y=\"%ld\">%zu host%s%s%s"
		"</text></g>\n",
		x_of(last, from, to) + 12, y + 4, l->hosts,
		l->hosts == 1 ? "" : "s", l->count == 1 ? ", " : "",
		l->count == 1 ? day : "");
}

/* A chart: a line per label on a time line of years, and today. */
static void chart(FILE *out, const struct chart *c, long today,
		  const char *what)
{
	long from = today, to = today;
	long height = (long)c->count * LINE_H + 50;
	int y0, y1, month, mday;

	for (size_t i = 0; i < c->count; i++)
		for (size_t k = 0; k < c->line[i].count; k++) {
			if (c->line[i].dot[k].end < from)
				from = c->line[i].dot[k].end;
			if (c->line[i].dot[k].end > to)
				to = c->line[i].dot[k].end;
		}
	pol_date_civil(from, &y0, &month, &mday);
	pol_date_civil(to, &y1, &month, &mday);
	from = pol_date_from_civil(y0, 1, 1);
	to = pol_date_from_civil(y1 + 1, 1, 1);
	fprintf(out,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		"height=\"%ld\" viewBox=\"0 0 %d %ld\" role=\"img\" "
		"aria-label=\"Ends of support by %s\">\n",
		CHART_W, height, CHART_W, height, what);
	for (int y = y0; y <= y1 + 1; y++) {
		long x = x_of(pol_date_from_civil(y, 1, 1), from, to);

		fprintf(out,
			"<line class=\"year\" x1=\"%ld\" y1=\"20\" x2=\"%ld\" "
			"y2=\"%ld\"/><text class=\"year\" x=\"%ld\" "
			"y=\"14\">%d</text>\n",
			x, x, height - 10, x, y);
	}
	for (size_t i = 0; i < c->count; i++)
		chart_line(out, &c->line[i], 20 + (long)i * LINE_H + LINE_H / 2,
			   today, from, to);
	fprintf(out,
		"<line class=\"today\" x1=\"%ld\" y1=\"20\" x2=\"%ld\" "
		"y2=\"%ld\"/><text class=\"today\" x=\"%ld\" "
		"y=\"%ld\">today</text>\n</svg>\n",
		x_of(today, from, to), x_of(today, from, to), height - 10,
		x_of(today, from, to) + 4, height - 2);
	if (c->left_out > 0)
		fprintf(out, "<p>And %zu more lines.</p>\n", c->left_out);
}

static const char style[] =
	"body{font-family:sans-serif;margin:2em;color:#222}"
	"table{border-collapse:collapse}td,th{padding:2px 8px;"
	"border-bottom:1px solid #ddd;text-align:left;font-size:90%}"
	"td.n{text-align:right}"
	"tr.critical td.state,li.critical{color:#b00}"
	"tr.warning td.state,li.warning{color:#a60}"
	"tr.unknown td.state,li.unknown{color:#555}"
	"tr.ok td.state,li.ok{color:#070}"
	"ul.counts{list-style:none;padding:0}ul.counts li{display:inline;"
	"margin-right:2em;font-weight:bold}"
	"svg text{font-size:12px}svg text.label{text-anchor:end}"
	"svg line.year{stroke:#ddd}svg text.year{fill:#777}"
	"svg line.today{stroke:#36c;stroke-dasharray:4 3}"
	"svg text.today{fill:#36c}"
	"svg line.ended{stroke:#f3c4c4;stroke-width:6}"
	"svg line.soon{stroke:#f6dfb3;stroke-width:6}"
	"svg line.later{stroke:#cde8cd;stroke-width:6}"
	"svg circle.ended{fill:#b00}svg circle.soon{fill:#d80}"
	"svg circle.later{fill:#393}";

static void counts(FILE *out, const struct wb_html_rows *rows, long today)
{
	size_t by[4] = {0}, ended = 0, soon = 0;

	for (size_t i = 0; i < rows->count; i++) {
		const struct wb_html_key *k = &rows->key[i];

		by[k->state]++;
		ended += k->has_end && k->end < today;
		soon += k->has_end && k->end >= today &&
			k->end - today <= SOON_DAYS;
	}
	fputs("<ul class=\"counts\">", out);
	for (int s = WB_CRITICAL; s >= WB_OK; s--)
		fprintf(out, "<li class=\"%s\">%zu %s</li>",
			state_class((enum wb_state)s), by[s],
			wb_state_name((enum wb_state)s));
	fprintf(out,
		"<li class=\"unknown\">%zu UNKNOWN</li>"
		"<li>%zu out of support</li><li>%zu ending within %d days</li>"
		"</ul>\n",
		by[WB_UNKNOWN], ended, soon, SOON_DAYS);
}

static bool table(FILE *out, const struct wb_html_rows *rows)
{
	struct wb_html_row row;
	const struct wb_html_row *r = &row;
	static const char *const head[] = {
		"Host",	   "Address", "Site",	     "Owner", "Group",	"State",
		"Product", "Version", "Support end", "Days",  "Summary"};
	char day[POL_DATE_TEXT];

	fputs("<table>\n<thead><tr>", out);
	for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		fprintf(out, "<th>%s</th>", head[i]);
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < rows->count; i++) {
		const char *cells[] = {r->name, r->address, r->site, r->owner,
				       r->group};

		if (!row_at(rows, rows->key[i].index, &row))
			return false;
		fprintf(out, "<tr class=\"%s\">", state_class(r->state));
		for (size_t c = 0; c < sizeof(cells) / sizeof(cells[0]); c++) {
			fputs("<td>", out);
			text(out, cells[c]);
			fputs("</td>", out);
		}
		fprintf(out, "<td class=\"state\">%s</td><td>",
			wb_state_name(r->state));
		text(out, r->product);
		fputs("</td><td>", out);
		text(out, r->version);
		if (r->has_end) {
			pol_date_format(r->end, day);
			fprintf(out, "</td><td>%s</td><td class=\"n\">%ld", day,
				r->days_left);
		} else {
			fputs("</td><td></td><td class=\"n\">", out);
		}
		fputs("</td><td>", out);
		text(out, r->summary);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
	return true;
}

bool wb_html_page(struct wb_html_rows *rows, long today, const char *title,
		  FILE *out)
{
	struct chart *products = calloc(2, sizeof(*products));
	struct chart *groups = products ? products + 1 : NULL;
	char day[POL_DATE_TEXT];
	struct wb_html_row r;
	bool ok = false;

	if (products == NULL)
		return false;
	rows->read_failed = false;
	if (rows->count > 1)
		qsort_r(rows->key, rows->count, sizeof(rows->key[0]),
			by_urgency, rows);
	if (rows->read_failed) {
		errno = EIO;
		goto free_charts;
	}
	for (size_t i = 0; i < rows->count; i++) {
		if (!rows->key[i].has_end)
			continue;
		if (!row_at(rows, rows->key[i].index, &r))
			goto free_charts;
		count(products, r.product, &r);
		count(groups, r.group[0] ? r.group : "(no group)", &r);
	}
	pol_date_format(today, day);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n<title>Windows support: ",
	      out);
	text(out, title);
	fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n", style);
	fprintf(out, "<h1>Windows support of %zu hosts</h1>\n<p>As of %s, ",
		rows->count, day);
	text(out, title);
	fputs(".</p>\n", out);
	counts(out, rows, today);
	fputs("<h2>Ends of support by product</h2>\n", out);
	chart(out, products, today, "product");
	fputs("<h2>Ends of support by group</h2>\n", out);
	chart(out, groups, today, "group");
	fputs("<h2>Hosts</h2>\n", out);
	if (!table(out, rows))
		goto free_charts;
	fputs("</body>\n</html>\n", out);
	ok = !ferror(out);
free_charts:
	free(products);
	return ok;
}
