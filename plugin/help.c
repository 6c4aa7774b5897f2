/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "help.h"

#include "config.h"

#include <stdio.h>

/* clang-format off: one literal a line, as the text prints */
static const char usage[] =
"Usage: check_winbuild -H HOST [--source snmp|rest|snmp,rest]\n"
"  [-p PORT] [-P 1|2c|3] [-C COMMUNITY]\n"
"  [-U USER -L LEVEL -a AUTH -A PASS -x PRIV -X PASS -N CONTEXT]\n"
"  [--rest-port PORT --password PASS --user USER --ca-file FILE\n"
"   --pin sha256//BASE64 --insecure --rest-api auto|v1|legacy]\n"
"  [-t SECONDS[:STATE]] [-w RANGE] [-c RANGE] [--support TIER]\n"
"  [--edition EDITION] [--min-build BUILD] [--date YYYY-MM-DD]\n"
"  [--catalog FILE] [--output-format text|json] [--extra-opts[=SECTION@FILE]]\n"
"  [--software]\n"
"  [-v]...\n"
"       check_winbuild --list-catalog [--catalog FILE]\n";

static const char options[] =
"\nSources (--source, a comma list; repeatable):\n"
"  snmp   the Windows SNMP service (or net-snmp on Windows): sysDescr.0 for\n"
"         the build, sysObjectID.0 for workstation, server or domain\n"
"         controller, sysName.0, hrSystemUptime.0. No revision, no edition.\n"
"  rest   NSClient++'s REST API (WEBServer, HTTPS): the build and revision,\n"
"         the edition from Win32_OperatingSystem's Caption, the hotfixes,\n"
"         the agent's version. Every agent generation from 0.4.\n"
"  Given both, the facts are merged, each with its source; two sources that\n"
"  disagree on the build make the check UNKNOWN, naming both.\n"
"  (nrpe and nt are not available yet.)\n"
"\nHost and SNMP:\n"
" -H, --hostname=HOST      name, IPv4, IPv6 (::1 or [::1]) or a net-snmp\n"
"                          transport: udp:HOST, udp6:[::1], tcp:HOST\n"
" -p, --port=PORT          SNMP port (default 161)\n"
" -P, --protocol=1|2c|3    SNMP version (default 2c)\n"
" -C, --community=TEXT     community (default public)\n"
"     --community-file=F   read the community from the first line of F\n"
" -U, --secname=USER       SNMPv3 user\n"
" -L, --seclevel=LEVEL     noAuthNoPriv, authNoPriv or authPriv\n"
"                          (default: from the passphrases given)\n"
" -a, --authproto=AUTH     MD5, SHA, SHA-224, SHA-256, SHA-384, SHA-512\n"
"                          (default SHA)\n"
" -A, --authpasswd=PASS    authentication passphrase (8 characters or more)\n"
"     --auth-passphrase-file=F\n"
" -x, --privproto=PRIV     DES, AES, AES-192, AES-256 (default AES)\n"
" -X, --privpasswd=PASS    privacy passphrase (8 characters or more)\n"
"     --priv-passphrase-file=F\n"
" -N, --context=NAME       SNMPv3 context\n"
"     --software           walk hrSWInstalledTable: installed programs, and on\n"
"                          XP and Server 2003 the updates (the hotfixes, by the\n"
"                          KB in their names; a name Windows cut at 64 bytes\n"
"                          is flagged, never read as a KB). In the same budget\n"
"                          as the GET: a table that does not end in time is\n"
"                          listed as far as it was read, and said so; one\n"
"                          that loops is UNKNOWN\n"
"\nNSClient++ REST:\n"
"     --rest-port=PORT     the agent's WEBServer port (default 8443)\n"
"     --password=PASS      the agent's password (the password: header)\n"
"     --password-file=F    read it from the first line of F\n"
"     --user=USER          use HTTP Basic authentication as USER instead\n"
"     --ca-file=FILE       verify the agent's certificate against FILE\n"
"     --pin=sha256//B64    accept only this public key (for self-signed\n"
"                          certificates; replaces the CA check unless\n"
"                          --ca-file is given too)\n"
"     --insecure           no certificate check at all (said in the output)\n"
"     --rest-api=API       auto (default), v1 (0.5.2 and later) or legacy\n"
"                          (/query, 0.4 and later)\n"
"\nSecrets (-C, -A, -X, --password) can come from a file (the option's -file\n"
"form) or the environment: WINBUILD_COMMUNITY, WINBUILD_AUTH_PASSPHRASE,\n"
"WINBUILD_PRIV_PASSPHRASE, WINBUILD_NSCLIENT_PASSWORD (empty counts as\n"
"unset). An option wins over its file, a file over the environment.\n"
"Secrets are never printed, and the process title hides them and their\n"
"length; a secret file every user can read is pointed out.\n"
"\nPolicy:\n"
" -w, --warning=RANGE      days of support left (default 180:)\n"
" -c, --critical=RANGE     days of support left (default 0:)\n"
"     --support=TIER       the support the host is entitled to: mainstream,\n"
"                          extended (default), esu, esu-azure. A tier the\n"
"                          product lacks falls back to the next lower one.\n"
"     --edition=EDITION    the edition, where builds are shared (ltsc,\n"
"                          enterprise, ...; see --list-catalog). Without it\n"
"                          NSClient++'s Caption tells, else the catalogue's\n"
"                          default applies and the output says so.\n"
"     --min-build=BUILD    CRITICAL below 6003, 6.0.6003 or 6.0.6003.21481;\n"
"                          a revision is compared within its build only\n"
"     --date=YYYY-MM-DD    evaluate as of that day (default today)\n"
"\nCatalogue:\n"
"     --catalog=FILE       lifecycle catalogue (default " WB_CATALOG_PATH ")\n"
"     --list-catalog       print what the catalogue knows and exit\n"
"\nOutput and run:\n"
"     --output-format=FMT  text (default) or json; errors come in it too\n"
" -t, --timeout=SECONDS[:STATE]  the whole run's limit (default 10) and the\n"
"                          state when nothing answered (default unknown)\n"
"     --extra-opts[=[SECTION][@FILE]]  options from an ini file, before the\n"
"                          command line's: [SECTION] (default check_winbuild)\n"
"                          of FILE (default: the first of MP_CONFIG_PATH's,\n"
"                          then the monitoring-plugins' standard places,\n"
"                          e.g. /etc/monitoring-plugins/monitoring-plugins.ini);\n"
"                          keys are option names: community = ...\n"
" -v, --verbose            more detail on stderr (up to -vvv)\n"
" -h, --help               this help\n"
" -V, --version            the version\n"
"\nRanges follow the monitoring-plugins guidelines: N (0..N), N: (N or more),\n"
"~:N (N or less), N:M, @N:M (alert inside). An alert is raised outside the\n"
"range: -w 180: warns when fewer than 180 days are left.\n"
"\nOutput: a summary line (WINBUILD STATE - product version: the rule that\n"
"decided), one line per rule (\\_ [STATE] support|build|edition: ...), lines\n"
"for what the host told (revision, edition, hotfixes newest first,\n"
"software, agent, notes), then perfdata: build, revision, support_days_left\n"
"(with -w/-c), uptime (s), time (s). JSON: state, exit_code, summary, advice,\n"
"support {tier, end, days_left}, host {address, name, product, version,\n"
"build, revision, product_type, edition, uptime_seconds, caption, agent,\n"
"hotfixes [{id, installed}], software [{name, installed, kb, cut}],\n"
"software_capped, software_left_out, ...}, sources (where each fact came from),\n"
"rules [{name, state, message}], perfdata; dates are YYYY-MM-DD, facts not\n"
"known are null.\n"
"\nExit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (what could not be\n"
"told: no answer, a usage error; also for -h and -V). A policy breach is\n"
"WARNING or CRITICAL; silence gets the state of -t.\n";
/* clang-format on */

void wb_help_usage(void)
{
	fputs(usage, stdout);
}

void wb_help_print(void)
{
	printf("check_winbuild %s\n", PACKAGE_VERSION);
	fputs("Tells which Windows release, build and support tier a host is "
	      "on, over SNMP\nand NSClient++, and checks it against a "
	      "lifecycle catalogue and your policy.\n\n",
	      stdout);
	fputs(usage, stdout);
	fputs(options, stdout);
	printf("\nReport bugs to <%s>.\n", PACKAGE_BUGREPORT);
}

void wb_help_version(void)
{
	printf("check_winbuild %s\n"
	       "Copyright (C) 2026 The check_winbuild authors\n"
	       "License GPLv3+: GNU GPL version 3 or later "
	       "<https://gnu.org/licenses/gpl.html>.\n"
	       "This is free software: you are free to change and "
	       "redistribute it.\n"
	       "There is NO WARRANTY, to the extent permitted by law.\n",
	       PACKAGE_VERSION);
}
