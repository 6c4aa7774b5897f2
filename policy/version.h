/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Versions as a policy writes them: a Windows build or revision
 * (6003, 6.0.6003, 6.0.6003.21481), ranges of them for denied builds, and
 * the NSClient++ agent's dotted version. Pure.
 */
#ifndef POL_VERSION_H
#define POL_VERSION_H

#include <stdbool.h>
#include <stddef.h>

#define POL_ANY (-1L) /* a part the text did not give */

struct pol_version {
	long major, minor; /* POL_ANY: any NT version */
	long build;
	long revision; /* POL_ANY: every revision of the build */
};

/*
 * Parses BUILD, MAJOR.MINOR.BUILD or MAJOR.MINOR.BUILD.REVISION (len
 * bytes; each part 1 to 7 digits, a build above 0). False on anything
 * else.
 */
bool pol_version_parse(const char *text, size_t len, struct pol_version *v);

/* VERSION or VERSION-VERSION (len bytes): one NT version, from at or
 * below to. */
bool pol_version_range_parse(const char *text, size_t len,
			     struct pol_version *from, struct pol_version *to);

/* Writes v as given ("6003", "6.0.6003.21481") into buf. */
void pol_version_format(const struct pol_version *v, char *buf, size_t len);

/*
 * Where the host's (build, revision) stands against v: below, at or
 * above, comparing a revision only within v's build (6003's revisions
 * restarted below 6002's). -1, 0 or 1; 0 also when v names the host's
 * build without a revision. A revision the host did not tell
 * (POL_NOT_KNOWN) that v needs gives 2.
 */
int pol_version_compare(long build, long revision, const struct pol_version *v);

/* True when a and b name the same build (of the same NT version, where
 * both name one). */
bool pol_version_same_build(const struct pol_version *a,
			    const struct pol_version *b);

/* True when v's NT version, if it names one, is major.minor. */
bool pol_version_nt_matches(const struct pol_version *v, int major, int minor);

/*
 * The build whose revisions a build shares, and whose system files it
 * runs: the base of an enablement package's line, else build itself.
 * Windows 10 1909 (18363) took its updates with 1903 (18362), 20H2 to
 * 22H2 (19042-19045) with 2004 (19041), Windows 11 23H2 (22631) with 22H2
 * (22621) and 25H2 (26200) with 24H2 (26100), each turned on by an
 * enablement package over the same revisions; the kernel's file version
 * carries the base build with the host's revision (ntoskrnl.exe
 * 10.0.19041.6456 on 10.0.19045.6456).
 */
long pol_revision_line(long build);

/* An agent version: 2 to 4 dotted numbers, missing ones count as 0. */
struct pol_agent_version {
	long part[4];
};

/* Parses "0.5.2.35" (len bytes; trailing text after a space is ignored,
 * as in "0.16.4.55 2026-11-22"). False when it is not one. */
bool pol_agent_version_parse(const char *text, size_t len,
			     struct pol_agent_version *v);

/* -1, 0, 1 as a is below, equal to or above b. */
int pol_agent_version_compare(const struct pol_agent_version *a,
			      const struct pol_agent_version *b);

#endif
