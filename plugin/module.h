/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Loads the NSClient++ REST module (nsclient.so) on demand: libcurl and
 * its libraries cost more at start-up than a whole SNMP check, so only
 * checks that use --source rest pay for them.
 */
#ifndef WB_MODULE_H
#define WB_MODULE_H

#include "nsclient/nsclient.h"

#include <stddef.h>

/*
 * The module's nsc_query_host, from WINBUILD_MODULE_DIR/nsclient.so when
 * that variable is set (for tests of an uninstalled build), else from the
 * installed path. NULL with a reason in err on failure. The module stays
 * loaded until the process ends.
 */
nsc_query_fn wb_module_nsclient(char *err, size_t errlen);

#endif
