/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fleet mode's --submit icinga2: each host's result to Icinga 2's REST API
 * through the NSClient++ module's client (nsclient/icinga.h, loaded by
 * plugin/module.c). Results are written to an anonymous temporary file
 * (lib/spool.h) as hosts end and sent from it once all have, so that the
 * API's round trips never hold up the SNMP queries, and a result in
 * waiting costs disk, not memory: the run's memory follows --parallel,
 * not the inventory.
 */
#ifndef WB_FLEET_API_H
#define WB_FLEET_API_H

#include "args.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct wb_fleet_api;

/*
 * Loads the module and makes the client for c's --icinga-* options;
 * nothing is sent yet. NULL with a reason in err. The caller owns the
 * result (wb_fleet_api_free); c must outlive it.
 */
struct wb_fleet_api *wb_fleet_api_new(const struct wb_config *c, char *err,
				      size_t errlen);
void wb_fleet_api_free(struct wb_fleet_api *api);

/*
 * Keeps a host's result in the temporary file, made at the first: its
 * place in the inventory (any increasing number; the summary names hosts
 * in that order), its name, state and report text. A result that cannot
 * be written (no file, a full disk) is counted as not submitted, as is
 * every later one, and wb_fleet_api_stopped says why.
 */
void wb_fleet_api_add(struct wb_fleet_api *api, size_t order, const char *name,
		      int state, const char *text);

/*
 * Sends every kept result, read back one at a time in the order they
 * were kept, one after the other on one connection, each
 * within left_ms(ctx) milliseconds (below 100: the run's --deadline has
 * come, and it is not sent). A refused login, a failed connection or an
 * answer that is not Icinga's stops the sending.
 */
void wb_fleet_api_send(struct wb_fleet_api *api, long (*left_ms)(void *),
		       void *ctx);

size_t wb_fleet_api_submitted(const struct wb_fleet_api *api);

/* Why the sending stopped, or results could not be kept for it, one
 * sentence; NULL if neither happened. */
const char *wb_fleet_api_stopped(const struct wb_fleet_api *api);

/* The summary's "\_ submitted:" line: how many went, why not others. */
void wb_fleet_api_summary(const struct wb_fleet_api *api, FILE *out);

#endif
