/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * HOST-RESOURCES-MIB's hrSWInstalledTable: the programs installed, and on
 * Windows XP and Server 2003 the updates (each one an Uninstall key). The
 * walk of its name and date columns (snmp/software.c, inside the SNMP
 * session of client.c) and the list it fills (snmp/swlist.c, pure), which
 * becomes the software and hotfix facts. No library types here.
 */
#ifndef WBS_SOFTWARE_H
#define WBS_SOFTWARE_H

#include "client.h"
#include "policy/facts.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Rows read at most: a table this long is not one a check can use. */
#define WBS_SW_ROWS_MAX 20000
/* Hotfixes kept, the newest: as many as NSClient++'s list keeps. */
#define WBS_SW_HOTFIX_MAX 1000

struct wbs_sw_date {
	unsigned long index;
	long day;
};

struct wbs_software {
	/* the rows, in index order, names sanitised; rows[i] is index[i] */
	struct pol_software *rows;
	unsigned long *index;
	int nrows, room;
	struct wbs_sw_date *dates; /* hrSWInstalledDate, joined by finish */
	int ndates, date_room;
	/* after wbs_software_finish: the updates the names tell */
	struct pol_hotfix *hotfixes; /* newest first, one per KB */
	int nhotfixes;
	bool hotfixes_capped;
	int with_kb; /* rows naming a KB */
	int cut;     /* rows that fill 64 bytes with no whole KB */
	/* how the walk went */
	bool capped;	   /* the table did not end: rows or time ran out */
	char problem[256]; /* the list cannot be trusted: "" when it can */
	char note[160];	   /* why the list is incomplete; "" when it is not */
	int requests;
	long ms; /* the walk's time */
};

/* An empty list (nothing allocated yet). */
void wbs_software_init(struct wbs_software *sw);

/*
 * Adds a row's hrSWInstalledName: len raw bytes, any encoding. Rows come
 * in increasing index order; one that does not is dropped. False when no
 * more can be kept: WBS_SW_ROWS_MAX reached, or memory ran out.
 */
bool wbs_software_add_name(struct wbs_software *sw, unsigned long index,
			   const char *name, size_t len);

/* Adds a row's hrSWInstalledDate (a DateAndTime); as add_name. */
bool wbs_software_add_date(struct wbs_software *sw, unsigned long index,
			   const unsigned char *octets, size_t len);

/*
 * Gives each row its date and reads the hotfixes from the names: one per
 * KB (its newest date), newest first, the undated last, at most
 * WBS_SW_HOTFIX_MAX. Memory running out leaves the hotfixes unread.
 */
void wbs_software_finish(struct wbs_software *sw);

/*
 * Points facts at the list (sw keeps owning it: free it after the facts'
 * last use): the software, with source "snmp:hrSWInstalledTable", and the
 * hotfixes when a name told one, with a note when names were cut.
 */
void wbs_software_facts(const struct wbs_software *sw, struct pol_facts *f);

/* Frees what the list holds; it is empty again. */
void wbs_software_free(struct wbs_software *sw);

/*
 * Walks hrSWInstalledName and hrSWInstalledDate in the open session handle
 * (client.c's, after its GET) until the table ends or the deadline:
 * GETBULK, GETNEXT in SNMPv1. Fills sw, finished; never fails the check:
 * a table that does not end in time or rows is sw->capped with sw->note
 * saying how far it got, an agent whose table loops or that answers an
 * error is sw->problem. Returns WBS_OK when the table ended.
 */
enum wbs_status wbs_walk_software(void *handle, const struct wbs_target *t,
				  const struct timespec *deadline,
				  struct wbs_software *sw);

#endif
