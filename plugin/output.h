/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The two renderings of a check's report (policy/report.h): the plugin
 * text format (a summary line, one line per rule, perfdata) and JSON.
 */
#ifndef WB_OUTPUT_H
#define WB_OUTPUT_H

#include "policy/report.h"
#include "lib/runtime.h"
#include "lib/sanitize.h"
#include "snmp/client.h"

#include <stdbool.h>
#include <stddef.h>

/* Longest line a caller builds for a report: see POL_LINE_MAX. */
#define WB_MESSAGE_MAX POL_LINE_MAX

/* Writes the report to buf (buflen bytes) in the plugin text format. */
void wb_report_text(const struct pol_report *report, char *buf, size_t buflen);

/* Writes the report to buf (buflen bytes) as one JSON object. */
void wb_report_json(const struct pol_report *report, char *buf, size_t buflen);

/*
 * What an SNMP agent's silence may mean, by version and (v3) security
 * level: the end of the single check's and the fleet's "no answer" lines.
 */
const char *wb_snmp_silence(enum wbs_version version, enum wbs_level level);

#endif
