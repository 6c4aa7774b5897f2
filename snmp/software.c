/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The walk of hrSWInstalledTable's name and date columns: see software.h.
 * Both columns go in one request, so that a row's name and date come
 * together and the walk takes half the round trips of two walks.
 */
#include "software.h"
#include "wait.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum { NAME, DATE, NCOLUMNS };

/* hrSWInstalledName and hrSWInstalledDate (HOST-RESOURCES-MIB) */
static const oid column_oid[NCOLUMNS][11] = {
	{1, 3, 6, 1, 2, 1, 25, 6, 3, 1, 2},
	{1, 3, 6, 1, 2, 1, 25, 6, 3, 1, 5},
};
#define COLUMN_LEN 11

/*
 * Rows asked per column and request: 25 names of up to 64 bytes and their
 * dates make answers of about 4 KB, well within any agent's message size.
 */
#define BULK_ROWS 25

struct column {
	oid at[MAX_OID_LEN]; /* the last OID read: the next request's */
	size_t len;
	bool done;
};

struct walk {
	void *handle;
	const struct wbs_target *t;
	const struct timespec *deadline;
	struct timespec start;
	struct wbs_software *sw;
	struct column col[NCOLUMNS];
	int bulk; /* max-repetitions; halved when the agent says tooBig */
	bool full;
};

static long ms_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - start->tv_sec) * 1000L +
	       (now.tv_nsec - start->tv_nsec) / 1000000L;
}

/* Dotted decimal, cut short (with "...") when it does not fit. */
static void oid_text(const oid *name, size_t len, char *buf, size_t buflen)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < len; i++) {
		int n = snprintf(buf + used, buflen - used, "%s%lu",
				 i ? "." : "", (unsigned long)name[i]);
		if (n < 0 || (size_t)n >= buflen - used) {
			snprintf(buf + (buflen > 4 ? buflen - 4 : 0),
				 buflen > 4 ? 4 : buflen, "...");
			return;
		}
		used += (size_t)n;
	}
}

/* Why the list cannot be trusted; a peer's text may be cut short. */
__attribute__((format(printf, 2, 3))) static void problem(struct walk *w,
							  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->sw->problem, sizeof(w->sw->problem), fmt, ap);
	va_end(ap);
}

/* The table did not end in time or rows: what was read stays. */
static void stop_capped(struct walk *w, const char *why)
{
	long ms = ms_since(&w->start);

	w->sw->capped = true;
	snprintf(w->sw->note, sizeof(w->sw->note),
		 "walked %d rows in %ld.%ld s, the table did not end%s",
		 w->sw->nrows, ms / 1000, ms % 1000 / 100, why);
}

/* The columns still walked, in request order; returns how many. */
static int active(const struct walk *w, int which[NCOLUMNS])
{
	int n = 0;

	for (int c = 0; c < NCOLUMNS; c++)
		if (!w->col[c].done)
			which[n++] = c;
	return n;
}

static netsnmp_pdu *request(const struct walk *w, long version)
{
	netsnmp_pdu *pdu =
		snmp_pdu_create(version == SNMP_VERSION_1 ? SNMP_MSG_GETNEXT
							  : SNMP_MSG_GETBULK);

	if (pdu == NULL)
		return NULL;
	if (version != SNMP_VERSION_1) {
		pdu->non_repeaters = 0;
		pdu->max_repetitions = w->bulk;
	}
	for (int c = 0; c < NCOLUMNS; c++)
		if (!w->col[c].done)
			snmp_add_null_var(pdu, w->col[c].at, w->col[c].len);
	return pdu;
}

/*
 * One value of column c. False when the walk must stop: the table loops,
 * or no more rows can be kept.
 */
static bool take(struct walk *w, int c, const netsnmp_variable_list *v)
{
	struct column *col = &w->col[c];
	char at[128];
	bool kept = true;

	if (v->type == SNMP_ENDOFMIBVIEW || v->type == SNMP_NOSUCHOBJECT ||
	    v->type == SNMP_NOSUCHINSTANCE ||
	    netsnmp_oid_is_subtree(column_oid[c], COLUMN_LEN, v->name,
				   v->name_length) != 0) {
		col->done = true;
		return true;
	}
	/* an agent that does not move on would be walked for ever */
	if (snmp_oid_compare(v->name, v->name_length, col->at, col->len) <= 0) {
		oid_text(v->name, v->name_length, at, sizeof(at));
		problem(w,
			"the agent's hrSWInstalledTable loops at OID %s "
			"(after %d rows): the list is incomplete",
			at, w->sw->nrows);
		return false;
	}
	memcpy(col->at, v->name, v->name_length * sizeof(oid));
	col->len = v->name_length;
	/* a row is one index; anything else is no row of this table */
	if (v->name_length != COLUMN_LEN + 1 || v->type != ASN_OCTET_STR)
		return true;
	if (c == NAME)
		kept = wbs_software_add_name(w->sw, col->at[COLUMN_LEN],
					     (const char *)v->val.string,
					     v->val_len);
	else
		kept = wbs_software_add_date(w->sw, col->at[COLUMN_LEN],
					     v->val.string, v->val_len);
	if (!kept)
		w->full = true;
	return kept;
}

