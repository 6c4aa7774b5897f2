/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inside policy/ only: the catalogue parser's check of its rows. */
#ifndef POL_CATALOG_INDEX_H
#define POL_CATALOG_INDEX_H

#include "catalog.h"

#include <stddef.h>

/*
 * The first row, in file order, that breaks a rule of the rows together
 * (a (family, build) without exactly one default row, an edition or an
 * id given twice): 1 with its index in *row and the reason in what, 0
 * when there is none, -1 when out of memory. Sorts instead of comparing
 * every row with every other (a 1 MiB catalogue has some 10,000 rows).
 */
int pol_catalog_conflict(const struct pol_catalog *c, size_t *row, char *what,
			 size_t whatlen);

#endif
