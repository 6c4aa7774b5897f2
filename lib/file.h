/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A whole text file read with a bound: the catalogue, a policy file, an
 * --extra-opts file.
 */
#ifndef WB_FILE_H
#define WB_FILE_H

#include <stdbool.h>
#include <stddef.h>

enum wb_read { WB_READ_OK, WB_READ_IO, WB_READ_TOO_LARGE, WB_READ_NOMEM };

/*
 * Reads the file at path, at most max bytes, into *text (the caller frees
 * it) of *len bytes; *others (may be NULL) tells that every user may read
 * it. On failure *text is NULL and err says "cannot open the WHAT PATH:
 * why", "the WHAT PATH is larger than max_text" and so on.
 */
enum wb_read wb_read_file(const char *path, size_t max, const char *what,
			  const char *max_text, char **text, size_t *len,
			  bool *others, char *err, size_t errlen);

#endif
