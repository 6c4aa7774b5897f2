/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The command line: argv is the input split at NUL bytes. A usage error
 * and the first failure a parsed configuration can meet (no answer from
 * the host given) are rendered as the plugin renders them and checked; a
 * fleet run (--hosts) has no -H and asks SNMP v1 or v2c.
 * Arguments that name special files are skipped: the option parser
 * reads secret files, and /dev/stdin would wait for input.
 */
#include "fuzz.h"
#include "plugin/args.h"
#include "snmp/sysdescr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARGS_MAX 32

static bool names_special_file(const char *arg)
{
	return strstr(arg, "/dev/") || strstr(arg, "/proc/") ||
	       strstr(arg, "/sys/") || strstr(arg, "/run/");
}

static void check_failure(const char *message)
{
	struct pol_report report = {0};

	pol_report_fail(&report, WB_UNKNOWN, message);
	fuzz_check_report(&report);
}

int fuzz_args(const uint8_t *data, size_t size)
{
	char *copy = fuzz_string(data, size), *argv[ARGS_MAX + 2];
	char message[512], peer[300], err[256];
	struct wb_args a;
	int argc = 1;
	size_t at = 0;

	unsetenv("WINBUILD_COMMUNITY");
	unsetenv("WINBUILD_AUTH_PASSPHRASE");
	unsetenv("WINBUILD_PRIV_PASSPHRASE");
	unsetenv("WINBUILD_NSCLIENT_PASSWORD");
	argv[0] = "check_winbuild";
	while (at <= size && argc <= ARGS_MAX) {
		argv[argc] = copy + at;
		if (names_special_file(argv[argc]))
			goto done;
		at += strlen(copy + at) + 1;
		argc++;
	}
	argv[argc] = NULL;
	a = wb_args_parse(argc, argv);
	if (!a.ok) {
		if (a.error[0] == '\0')
			fuzz_fail("a usage error without a message");
		check_failure(a.error);
	} else if (a.config.action == WB_ACTION_CHECK &&
		   a.config.hosts_file != NULL) {
		/* fleet mode: an inventory, no -H, one source of SNMP (any
		 * version), REST and NRPE */
		if (a.config.host != NULL ||
		    (a.config.sources != WB_SOURCE_SNMP &&
		     a.config.sources != WB_SOURCE_REST &&
		     a.config.sources != WB_SOURCE_NRPE))
			fuzz_fail("a fleet run with -H, or not one source of "
				  "snmp, rest and nrpe");
	} else if (a.config.action == WB_ACTION_CHECK) {
		if (a.config.host == NULL || a.config.sources == 0)
			fuzz_fail("a check without a host or a source");
		if (!wbs_peer_name(a.config.host, a.config.port, peer,
				   sizeof(peer), err, sizeof(err)))
			snprintf(peer, sizeof(peer), "%s", err);
		snprintf(message, sizeof(message),
			 "no answer from %s within %ld s", peer,
			 a.config.timeout_s);
		check_failure(message);
	}
done:
	free(copy);
	return 0;
}
