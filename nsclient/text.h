/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reading the messages NSClient++ commands print, in the formats of every
 * agent generation. Pure functions over untrusted text.
 */
#ifndef NSC_TEXT_H
#define NSC_TEXT_H

#include "answer.h"
#include "nsclient.h"

#include <stdbool.h>
#include <stddef.h>

/* Up to four dotted numbers; missing parts are -1. */
struct nsc_dotted {
	long part[4];
	int count;
};

/* Parses "6.0.6003" or "0.16.4.55" (2 to 4 parts) at the start of text. */
bool nsc_parse_dotted(const char *text, struct nsc_dotted *out);

struct nsc_os_version {
	char name[NSC_TEXT_MAX]; /* "Windows 2008", "Windows 11 24H2" */
	struct nsc_dotted version;
	char arch[32]; /* "x64" from 0.15.0 on, else empty */
};

/*
 * check_os_version's message: "[STATUS: ]NAME (M.m.B[.UBR])[ ARCH]", as
 * 0.4.2 to 0.16 print it. False when no version is in it.
 */
bool nsc_parse_os_version(const char *message, struct nsc_os_version *out);

struct nsc_wmi_os {
	char caption[NSC_TEXT_MAX];
	struct nsc_dotted version;
	long build;
	int product_type;
	char service_pack[64];
	char arch[32];
};

/*
 * check_wmi's row for "SELECT Caption, Version, BuildNumber, ProductType,
 * CSDVersion, OSArchitecture FROM Win32_OperatingSystem": the values
 * joined by ", ". The Caption may itself hold ", ", so the row is read
 * from the right.
 */
bool nsc_parse_wmi_os(const char *message, struct nsc_wmi_os *out);

/*
 * check_wmi's rows of "HotFixID InstalledOn" joined by ", ", InstalledOn
 * as WMI gives it (M/D/YYYY; anything else counts as not told). Returns
 * the number kept (at most max, the first ones the agent listed), newest
 * first and the undated last; *capped when there were more.
 */
int nsc_parse_hotfixes(const char *message, struct pol_hotfix *out, int max,
		       bool *capped);

/*
 * A command's plugin output as NRPE carries it ("TEXT|PERF", more lines
 * of text, perfdata after a '|' on any line) into out: the text lines
 * without their perfdata, "\n"-joined, and result. Any bytes; capped
 * says the transport already cut the output.
 */
void nsc_plugin_output(const char *text, size_t len, int result, bool capped,
		       struct nsc_answer *out);

/*
 * The agent version in NSClient++'s answer to _NRPE_CHECK, "I (0.9.15
 * 2025-08-16) seem to be doing fine...", into buf. False for any other
 * answer (nrpe's own says "NRPE v4.1.0").
 */
bool nsc_nrpe_check_version(const char *text, char *buf, size_t buflen);

/* The NSClient++ module that provides a command, for messages. */
const char *nsc_command_module(const char *command);

#endif
