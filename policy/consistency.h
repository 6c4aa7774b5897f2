/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Facts that cannot be true together: a reported NT version the build
 * does not belong to, a server or domain controller type on a client-only
 * build (or a workstation on a server-only one), a Caption that names
 * another product than the build is. (Two sources that disagree are
 * found where their facts merge: pol_facts_merge.) Pure.
 */
#ifndef POL_CONSISTENCY_H
#define POL_CONSISTENCY_H

#include "catalog.h"
#include "facts.h"

#include <stdbool.h>
#include <stddef.h>

/* False, naming the contradiction and its sources in why, when the
 * version facts contradict each other or the product type. */
bool pol_facts_consistent(const struct pol_catalog *catalog,
			  const struct pol_facts *facts, char *why,
			  size_t whylen);

/* False when the Caption names another product than rel, the release
 * the build was found to be. */
bool pol_release_consistent(const struct pol_release *rel,
			    const struct pol_facts *facts, char *why,
			    size_t whylen);

#endif
