/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * --extra-opts[=[SECTION][@FILE]], the monitoring-plugins convention:
 * options read from a section of an ini file (by default [check_winbuild]
 * of the first file of the search path) and put before the command line's,
 * so that the command line wins. A key is an option's long name (or its
 * letter), its value the option's value; secrets given there follow the
 * command line's rules and never show.
 */
#ifndef WB_EXTRA_H
#define WB_EXTRA_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#define WB_EXTRA_SECTION "check_winbuild"

/* The command line with the files' options put in. */
struct wb_extra {
	int argc;
	/* argv[0], the files' options, the rest (no --extra-opts) */
	char **argv;
	bool copied;  /* argv is ours; without --extra-opts, the caller's */
	char **owned; /* the strings read from files, freed with the rest */
	int nowned;
	char advice[256]; /* a file with a secret that every user can read */
};

/*
 * Expands argv (argc entries) into *out; options is the plugin's option
 * table, which says which keys exist and which take a value. Returns
 * false with the reason in err (errlen bytes): a file that cannot be read,
 * a section it lacks, a line that is not an option. out is to be freed
 * with wb_extra_free in either case.
 */
bool wb_extra_opts(int argc, char **argv, const struct option *options,
		   struct wb_extra *out, char *err, size_t errlen);
void wb_extra_free(struct wb_extra *x);

/* The files looked for when --extra-opts names none, in order, for --help
 * and the man page: MP_CONFIG_PATH's and NAGIOS_CONFIG_PATH's directories
 * first, then these. NULL-terminated. */
extern const char *const wb_extra_default_files[];

#endif
