/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The check's result and its two renderings: the plugin text format (a
 * summary line, one line per rule, perfdata) and JSON.
 */
#ifndef WB_OUTPUT_H
#define WB_OUTPUT_H

#include "policy/facts.h"
#include "runtime.h"
#include "sanitize.h"

#include <stdbool.h>
#include <stddef.h>

#define WB_RULES_MAX   8
#define WB_PERF_MAX    8
#define WB_MESSAGE_MAX 384

struct wb_rule {
	const char *name;
	enum wb_state state;
	char message[WB_MESSAGE_MAX];
};

struct wb_perf {
	const char *label;
	double value;
	int decimals;
	const char *uom;
	char warn[WB_RANGE_TEXT_MAX], crit[WB_RANGE_TEXT_MAX];
	char min[16], max[16];
};

struct wb_report {
	enum wb_state state;
	char summary[WB_MESSAGE_MAX];  /* set when no rule explains the state */
	const struct pol_facts *facts; /* NULL if the host was not read */
	const char *product, *product_name, *edition_assumed;
	char version[40];
	struct wb_rule rules[WB_RULES_MAX];
	int nrules;
	struct wb_perf perf[WB_PERF_MAX];
	int nperf;
	bool tls_unverified; /* --insecure was used: say so */
};

/* Adds a rule (at most WB_RULES_MAX; more are dropped) and folds its state. */
void wb_report_rule(struct wb_report *report, const char *name,
		    enum wb_state state, const char *message);

/* Adds perfdata; warn/crit may be NULL. */
struct wb_perf *wb_report_perf(struct wb_report *report, const char *label,
			       double value, int decimals, const char *uom,
			       const struct wb_range *warn,
			       const struct wb_range *crit);

/* Sets a failure: the state and the one-line reason. */
void wb_report_fail(struct wb_report *report, enum wb_state state,
		    const char *message);

/* Writes the report to buf (buflen bytes) in the plugin text format. */
void wb_report_text(const struct wb_report *report, char *buf, size_t buflen);

/* Writes the report to buf (buflen bytes) as one JSON object. */
void wb_report_json(const struct wb_report *report, char *buf, size_t buflen);

#endif
