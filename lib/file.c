/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum wb_read wb_read_file(const char *path, size_t max, const char *what,
			  const char *max_text, char **text, size_t *len,
			  bool *others, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	enum wb_read st = WB_READ_OK;
	struct stat sb;

	*text = NULL;
	if (f == NULL) {
		snprintf(err, errlen, "cannot open the %s %s: %s", what, path,
			 strerror(errno));
		return WB_READ_IO;
	}
	if (others != NULL)
		*others = fstat(fileno(f), &sb) == 0 && (sb.st_mode & S_IROTH);
	if ((*text = malloc(max + 1)) == NULL) {
		snprintf(err, errlen, "out of memory reading the %s %s", what,
			 path);
		st = WB_READ_NOMEM;
	} else if ((*len = fread(*text, 1, max + 1, f)), ferror(f)) {
		snprintf(err, errlen, "cannot read the %s %s", what, path);
		st = WB_READ_IO;
	} else if (*len > max) {
		snprintf(err, errlen, "the %s %s is larger than %s", what, path,
			 max_text);
		st = WB_READ_TOO_LARGE;
	}
	if (st != WB_READ_OK) {
		free(*text);
		*text = NULL;
	}
	fclose(f);
	return st;
}
