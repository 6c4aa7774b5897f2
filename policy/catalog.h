/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Windows lifecycle catalogue: a text file of release rows (format in
 * the header of data/windows-lifecycle.catalog and in README.md), parsed
 * into memory and looked up by family, build and edition.
 */
#ifndef POL_CATALOG_H
#define POL_CATALOG_H

#include "lib/runtime.h"
#include "version.h"

#include <stdbool.h>
#include <stddef.h>

enum pol_family { POL_FAMILY_UNKNOWN, POL_FAMILY_CLIENT, POL_FAMILY_SERVER };

#define POL_ID_MAX	40
#define POL_NAME_MAX	72
#define POL_EDITION_MAX 24
#define POL_SOURCE_MAX	512
#define POL_BUILDS_MAX	4
#define POL_ESU_MAX	5
#define POL_REASON_MAX	240 /* a deny's reason, with its NUL */

struct pol_release {
	char id[POL_ID_MAX];
	char name[POL_NAME_MAX];
	enum pol_family family;
	int nt_major, nt_minor;
	long builds[POL_BUILDS_MAX];
	int nbuilds;
	char edition[POL_EDITION_MAX];
	bool edition_default; /* the row assumed when the edition is unknown */
	long released, mainstream, extended; /* day numbers or POL_NO_DATE */
	long esu[POL_ESU_MAX];		     /* ESU year ends, oldest first */
	int nesu;
	long azure; /* Azure-only extra ESU year end, or POL_NO_DATE */
	char source[POL_SOURCE_MAX];
	int line; /* where it stands in the file */
};

/*
 * A build or revision range that is not allowed by default, and why (an
 * "advisory" row): a policy's allow lifts it.
 */
struct pol_advisory {
	char id[POL_ID_MAX];
	struct pol_version from, to; /* inclusive */
	enum wb_state state;
	char reason[POL_REASON_MAX];
	char source[POL_SOURCE_MAX];
	int line;
};

struct pol_catalog {
	struct pol_release *rows;
	size_t count;
	struct pol_advisory *advisories;
	size_t nadvisories;
	long reviewed; /* the "reviewed" row's date, or POL_NO_DATE */
	char *name;    /* as given to the parser, for --explain */
};

enum pol_status { POL_OK, POL_ERR_IO, POL_ERR_SYNTAX, POL_ERR_NOMEM };

/*
 * Parses catalogue text (len bytes; need not be NUL-terminated). name is
 * used in error messages ("name:LINE: what"). On success *out is a new
 * catalogue owned by the caller (pol_catalog_free). On failure *out is
 * NULL and err says where and what.
 */
enum pol_status pol_catalog_parse(const char *text, size_t len,
				  const char *name, struct pol_catalog **out,
				  char *err, size_t errlen);

/* Reads and parses the file at path (at most 1 MiB), as pol_catalog_parse. */
enum pol_status pol_catalog_load(const char *path, struct pol_catalog **out,
				 char *err, size_t errlen);

void pol_catalog_free(struct pol_catalog *catalog);

enum pol_lookup {
	POL_FOUND,
	POL_NOT_FOUND,	/* a build between known ones */
	POL_NEWER,	/* newer than any build of that family */
	POL_NO_EDITION, /* the build is known, the edition is not */
	POL_AMBIGUOUS	/* the family is unknown and both have the build */
};

struct pol_match {
	const struct pol_release *release;
	bool edition_assumed; /* no edition given, others share the build */
	long newest_build;    /* for POL_NEWER messages */
};

/*
 * Finds the release for (family, build, edition). A NULL or empty edition
 * takes the row marked as the default. POL_FAMILY_UNKNOWN matches either
 * family when only one has the build. Fills *match for POL_FOUND (and
 * newest_build for POL_NEWER).
 */
enum pol_lookup pol_catalog_lookup(const struct pol_catalog *catalog,
				   enum pol_family family, long build,
				   const char *edition,
				   struct pol_match *match);

/*
 * Writes into buf the editions the catalogue knows for (family, build),
 * comma-separated, leaving out except (may be NULL), for messages.
 */
void pol_catalog_editions(const struct pol_catalog *catalog,
			  enum pol_family family, long build,
			  const char *except, char *buf, size_t buflen);

const char *pol_family_name(enum pol_family family);

#endif
