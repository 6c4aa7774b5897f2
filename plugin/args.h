/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Command-line parsing into one configuration struct. Secrets given on the
 * command line are wiped (with NUL bytes) from the argv parsed once copied;
 * plugin/proctitle.h hides them from process listings.
 */
#ifndef WB_ARGS_H
#define WB_ARGS_H

#include "nsclient/nsclient.h"
#include "policy/evaluate.h"
#include "extra.h"
#include "lib/runtime.h"
#include "snmp/client.h"

#include <stdbool.h>

#define WB_SECRET_MAX 256
#define WB_ERROR_MAX  512

enum wb_format { WB_FORMAT_TEXT, WB_FORMAT_JSON };
enum wb_source {
	WB_SOURCE_SNMP = 1,
	WB_SOURCE_REST = 2,
	WB_SOURCE_NRPE = 4,
	WB_SOURCE_NT = 8,
};
enum wb_action {
	WB_ACTION_CHECK,
	WB_ACTION_HELP,
	WB_ACTION_VERSION,
	WB_ACTION_LIST_CATALOG
};

struct wb_config {
	enum wb_action action;
	const char *host;
	long port; /* 0: not given */
	enum wbs_version version;
	char community[WB_SECRET_MAX];
	const char *user, *context;
	bool level_set;
	enum wbs_level level;
	enum wbs_auth auth;
	enum wbs_priv priv;
	char auth_pass[WB_SECRET_MAX], priv_pass[WB_SECRET_MAX];
	unsigned sources; /* enum wb_source bits */
	long rest_port;
	long nt_port; /* the check_nt (NSClient) server's */
	const char *rest_user, *ca_file, *pin;
	char rest_pass[WB_SECRET_MAX];
	bool insecure;
	enum nsc_api rest_api;
	long nrpe_port, nrpe_payload;
	int nrpe_version; /* 0: auto */
	enum nsc_nrpe_tls nrpe_tls;
	const char *nrpe_cert, *nrpe_key;
	long timeout_s;
	enum wb_state timeout_state;
	struct pol_policy policy; /* the command line's rules */
	const char *policy_file;  /* --policy, or NULL */
	bool explain;
	bool date_set;
	long date; /* day number, when date_set */
	const char *catalog;
	const char *updates; /* the update history */
	enum wb_format format;
	bool software; /* walk hrSWInstalledTable */
	int verbose;
	/* fleet mode (--hosts) */
	const char *hosts_file; /* the inventory, "-": standard input */
	long parallel;
	long deadline_s; /* the whole run's, 0: none */
	const char *records; /* a record per host to this file, "-": stdout */
	bool records_csv, records_format_set; /* else JSON lines */
	const char *report; /* the HTML report's file, or NULL */
	bool submit;	    /* passive results: to command_file, or */
	bool submit_icinga; /* to Icinga 2's API (--submit icinga2) */
	const char *command_file, *submit_service;
	const char *icinga_url; /* as given, for messages */
	char icinga_host[256];	/* from icinga_url: bracketed if IPv6 */
	long icinga_port;
	char icinga_prefix[256]; /* its path, without a trailing '/', or "" */
	const char *icinga_user, *icinga_ca;
	char icinga_pass[WB_SECRET_MAX];
	struct wb_range fleet_warn, fleet_crit; /* -w, -c: % out of support */
	const char *warn_arg, *crit_arg;	/* -w, -c as given */
	/* about the check's own set-up, e.g. a secret file others can read */
	char advice[WB_ERROR_MAX];
};

struct wb_args {
	bool ok;
	char error[WB_ERROR_MAX]; /* when !ok: what is wrong, what is right */
	struct wb_config config;
	struct wb_extra extra; /* --extra-opts: config points into it */
};

/*
 * Parses argv (and, for secrets, the WINBUILD_* environment variables and
 * files named on the command line). Never prints or exits.
 */
struct wb_args wb_args_parse(int argc, char **argv);

/*
 * The value of a -L, -a or -x name as those options take it, in any case
 * (opt: 'L', 'a' or 'x'): an enum wbs_level, wbs_auth or wbs_priv in *out.
 * False when text is none of wb_snmp_choices(opt), the names for messages.
 */
bool wb_snmp_name(int opt, const char *text, int *out);
const char *wb_snmp_choices(int opt);

/* Frees what the parse read from --extra-opts files (config points there). */
void wb_args_free(struct wb_args *args);

#endif
