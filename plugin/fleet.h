/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fleet mode (--hosts FILE): every host of an inventory asked at once
 * (snmp/fleet.h), each evaluated as a single check would be, a record per
 * host (--records) and a summary of the estate as the plugin's answer,
 * its state from --fleet-warning and --fleet-critical on the share of
 * hosts out of support.
 */
#ifndef WB_FLEET_H
#define WB_FLEET_H

#include "args.h"
#include "policy/catalog.h"
#include "policy/policy.h"

/*
 * Runs the fleet c describes with the loaded catalogue and policy file
 * (may be NULL), writes the records and the summary, and returns the exit
 * state. Every failure is an answer on stdout too.
 */
enum wb_state wb_fleet(const struct wb_config *c,
		       const struct pol_catalog *catalog,
		       const struct pol_file *policy, long today);

#endif