/* Reads one answer; false when the walk must stop. */
static bool read_answer(struct walk *w, const netsnmp_pdu *resp)
{
	int which[NCOLUMNS], n = active(w, which), i = 0;

	for (const netsnmp_variable_list *v = resp->variables; v != NULL;
	     v = v->next_variable, i++) {
		/* GETBULK repeats the columns in request order */
		int c = which[i % n];
		if (!w->col[c].done && !take(w, c, v))
			return false;
	}
	return i > 0;
}

/*
 * An error status: tooBig asks again for fewer rows, SNMPv1's noSuchName
 * ends the column it names; false for any other.
 */
static bool answer_error(struct walk *w, const netsnmp_pdu *resp)
{
	int which[NCOLUMNS], n = active(w, which);

	if (resp->errstat == SNMP_ERR_TOOBIG && w->bulk > 1) {
		w->bulk /= 2;
		return true;
	}
	if (resp->errstat == SNMP_ERR_NOSUCHNAME && resp->errindex >= 1 &&
	    resp->errindex <= n) {
		w->col[which[resp->errindex - 1]].done = true;
		return true;
	}
	problem(w,
		"%s answered the walk of hrSWInstalledTable with error %s "
		"after %d rows: the list is incomplete",
		w->t->peer, snmp_errstring((int)resp->errstat), w->sw->nrows);
	return false;
}

/* One request and its answer; false when the walk ends. */
static bool step(struct walk *w, long version)
{
	struct wbs_wait *wait = snmp_sess_session(w->handle)->myvoid;
	netsnmp_pdu *pdu = request(w, version), *resp;
	char err[256];
	bool go_on;

	if (pdu == NULL) {
		stop_capped(w, " (out of memory)");
		return false;
	}
	/* no time left: a request sent now could not be waited for */
	if (wbs_us_left(w->deadline) <= 0) {
		snmp_free_pdu(pdu);
		stop_capped(w, " within -t");
		return false;
	}
	w->sw->requests++;
	wbs_ask(w->handle, pdu, wait, w->deadline);
	if (wait->status != STAT_SUCCESS) {
		/*
		 * Time ran out after the table had answered: what was read
		 * stays. A late duplicate of an earlier answer (a resend under
		 * load) may have come meanwhile; it is not the agent's fault.
		 */
		if ((wait->status == STAT_TIMEOUT && w->sw->requests > 1) ||
		    wbs_no_answer(wait, w->t, version, err, sizeof(err)) ==
			    WBS_ERR_TIMEOUT)
			stop_capped(w, " within -t");
		else
			problem(w,
				"the walk of hrSWInstalledTable stopped "
				"after %d rows: %s",
				w->sw->nrows, err);
		return false;
	}
	resp = wait->response;
	wait->response = NULL;
	if (resp->errstat != SNMP_ERR_NOERROR)
		go_on = answer_error(w, resp);
	else if (!(go_on = read_answer(w, resp)) && !w->full &&
		 w->sw->problem[0] == '\0')
		problem(w,
			"%s answered the walk of hrSWInstalledTable without "
			"values after %d rows: the list is incomplete",
			w->t->peer, w->sw->nrows);
	snmp_free_pdu(resp);
	if (w->full && (w->sw->nrows >= WBS_SW_ROWS_MAX ||
			w->sw->ndates >= WBS_SW_ROWS_MAX)) {
		snprintf(err, sizeof(err), " (%d rows are the most read)",
			 WBS_SW_ROWS_MAX);
		stop_capped(w, err);
	} else if (w->full) {
		stop_capped(w, " (out of memory)");
	}
	return go_on;
}

enum wbs_status wbs_walk_software(void *handle, const struct wbs_target *t,
				  const struct timespec *deadline,
				  struct wbs_software *sw)
{
	long version = snmp_sess_session(handle)->version;
	struct walk w = {.handle = handle,
			 .t = t,
			 .deadline = deadline,
			 .sw = sw,
			 .bulk = BULK_ROWS};
	int which[NCOLUMNS];

	clock_gettime(CLOCK_MONOTONIC, &w.start);
	for (int c = 0; c < NCOLUMNS; c++) {
		memcpy(w.col[c].at, column_oid[c], sizeof(column_oid[c]));
		w.col[c].len = COLUMN_LEN;
	}
	while (active(&w, which) > 0 && step(&w, version))
		;
	sw->ms = ms_since(&w.start);
	/* a table that loops or broke off did not end either */
	sw->capped |= sw->problem[0] != '\0';
	wbs_software_finish(sw);
	if (sw->problem[0] != '\0')
		return WBS_ERR_ANSWER;
	return sw->capped ? WBS_ERR_TIMEOUT : WBS_OK;
}
