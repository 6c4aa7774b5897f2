/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* O_TMPFILE */
#include "spool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int wb_spool_open(char *err, size_t errlen)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, S_IRUSR | S_IWUSR);
	if (fd >= 0)
		return fd;
	/* a file system without O_TMPFILE: a name, at once forgotten */
	if (errno == EOPNOTSUPP || errno == EISDIR) {
		if ((size_t)snprintf(path, sizeof(path), "%s/winbuild.XXXXXX",
				     dir) >= sizeof(path)) {
			errno = ENAMETOOLONG;
		} else if ((fd = mkostemp(path, O_CLOEXEC)) >= 0) {
			unlink(path);
			return fd;
		}
	}
	snprintf(err, errlen, "a temporary file in %.200s: %s", dir,
		 strerror(errno));
	return -1;
}

bool wb_spool_write(int fd, off_t off, const void *buf, size_t len, char *err,
		    size_t errlen)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = pwrite(fd, p, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(err, errlen, "a temporary file: %s",
				 n < 0 ? strerror(errno) : "nothing written");
			return false;
		}
		p += n;
		off += n;
		len -= (size_t)n;
	}
	return true;
}

bool wb_spool_read(int fd, off_t off, void *buf, size_t len)
{
	char *p = buf;

	while (len > 0) {
		ssize_t n = pread(fd, p, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		off += n;
		len -= (size_t)n;
	}
	return true;
}
