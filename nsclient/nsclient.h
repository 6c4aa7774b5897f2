/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What check_winbuild asks NSClient++ over its REST API or NRPE, and what
 * it learns. Both clients live in one module loaded only when --source
 * rest or nrpe is used (see plugin/module.c), so that the start-up cost
 * of libcurl and OpenSSL stays off the SNMP path. Only our types cross
 * this header.
 */
#ifndef NSC_NSCLIENT_H
#define NSC_NSCLIENT_H

#include "policy/facts.h"

#include <stdbool.h>
#include <stddef.h>

enum nsc_api { NSC_API_AUTO, NSC_API_V1, NSC_API_LEGACY, NSC_API_NRPE };

/* How NRPE is carried: verified TLS, anonymous TLS (ADH for 0.4/0.5 and
 * Debian's nrpe, anonymous ECDH for 0.16's insecure mode), or plain TCP. */
enum nsc_nrpe_tls {
	NSC_NRPE_TLS_CERT,
	NSC_NRPE_TLS_ADH,
	NSC_NRPE_TLS_AECDH,
	NSC_NRPE_TLS_NONE
};

struct nsc_target {
	const char *host; /* name or address; IPv6 literals bare or bracketed */
	long port;
	const char *user; /* NULL: the password: header, else Basic */
	const char *password;
	const char *ca_file; /* NULL: the system's CAs */
	const char *pin;     /* "sha256//BASE64" or NULL */
	bool insecure;	     /* no certificate verification at all */
	enum nsc_api api; /* NSC_API_NRPE: over NRPE, with what follows */
	long timeout_ms;  /* for every request together */
	enum nsc_nrpe_tls nrpe_tls;
	long nrpe_payload;	    /* the agent's payload length, 1024 */
	int nrpe_version; /* packets of 2, 3 or 4; 0: 4, and 2 if the agent
			   * wants it, as check_nrpe 4 does */
	const char *nrpe_cert;	    /* client certificate (PEM) or NULL */
	const char *nrpe_key;	    /* its key; NULL: in nrpe_cert */
	bool icinga; /* the peer is Icinga 2's API (--submit icinga2): the
		      * HTTP client's advice names its options */
};

#define NSC_TEXT_MAX   256
#define NSC_HOTFIX_MAX 1000

/* A fact's value and where it came from; source NULL: not learned. */
struct nsc_host {
	enum nsc_api api; /* the API that answered */
	char agent_version[64];
	const char *src_agent;
	int major, minor;
	long build;
	const char *src_version;
	long revision;
	const char *src_revision;
	char os_name[NSC_TEXT_MAX]; /* check_os_version's name, sanitised */
	char caption[NSC_TEXT_MAX]; /* Win32_OperatingSystem Caption */
	char service_pack[64];
	char arch[32];
	int product_type; /* Win32 ProductType: 1 ws, 2 DC, 3 server; 0 unknown
			   */
	const char *src_caption;
	const char *src_type; /* of product_type */
	struct pol_hotfix hotfixes[NSC_HOTFIX_MAX];
	int nhotfixes;
	bool hotfixes_capped;
	const char *src_hotfixes;
	/* why facts are missing, one sentence each, "; "-separated */
	char notes[512];
};

enum nsc_status {
	NSC_OK,
	NSC_ERR_CONNECT, /* no connection, TLS failure, timeout */
	NSC_ERR_AUTH,	 /* 403: credentials refused */
	NSC_ERR_ANSWER,	 /* an answer that cannot be read */
	NSC_ERR_FACTS,	 /* answers, but no version in them */
};

/*
 * Asks the agent (over NRPE when target->api is NSC_API_NRPE, else over
 * REST) for its version, check_os_version, the OS facts from
 * Win32_OperatingSystem, the revision and the hotfixes. Fills *host with
 * what it learned (text sanitised) and err with a one-line reason on
 * failure. Never prints or exits.
 */
enum nsc_status nsc_query_host(const struct nsc_target *target,
			       struct nsc_host *host, char *err, size_t errlen);

/* The name the module exports nsc_query_host under. */
#define NSC_ENTRY "nsc_query_host"
typedef enum nsc_status (*nsc_query_fn)(const struct nsc_target *,
					struct nsc_host *, char *, size_t);

/* The most hosts a fleet run asks at once. */
#define NSC_FLEET_PARALLEL_MAX 900
#define NSC_FLEET_ERR_MAX      384

/* One host of a fleet run: the caller fills target and ctx, the run the
 * rest. */
struct nsc_fleet_query {
	struct nsc_target target; /* timeout_ms: this host's budget */
	void *ctx;		  /* the caller's, untouched */
	struct nsc_host host;
	enum nsc_status status;
	char err[NSC_FLEET_ERR_MAX];
};

/*
 * Fills q->target and q->ctx for the next host (q is zeroed first); false
 * when there is none left. The target's texts must live until done().
 */
typedef bool (*nsc_fleet_next_fn)(void *ctx, struct nsc_fleet_query *q);

/*
 * One host's end: q->status and q->host (or q->err) exactly as
 * nsc_query_host would have given them. q is the run's again once this
 * returns.
 */
typedef void (*nsc_fleet_done_fn)(void *ctx, struct nsc_fleet_query *q);

/*
 * Asks every host next() gives, over REST or NRPE as its target says, at
 * most parallel (1 to NSC_FLEET_PARALLEL_MAX) at a time, all in this
 * thread through libcurl's multi interface and non-blocking NRPE clients
 * waited on beside it, each within its target's budget, and calls done()
 * once for each. Memory is the
 * slots', whatever the number of hosts. Returns false, with err set, only
 * when the run itself cannot go on (no memory for the slots, libcurl
 * failing); the hosts started by then have had their done().
 */
bool nsc_fleet_run(size_t parallel, nsc_fleet_next_fn next,
		   nsc_fleet_done_fn done, void *ctx, char *err, size_t errlen);

/* The name the module exports nsc_fleet_run under. */
#define NSC_FLEET_ENTRY "nsc_fleet_run"
typedef bool (*nsc_fleet_fn)(size_t, nsc_fleet_next_fn, nsc_fleet_done_fn,
			     void *, char *, size_t);

#endif
