/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * An anonymous temporary file: where fleet mode keeps what it writes out
 * once every host has ended (the --submit icinga2 results, the --report
 * lines), so that its memory follows --parallel, not the inventory. The
 * file has no name: it goes when its descriptor is closed, however the
 * process ends.
 */
#ifndef WB_SPOOL_H
#define WB_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * Opens a new anonymous file for reading and writing in $TMPDIR, else
 * /tmp; the caller owns the descriptor (close(2)). -1 when it cannot be
 * made, with err saying "a temporary file in DIR: why".
 */
int wb_spool_open(char *err, size_t errlen);

/*
 * Writes len bytes of buf at offset off of spool fd, retrying short
 * writes. False with err saying "a temporary file: why" (ENOSPC for a
 * full disk).
 */
bool wb_spool_write(int fd, off_t off, const void *buf, size_t len, char *err,
		    size_t errlen);

/* Reads len bytes at offset off back; false when they are not all there. */
bool wb_spool_read(int fd, off_t off, void *buf, size_t len);

#endif
