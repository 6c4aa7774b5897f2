/* SPDX-License-Identifier: GPL-3.0-or-later */
/* For unit tests over the shipped catalogue: a cmocka group set-up that
 * loads data/windows-lifecycle.catalog (from $WB_SRCDIR), and dates. */
#ifndef WB_TEST_SHIPPED_H
#define WB_TEST_SHIPPED_H

#include "policy/catalog.h"
#include "policy/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct pol_catalog *shipped;

static int load_shipped(void **state)
{
	const char *dir = getenv("WB_SRCDIR");
	char path[4096], err[512];

	(void)state;
	snprintf(path, sizeof(path), "%s/data/windows-lifecycle.catalog",
		 dir ? dir : ".");
	if (pol_catalog_load(path, &shipped, err, sizeof(err)) != POL_OK) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int free_shipped(void **state)
{
	(void)state;
	pol_catalog_free(shipped);
	return 0;
}

/* The shipped catalogue's row id. */
static inline const struct pol_release *row(const char *id)
{
	for (size_t i = 0; i < shipped->count; i++)
		if (strcmp(shipped->rows[i].id, id) == 0)
			return &shipped->rows[i];
	fail_msg("no row %s", id);
	return NULL;
}

/* The day number of a date the test writes as YYYY-MM-DD. */
static inline long day(const char *text)
{
	long d;

	assert_true(pol_date_parse(text, strlen(text), &d));
	return d;
}

#endif
