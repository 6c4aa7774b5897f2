/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The update history: every cumulative update of every build with the
 * revision it brings, its KB, its release day and its kind (format in the
 * header of data/windows-updates.data and in README.md), and where a host
 * stands on it: the update it runs, how old that is, how many monthly
 * releases it is behind, and the release of a baseline month.
 */
#ifndef POL_UPDATES_H
#define POL_UPDATES_H

#include "catalog.h"

#include <stdbool.h>
#include <stddef.h>

enum pol_update_kind {
	POL_UPDATE_SECURITY, /* the monthly security release */
	POL_UPDATE_PREVIEW,  /* an optional non-security preview */
	POL_UPDATE_OOB,	     /* out of band */
	POL_UPDATE_HOTPATCH, /* the month's release as a hotpatch */
	POL_UPDATE_HOTPATCH_OOB,
	POL_UPDATE_BASELINE /* the month's release, a hotpatch baseline */
};

const char *pol_update_kind_name(enum pol_update_kind kind);

/* A month's own release: security, hotpatch or baseline. */
bool pol_update_monthly(enum pol_update_kind kind);

#define POL_KB_TEXT 16

struct pol_update {
	long build;		/* the base build of its revision line */
	enum pol_family family; /* UNKNOWN: both */
	long revision;		/* the UBR it brings */
	char kb[POL_KB_TEXT];
	long released; /* a day number */
	enum pol_update_kind kind;
	char source[32];
	int line;
};

/* A build whose updates are listed only through a day. */
struct pol_partial {
	long build;
	long through;
};

struct pol_updates {
	char *name;
	long complete;		 /* every update through this day is listed */
	struct pol_update *rows; /* by build, then revision, then date */
	size_t count;
	struct pol_partial *partial;
	size_t npartial;
};

/*
 * Parses update history text (len bytes) named name. On success *out is
 * the caller's (pol_updates_free); on failure *out is NULL and err says
 * "name:LINE: what".
 */
enum pol_status pol_updates_parse(const char *text, size_t len,
				  const char *name, struct pol_updates **out,
				  char *err, size_t errlen);

/* Reads and parses the file at path (at most 4 MiB). */
enum pol_status pol_updates_load(const char *path, struct pol_updates **out,
				 char *err, size_t errlen);

void pol_updates_free(struct pol_updates *updates);

/* The updates of build's revision line: *n rows from the result, of
 * every family; NULL and 0 when the data has none. */
const struct pol_update *pol_updates_of(const struct pol_updates *u, long build,
					size_t *n);

/* Does the row serve a host of family (UNKNOWN: any)? */
bool pol_update_serves(const struct pol_update *row, enum pol_family family);

/* The day through which the updates of build's line are all listed. */
long pol_updates_through(const struct pol_updates *u, long build);

/* A row of KB kb ("KB5053596", any case) on build's line for family, or
 * else on any line (*other true then); NULL when the data does not know
 * it. */
const struct pol_update *pol_updates_kb(const struct pol_updates *u, long build,
					enum pol_family family, const char *kb,
					bool *other);

/* Where a host on (build, revision) stands on its build's line on day
 * today. */
struct pol_patch {
	const struct pol_update *installed; /* the newest at or below the
					       revision; NULL: below all */
	const struct pol_update *level;	    /* the newest monthly release at
					       or below it; NULL: none */
	const struct pol_update *newest;    /* the line's newest released
					       by today */
	const struct pol_update *skipped;   /* on a hotpatch: a baseline
					       released since, not taken */
	enum pol_family family;		    /* the host's, as located */
	bool known; /* the data has updates for the build */
	bool newer; /* the revision is above every update known */
	long age;   /* days since installed's release; -1: not known */
	int behind; /* months with a monthly release after level's */
};

void pol_patch_locate(const struct pol_updates *u, long build,
		      enum pol_family family, long revision, long today,
		      struct pol_patch *out);

/*
 * The monthly release that a baseline of month requires on build's line
 * for family: the newest month's at or before it, its lowest revision (a
 * hotpatch counts). NULL when the line has none in or after that month:
 * it gets no updates then.
 */
const struct pol_update *pol_updates_baseline(const struct pol_updates *u,
					      long build,
					      enum pol_family family,
					      long month);

#endif
