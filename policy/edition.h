/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The catalogue edition a Windows Caption (Win32_OperatingSystem) names:
 * what tells Windows 10 1809 from Enterprise LTSC 2019 on build 17763.
 */
#ifndef POL_EDITION_H
#define POL_EDITION_H

#include "catalog.h"

/*
 * "azure-local", "iot-ltsc", "ltsc", "iot-enterprise", "enterprise", "sac"
 * or "general" for a caption of the family; the catalogue decides whether
 * the build has that edition.
 */
const char *pol_edition_from_caption(const char *caption,
				     enum pol_family family);

/*
 * The edition whose row stands in when a build has none for a caption's
 * edition ("enterprise" for "iot-enterprise": IoT Enterprise GA releases
 * have the Enterprise dates unless the catalogue gives them a row), or
 * NULL: then the build's default row does.
 */
const char *pol_edition_fallback(const char *edition);

#endif
