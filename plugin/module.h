/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Loads the NSClient++ module (nsclient.so) on demand, for --source rest
 * or nrpe: an SNMP check pays nothing for it. It loads libcurl's module
 * (nsclient-http.so) itself, for REST and --submit icinga2 only.
 */
#ifndef WB_MODULE_H
#define WB_MODULE_H

#include "nsclient/icinga.h"
#include "nsclient/nsclient.h"

#include <stddef.h>

/*
 * The module's nsc_query_host, from WINBUILD_MODULE_DIR/nsclient.so when
 * that variable is set (for tests of an uninstalled build), else from the
 * installed path. NULL with a reason in err on failure. The module stays
 * loaded until the process ends.
 */
nsc_query_fn wb_module_nsclient(char *err, size_t errlen);

/* The module's Icinga 2 API client (--submit icinga2), found the same
 * way; NULL with a reason in err. */
const struct nsc_icinga_api *wb_module_icinga(char *err, size_t errlen);

/* The same module's nsc_fleet_run, for fleet mode's REST hosts. */
nsc_fleet_fn wb_module_nsclient_fleet(char *err, size_t errlen);

#endif
