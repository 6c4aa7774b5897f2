/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "edition.h"

#include <string.h>

/* "Server 2019": a server caption with a year is a long-term release */
static bool names_a_year(const char *caption)
{
	const char *p = strstr(caption, "Server");

	if (p == NULL)
		return false;
	p += strlen("Server");
	while (*p == ' ' || (unsigned char)*p >= 0x80 || *p == '?')
		p++; /* "Server(R) 2008" as cp1252, sanitised */
	if (*p == '(') {
		p += strcspn(p, ")");
		if (*p == '\0')
			return false; /* "Server(" without its ")" */
		p++;
	}
	while (*p == ' ')
		p++;
	return p[0] >= '1' && p[0] <= '2' && p[1] >= '0' && p[1] <= '9' &&
	       p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9';
}

const char *pol_edition_from_caption(const char *caption,
				     enum pol_family family)
{
	bool long_term = strstr(caption, "LTSC") || strstr(caption, "LTSB");
	bool iot = strstr(caption, "IoT") != NULL;

	/* its own lifecycle on builds it shares with Windows Server */
	if (strstr(caption, "Azure Stack HCI"))
		return "azure-local";
	if (long_term && iot)
		return "iot-ltsc";
	if (long_term)
		return "ltsc";
	if (family == POL_FAMILY_SERVER)
		return names_a_year(caption) ? "ltsc" : "sac";
	if (iot && strstr(caption, "Enterprise"))
		return "iot-enterprise";
	if (strstr(caption, "Enterprise") || strstr(caption, "Education"))
		return "enterprise";
	return "general";
}

const char *pol_edition_fallback(const char *edition)
{
	if (edition != NULL && strcmp(edition, "iot-enterprise") == 0)
		return "enterprise";
	return NULL;
}
