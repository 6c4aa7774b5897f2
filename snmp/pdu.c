/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pdu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const wbs_varbind_names[WBS_VARBINDS] = {
	"sysDescr.0", "sysObjectID.0", "sysName.0", "hrSystemUptime.0"};

static const oid varbind_oids[WBS_VARBINDS][10] = {
	{1, 3, 6, 1, 2, 1, 1, 1, 0},
	{1, 3, 6, 1, 2, 1, 1, 2, 0},
	{1, 3, 6, 1, 2, 1, 1, 5, 0},
	{1, 3, 6, 1, 2, 1, 25, 1, 1, 0},
};
static const size_t varbind_oid_len[WBS_VARBINDS] = {9, 9, 9, 10};

/*
 * The library reads no MIBs, no snmp.conf and no persistent state, and
 * logs nowhere: a plugin's stdout is its interface and stderr is noise.
 * Community-based versions need no more: opening the session sets up its
 * transport. init_snmp() is for SNMPv3 only, since it sets up the USM,
 * whose engine ID seeds OpenSSL's random generator: two thirds of a v2c
 * check's instructions for nothing.
 */
void wbs_library_init(enum wbs_version version)
{
	setenv("MIBS", "", 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
			       NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
			       NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
			       NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
			       NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
	netsnmp_register_loghandler(NETSNMP_LOGHANDLER_NONE, LOG_DEBUG);
	if (version == WBS_V3)
		init_snmp("check_winbuild");
}

void wbs_library_init_usm(void)
{
	init_snmp("check_winbuild");
}

/*
 * The transport list stays: netsnmp_clear_tdomain_list() frees its nodes
 * but not the prefixes they own, turning reachable memory into leaks.
 */
void wbs_library_shutdown(enum wbs_version version)
{
	if (version == WBS_V3)
		snmp_shutdown("check_winbuild");
	else
		netsnmp_ds_shutdown();
}

static void keep_octets(const netsnmp_variable_list *v, struct wbs_octets *o)
{
	o->present = true;
	o->full_len = v->val_len;
	o->len = v->val_len < sizeof(o->buf) ? v->val_len : sizeof(o->buf);
	if (v->val.string != NULL)
		memcpy(o->buf, v->val.string, o->len);
}

static void keep_object_id(const netsnmp_variable_list *v,
			   struct wbs_sysinfo *out)
{
	size_t n = v->val_len / sizeof(oid), used = 0;

	out->object_id[0] = '\0';
	for (size_t i = 0; i < n && used < sizeof(out->object_id); i++) {
		int w = snprintf(out->object_id + used,
				 sizeof(out->object_id) - used, "%s%lu",
				 i ? "." : "", (unsigned long)v->val.objid[i]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	out->has_object_id = used < sizeof(out->object_id);
}

static int varbind_index(const netsnmp_variable_list *v)
{
	for (int i = 0; i < WBS_VARBINDS; i++)
		if (snmp_oid_compare(v->name, v->name_length, varbind_oids[i],
				     varbind_oid_len[i]) == 0)
			return i;
	return -1;
}

static void auth_protocol(enum wbs_auth auth, const oid **proto, size_t *len)
{
	switch (auth) {
	case WBS_AUTH_MD5:
		*proto = usmHMACMD5AuthProtocol;
		break;
	case WBS_AUTH_SHA1:
		*proto = usmHMACSHA1AuthProtocol;
		break;
	case WBS_AUTH_SHA224:
		*proto = usmHMAC128SHA224AuthProtocol;
		break;
	case WBS_AUTH_SHA256:
		*proto = usmHMAC192SHA256AuthProtocol;
		break;
	case WBS_AUTH_SHA384:
		*proto = usmHMAC256SHA384AuthProtocol;
		break;
	case WBS_AUTH_SHA512:
		*proto = usmHMAC384SHA512AuthProtocol;
		break;
	}
	*len = USM_AUTH_PROTO_SHA_LEN;
}

static bool priv_protocol(enum wbs_priv priv, const oid **proto, size_t *len)
{
	switch (priv) {
	case WBS_PRIV_DES:
#ifndef NETSNMP_DISABLE_DES
		*proto = usmDESPrivProtocol;
		*len = OID_LENGTH(usmDESPrivProtocol);
		return true;
#else
		return false;
#endif
	case WBS_PRIV_AES:
		*proto = usmAESPrivProtocol;
		*len = OID_LENGTH(usmAESPrivProtocol);
		return true;
	case WBS_PRIV_AES192:
	case WBS_PRIV_AES256:
#ifdef NETSNMP_DRAFT_BLUMENTHAL_AES_04
		*proto = priv == WBS_PRIV_AES192 ? usmAES192PrivProtocol
						 : usmAES256PrivProtocol;
		*len = OID_LENGTH(usmAES192PrivProtocol);
		return true;
#else
		return false;
#endif
	}
	return false;
}

/* A key from its passphrase, or the one known for it. */
static bool derive(const oid *proto, size_t len, const char *pass,
		   const u_char *known, size_t known_len, u_char *key,
		   size_t *key_len)
{
	if (known_len > 0 && known_len <= *key_len) {
		memcpy(key, known, known_len);
		*key_len = known_len;
		return true;
	}
	return generate_Ku(proto, (u_int)len, (const u_char *)pass,
			   strlen(pass), key, key_len) == SNMPERR_SUCCESS;
}

void wbs_set_community(netsnmp_session *s, const struct wbs_target *t)
{
	s->version = t->version == WBS_V1 ? SNMP_VERSION_1 : SNMP_VERSION_2c;
	s->community = (u_char *)t->community;
	s->community_len = strlen(t->community);
}

enum wbs_status wbs_set_v3(netsnmp_session *s, const struct wbs_target *t,
			   const struct wbs_keys *known, char *err,
			   size_t errlen)
{
	static const struct wbs_keys none;
	const oid *proto = NULL;
	size_t len = 0;

	s->securityName = (char *)t->user;
	s->securityNameLen = strlen(t->user);
	if (t->context != NULL) {
		s->contextName = (char *)t->context;
		s->contextNameLen = strlen(t->context);
	}
	s->securityLevel = t->level == WBS_AUTH_PRIV ? SNMP_SEC_LEVEL_AUTHPRIV
			   : t->level == WBS_AUTH_NOPRIV
				   ? SNMP_SEC_LEVEL_AUTHNOPRIV
				   : SNMP_SEC_LEVEL_NOAUTH;
	if (t->level == WBS_NOAUTH_NOPRIV)
		return WBS_OK;
	if (known == NULL)
		known = &none;
	auth_protocol(t->auth, &proto, &len);
	s->securityAuthProto = snmp_duplicate_objid(proto, len);
	s->securityAuthProtoLen = len;
	s->securityAuthKeyLen = USM_AUTH_KU_LEN;
	if (s->securityAuthProto == NULL ||
	    !derive(proto, len, t->auth_pass, known->auth, known->auth_len,
		    s->securityAuthKey, &s->securityAuthKeyLen)) {
		snprintf(err, errlen,
			 "cannot derive the SNMPv3 authentication key");
		return WBS_ERR_CONFIG;
	}
	if (t->level != WBS_AUTH_PRIV)
		return WBS_OK;
	if (!priv_protocol(t->priv, &proto, &len)) {
		snprintf(err, errlen,
			 "this net-snmp library lacks the privacy protocol "
			 "asked for with -x");
		return WBS_ERR_CONFIG;
	}
	s->securityPrivProto = snmp_duplicate_objid(proto, len);
	s->securityPrivProtoLen = len;
	s->securityPrivKeyLen = USM_PRIV_KU_LEN;
	/* the privacy key is derived with the authentication hash */
	if (s->securityPrivProto == NULL ||
	    !derive(s->securityAuthProto, s->securityAuthProtoLen, t->priv_pass,
		    known->priv, known->priv_len, s->securityPrivKey,
		    &s->securityPrivKeyLen)) {
		snprintf(err, errlen, "cannot derive the SNMPv3 privacy key");
		return WBS_ERR_CONFIG;
	}
	return WBS_OK;
}

/* Takes what is usable from one answer; the type decides, not the OID. */
void wbs_read_answer(const netsnmp_pdu *resp, struct wbs_sysinfo *out)
{
	for (const netsnmp_variable_list *v = resp->variables; v;
	     v = v->next_variable) {
		int i = varbind_index(v);
		if (i < 0)
			continue;
		switch (v->type) {
		case SNMP_NOSUCHOBJECT:
			out->answer[i] = "noSuchObject";
			continue;
		case SNMP_NOSUCHINSTANCE:
			out->answer[i] = "noSuchInstance";
			continue;
		case SNMP_ENDOFMIBVIEW:
			out->answer[i] = "endOfMibView";
			continue;
		}
		out->answer[i] = "a value of the wrong type";
		if (i == WBS_DESCR && v->type == ASN_OCTET_STR) {
			keep_octets(v, &out->descr);
			out->answer[i] = "OCTET STRING";
		} else if (i == WBS_NAME && v->type == ASN_OCTET_STR) {
			keep_octets(v, &out->name);
			out->answer[i] = "OCTET STRING";
		} else if (i == WBS_OBJECT_ID && v->type == ASN_OBJECT_ID) {
			keep_object_id(v, out);
			out->answer[i] = "OBJECT IDENTIFIER";
		} else if (i == WBS_UPTIME && v->type == ASN_TIMETICKS &&
			   v->val_len >= sizeof(long)) {
			out->has_uptime = true;
			out->uptime_ticks = (unsigned long)*v->val.integer;
			out->answer[i] = "TimeTicks";
		}
	}
}

netsnmp_pdu *wbs_request(const bool ask[WBS_VARBINDS])
{
	netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GET);

	if (pdu == NULL)
		return NULL;
	for (int i = 0; i < WBS_VARBINDS; i++)
		if (ask[i])
			snmp_add_null_var(pdu, varbind_oids[i],
					  varbind_oid_len[i]);
	return pdu;
}

/* The varbind a v1 error index points at, among those asked. */
int wbs_asked_index(const bool ask[WBS_VARBINDS], long errindex)
{
	long n = 0;

	for (int i = 0; i < WBS_VARBINDS; i++)
		if (ask[i] && ++n == errindex)
			return i;
	return -1;
}
