/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The catalogue edition a Windows Caption (Win32_OperatingSystem) names:
 * what tells Windows 10 1809 from Enterprise LTSC 2019 on build 17763.
 */
#ifndef POL_EDITION_H
#define POL_EDITION_H

#include "catalog.h"

/*
 * "iot-ltsc", "ltsc", "enterprise", "sac" or "general" for a caption of
 * the family; the catalogue decides whether the build has that edition.
 */
const char *pol_edition_from_caption(const char *caption,
				     enum pol_family family);

#endif
