/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The identity GET of many hosts at once: net-snmp's asynchronous
 * sessions, each with its own deadline, in one select() loop, no thread
 * or process per host. Memory is the slots', whatever the number of hosts:
 * hosts come from the caller's next() as slots free up and go back through
 * its done() as they end. SNMP v1, v2c and v3 (the engine ID discovery a
 * step of the loop, not net-snmp's blocking probe).
 */
#ifndef WBS_FLEET_H
#define WBS_FLEET_H

#include "client.h"

#include <stdbool.h>
#include <stddef.h>

/* The most queries in flight: their sockets stay below select()'s limit. */
#define WBS_FLEET_PARALLEL_MAX 900

/* One host's query: the caller fills target and ctx, the run the rest. */
struct wbs_fleet_query {
	struct wbs_target target; /* timeout_ms: this host's budget */
	void *ctx;		  /* the caller's, untouched */
	struct wbs_sysinfo info;
	enum wbs_status status;
	char err[256];
};

/*
 * Fills q->target and q->ctx for the next host (q is zeroed first); false
 * when there is none left. The target's texts must live until done().
 */
typedef bool (*wbs_fleet_next_fn)(void *ctx, struct wbs_fleet_query *q);

/*
 * One host's end: q->status WBS_OK with q->info, or the failure and its
 * reason in q->err, as wbs_query_sysinfo would give (a timeout is
 * WBS_ERR_TIMEOUT). q is the run's again once this returns.
 */
typedef void (*wbs_fleet_done_fn)(void *ctx, struct wbs_fleet_query *q);

/*
 * Asks every host next() gives, at most parallel (1 to
 * WBS_FLEET_PARALLEL_MAX) at a time, each within its target's budget, and
 * calls done() once for each. Returns false, with err set, only when the
 * run itself cannot go on (no memory for the slots, select() failing); the
 * hosts started by then have had their done().
 */
bool wbs_fleet_run(size_t parallel, wbs_fleet_next_fn next,
		   wbs_fleet_done_fn done, void *ctx, char *err, size_t errlen);

#endif
