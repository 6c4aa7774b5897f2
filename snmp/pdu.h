/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Inside snmp/ only (it speaks net-snmp's types): the library's set-up and
 * the identity GET's request and answer, shared by the one-host client
 * (client.c) and the fleet's asynchronous one (fleet.c).
 */
#ifndef WBS_PDU_H
#define WBS_PDU_H

#include "client.h"

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <stdbool.h>

/*
 * No MIBs, no configuration or persistent files, no log; SNMPv3's USM
 * only when version is WBS_V3. Each init has its shutdown.
 */
void wbs_library_init(enum wbs_version version);
void wbs_library_shutdown(enum wbs_version version);

/* A GET of the varbinds ask marks (the caller's to send or free). */
netsnmp_pdu *wbs_request(const bool ask[WBS_VARBINDS]);

/* Takes what is usable from an answer into *out; the type decides. */
void wbs_read_answer(const netsnmp_pdu *resp, struct wbs_sysinfo *out);

/* The varbind a v1 error index points at, among those asked; -1: none. */
int wbs_asked_index(const bool ask[WBS_VARBINDS], long errindex);

#endif
