/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "version.h"

#include "facts.h"

#include <stdio.h>
#include <string.h>

/* 1 to max digits from *p, below end; false if none or too many. */
static bool digits(const char **p, const char *end, int max, long *out)
{
	long v = 0;
	int n = 0;

	while (*p < end && **p >= '0' && **p <= '9') {
		if (++n > max)
			return false;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	*out = v;
	return n > 0;
}

bool pol_version_parse(const char *text, size_t len, struct pol_version *v)
{
	const char *p = text, *end = text + len;
	long part[4];
	int n = 0;

	while (n < 4) {
		if (!digits(&p, end, 7, &part[n++]))
			return false;
		if (p == end)
			break;
		if (*p++ != '.' || p == end)
			return false;
	}
	if (p != end || n == 2)
		return false;
	*v = (struct pol_version){POL_ANY, POL_ANY, part[0], POL_ANY};
	if (n >= 3) {
		v->major = part[0];
		v->minor = part[1];
		v->build = part[2];
	}
	if (n == 4)
		v->revision = part[3];
	return v->build > 0;
}

bool pol_version_range_parse(const char *text, size_t len,
			     struct pol_version *from, struct pol_version *to)
{
	const char *dash = memchr(text, '-', len);

	if (dash == NULL) {
		if (!pol_version_parse(text, len, from))
			return false;
		*to = *from;
		return true;
	}
	return pol_version_parse(text, (size_t)(dash - text), from) &&
	       pol_version_parse(dash + 1, len - (size_t)(dash - text) - 1,
				 to) &&
	       from->major == to->major && from->minor == to->minor &&
	       pol_version_compare(from->build, from->revision, to) <= 0;
}

void pol_version_format(const struct pol_version *v, char *buf, size_t len)
{
	if (v->major == POL_ANY)
		snprintf(buf, len, "%ld", v->build);
	else if (v->revision == POL_ANY)
		snprintf(buf, len, "%ld.%ld.%ld", v->major, v->minor, v->build);
	else
		snprintf(buf, len, "%ld.%ld.%ld.%ld", v->major, v->minor,
			 v->build, v->revision);
}

int pol_version_compare(long build, long revision, const struct pol_version *v)
{
	if (build != v->build)
		return build < v->build ? -1 : 1;
	if (v->revision == POL_ANY)
		return 0;
	if (revision == POL_NOT_KNOWN)
		return 2;
	return revision < v->revision ? -1 : revision > v->revision;
}

bool pol_version_same_build(const struct pol_version *a,
			    const struct pol_version *b)
{
	return a->build == b->build &&
	       (a->major == POL_ANY || b->major == POL_ANY ||
		(a->major == b->major && a->minor == b->minor));
}

bool pol_version_nt_matches(const struct pol_version *v, int major, int minor)
{
	return v->major == POL_ANY || (v->major == major && v->minor == minor);
}

/*
 * These versions are enablement packages: switches over the base build's
 * system files, which the monthly updates keep serving for all of them
 * (Microsoft's KB4517245 for 1909, KB5015684 for Windows 10 22H2,
 * KB5027397 for Windows 11 23H2, KB5054156 for 25H2).
 */
long pol_revision_line(long build)
{
	static const struct {
		long from, to, base;
	} lines[] = {
		{18363, 18363, 18362}, /* Windows 10 1909 on 1903 */
		{19042, 19045, 19041}, /* Windows 10 20H2 to 22H2 on 2004 */
		{22631, 22631, 22621}, /* Windows 11 23H2 on 22H2 */
		{26200, 26200, 26100}, /* Windows 11 25H2 on 24H2 */
	};

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		if (build >= lines[i].from && build <= lines[i].to)
			return lines[i].base;
	return build;
}

bool pol_agent_version_parse(const char *text, size_t len,
			     struct pol_agent_version *v)
{
	const char *p = text, *end = text + len;
	int n = 0;

	*v = (struct pol_agent_version){{0, 0, 0, 0}};
	while (n < 4) {
		if (!digits(&p, end, 9, &v->part[n]))
			return false;
		if (++n == 4 || p == end || *p != '.')
			break;
		p++;
	}
	return n >= 2 && (p == end || *p == ' ');
}

int pol_agent_version_compare(const struct pol_agent_version *a,
			      const struct pol_agent_version *b)
{
	for (int i = 0; i < 4; i++)
		if (a->part[i] != b->part[i])
			return a->part[i] < b->part[i] ? -1 : 1;
	return 0;
}
