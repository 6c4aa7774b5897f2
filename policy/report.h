/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The result of one check: the overall state, the rule verdicts in the
 * order they were made, the perfdata, and the facts they rest on. Filled
 * by the evaluation (or by a failure before it), rendered by plugin/.
 */
#ifndef POL_REPORT_H
#define POL_REPORT_H

#include "catalog.h"
#include "facts.h"
#include "policy.h"
#include "rules.h"
#include "updates.h"
#include "lib/runtime.h"

#include <stdbool.h>
#include <stddef.h>

#define POL_RULES_MAX	12
#define POL_PERF_MAX	8
#define POL_LINE_MAX	384
#define POL_EXPLAIN_MAX 640

struct pol_rule {
	const char *name;
	enum wb_state state;
	char message[POL_LINE_MAX];
	char explain[POL_EXPLAIN_MAX]; /* the policy and catalogue lines
					  behind it, for --explain */
};

struct pol_perf {
	const char *label;
	double value;
	int decimals;
	const char *uom;
	char warn[WB_RANGE_TEXT_MAX], crit[WB_RANGE_TEXT_MAX];
	char min[16], max[16];
};

struct pol_report {
	enum wb_state state;
	char summary[POL_LINE_MAX];    /* set when no rule explains the state */
	const struct pol_facts *facts; /* NULL if the host was not read */
	const char *product, *product_name, *edition_assumed;
	char version[40];
	/* the edition the verdict used, and who said so (NULL: nobody) */
	char edition[POL_EDITION_MAX];
	const char *src_edition;
	const char *catalog_name;   /* the catalogue's file */
	const char *catalog_source; /* the matched row's citation */
	struct {
		bool set;
		enum pol_tier
			tier; /* the tier the end is of (after fallback) */
		long end;     /* a day number */
		long days_left;
	} support;
	int catalog_line;
	struct pol_rule rules[POL_RULES_MAX];
	int nrules;
	struct pol_perf perf[POL_PERF_MAX];
	int nperf;
	const char *advice;	  /* about the check's own set-up; NULL: none */
	struct pol_policy policy; /* the rules as resolved for the host */
	const char *policy_name;  /* the policy file, or NULL */
	char sections[POL_LINE_MAX];	 /* its sections that apply, "[default]
					    (line 1), ..." */
	char catalog_note[POL_LINE_MAX]; /* the catalogue may be stale */
	/* where the host stands in the update history (updates_name set) */
	const char *updates_name;
	struct pol_patch patch;
	const struct pol_update *baseline; /* the release a baseline needs */
	long baseline_month;		   /* -1: no baseline rule */
	char updates_note[POL_LINE_MAX];   /* patch figures may be low */
	bool explain; /* --explain: the text shows what decided each rule */
};

/* Adds a rule (at most POL_RULES_MAX; more are dropped); folds its state.
 * Returns it, for its explanation, or NULL when the list is full. */
struct pol_rule *pol_report_rule(struct pol_report *report, const char *name,
				 enum wb_state state, const char *message);

/* Adds perfdata; warn/crit may be NULL. NULL when the list is full. */
struct pol_perf *pol_report_perf(struct pol_report *report, const char *label,
				 double value, int decimals, const char *uom,
				 const struct wb_range *warn,
				 const struct wb_range *crit);

/* Sets a failure: the state and the one-line reason. */
void pol_report_fail(struct pol_report *report, enum wb_state state,
		     const char *message);

#endif
