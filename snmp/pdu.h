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

/* SNMPv3's USM after a v1/v2c init, for a run that meets v3 late; its
 * shutdown is then wbs_library_shutdown(WBS_V3). */
void wbs_library_init_usm(void);

/*
 * The keys derived from the passphrases (Ku, RFC 3414 A.2): a megabyte of
 * hashing each, a few milliseconds, worth keeping when many hosts share
 * their passphrases. A length of 0: not known.
 */
struct wbs_keys {
	u_char auth[USM_AUTH_KU_LEN], priv[USM_PRIV_KU_LEN];
	size_t auth_len, priv_len;
};

/* The SNMP v1 or v2c part of session s from target t: version, community. */
void wbs_set_community(netsnmp_session *s, const struct wbs_target *t);

/*
 * The SNMPv3 part of session s from target t: user, context, level, and
 * the keys, taken from known (NULL: none known) or derived from the
 * passphrases; s->securityAuthKey and s->securityPrivKey then hold them.
 * The protocol OIDs are allocated: the caller frees s->securityAuthProto
 * and s->securityPrivProto, also on failure. WBS_ERR_CONFIG, with err set,
 * when a key cannot be derived or the library lacks the privacy protocol.
 */
enum wbs_status wbs_set_v3(netsnmp_session *s, const struct wbs_target *t,
			   const struct wbs_keys *known, char *err,
			   size_t errlen);

/* A GET of the varbinds ask marks (the caller's to send or free). */
netsnmp_pdu *wbs_request(const bool ask[WBS_VARBINDS]);

/* Takes what is usable from an answer into *out; the type decides. */
void wbs_read_answer(const netsnmp_pdu *resp, struct wbs_sysinfo *out);

/* The varbind a v1 error index points at, among those asked; -1: none. */
int wbs_asked_index(const bool ask[WBS_VARBINDS], long errindex);

#endif
