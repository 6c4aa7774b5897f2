/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One SNMP GET of the host's identity (sysDescr.0, sysObjectID.0,
 * sysName.0, hrSystemUptime.0) through the net-snmp library, with no MIB
 * loading, no configuration files and nothing written to stderr. The
 * library's types stay inside snmp/client.c.
 */
#ifndef WBS_CLIENT_H
#define WBS_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

enum wbs_version { WBS_V1, WBS_V2C, WBS_V3 };
enum wbs_level { WBS_NOAUTH_NOPRIV, WBS_AUTH_NOPRIV, WBS_AUTH_PRIV };
enum wbs_auth {
	WBS_AUTH_MD5,
	WBS_AUTH_SHA1,
	WBS_AUTH_SHA224,
	WBS_AUTH_SHA256,
	WBS_AUTH_SHA384,
	WBS_AUTH_SHA512
};
enum wbs_priv { WBS_PRIV_DES, WBS_PRIV_AES, WBS_PRIV_AES192, WBS_PRIV_AES256 };

struct wbs_target {
	const char *peer; /* from wbs_peer_name() */
	enum wbs_version version;
	const char *community;
	const char *user, *context;
	enum wbs_level level;
	enum wbs_auth auth;
	enum wbs_priv priv;
	const char *auth_pass, *priv_pass;
	long timeout_ms; /* the caller's budget; the exchange, retries
			    included, ends 5 % (100-500 ms) before it */
};

/* The raw bytes of an OCTET STRING, capped; never NUL-terminated by SNMP. */
#define WBS_OCTETS_MAX 1024
struct wbs_octets {
	bool present;
	size_t len;	 /* bytes kept in buf */
	size_t full_len; /* bytes the agent sent */
	char buf[WBS_OCTETS_MAX];
};

enum wbs_varbind {
	WBS_DESCR,
	WBS_OBJECT_ID,
	WBS_NAME,
	WBS_UPTIME,
	WBS_VARBINDS
};

struct wbs_sysinfo {
	struct wbs_octets descr, name;
	bool has_object_id;
	char object_id[256]; /* numeric, dotted, no leading dot */
	bool has_uptime;
	unsigned long uptime_ticks;
	/* per varbind, for -v traces: what came back */
	const char *answer[WBS_VARBINDS];
};

enum wbs_status {
	WBS_OK,
	WBS_ERR_CONFIG,	   /* the library refused the session settings */
	WBS_ERR_TIMEOUT,   /* no answer in time */
	WBS_ERR_AUTH,	   /* v3 authentication failed */
	WBS_ERR_USER,	   /* v3 user unknown to the agent */
	WBS_ERR_PRIV,	   /* v3 decryption failed */
	WBS_ERR_ANSWER,	   /* an error status, or an answer that came but
			      could not be used: never a timeout */
	WBS_ERR_NO_DESCR,  /* sysDescr.0 missing */
	WBS_ERR_TRANSPORT, /* cannot resolve, connect (refused), send */
};

/* The names of the OIDs asked, in varbind order, for traces. */
extern const char *const wbs_varbind_names[WBS_VARBINDS];

struct wbs_software; /* software.h */

/*
 * Asks the target for the four values in one GET (a v1 agent that lacks
 * an optional one is asked again without it). Fills *out; err (caller's,
 * errlen bytes) gets a one-line reason on failure. WBS_ERR_TIMEOUT means
 * that nothing came; an answer that came and was dropped (another SNMP
 * version, broken BER, another request ID, more than 1 MiB over TCP) is
 * WBS_ERR_ANSWER and err says which. With software not NULL (an empty
 * list, see software.h) and the GET answered, it then walks
 * hrSWInstalledTable into it in the same session and budget; how that
 * went is the list's, never this status. Never prints, never exits; every
 * library resource is released before it returns. Not reentrant.
 */
enum wbs_status wbs_query_sysinfo(const struct wbs_target *target,
				  struct wbs_sysinfo *out,
				  struct wbs_software *software, char *err,
				  size_t errlen);

#endif
