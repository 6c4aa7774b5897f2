/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Passive check results to Icinga 2's REST API (--submit icinga2): one
 * POST /v1/actions/process-check-result a result, over one kept-alive
 * connection of the libcurl module, authenticated as an ApiUser, TLS
 * verified. Lives in nsclient.so beside the NSClient++ clients because
 * jansson and libcurl may be used there only; plugin/ reaches it through
 * the table NSC_ICINGA_ENTRY names. Only our types cross this header.
 */
#ifndef NSC_ICINGA_H
#define NSC_ICINGA_H

#include "nsclient.h"

#include <stdbool.h>
#include <stddef.h>

/* One passive result: the service host!service and what it says. */
struct nsc_passive {
	const char *host, *service;
	int exit_status;	  /* 0-3 */
	const char *output;	  /* the summary and the long output */
	const char *perfdata;	  /* label=value... separated by blanks, or
				   * NULL */
	const char *check_source; /* who checked, or NULL */
};

/* How a submission ended. The last three stop every further one. */
enum nsc_submit {
	NSC_SUBMIT_OK,	      /* results[].code 200 */
	NSC_SUBMIT_NO_OBJECT, /* 404: no such host or service */
	NSC_SUBMIT_REFUSED,   /* the object refused it (passive checks off) */
	NSC_SUBMIT_AUTH,      /* 401, or 403 for the request: the ApiUser's
			       * credentials or permissions */
	NSC_SUBMIT_CONNECT,   /* no answer: connection, TLS, timeout */
	NSC_SUBMIT_ANSWER,    /* an answer that is not Icinga's */
};

/*
 * The JSON body of one result (pure, for the tests and the fuzz target):
 * a new NUL-terminated string the caller frees, or NULL when out of
 * memory. The perfdata is split into the array Icinga stores, at blanks
 * outside single-quoted labels.
 */
char *nsc_icinga_body(const struct nsc_passive *result);

/*
 * Reads Icinga's answer to one process-check-result: its HTTP status and
 * body (len bytes, not necessarily terminated). why gets Icinga's own
 * status text, sanitised and capped, or what was wrong with the answer.
 */
enum nsc_submit nsc_icinga_answer(long status, const char *body, size_t len,
				  char *why, size_t whylen);

struct nsc_icinga;

/*
 * The entry points nsclient.so exports as the object NSC_ICINGA_ENTRY:
 *
 * open: a client of the API at target (host, port, user, password,
 * ca_file; target->timeout_ms bounds every request together) under the
 * URL path prefix (may be ""), or NULL with err set. target and prefix
 * must outlive the client, which the caller frees with close. Nothing is
 * sent yet.
 *
 * submit: POSTs one result within timeout_ms; why says what went wrong.
 */
struct nsc_icinga_api {
	struct nsc_icinga *(*open)(const struct nsc_target *target,
				   const char *prefix, char *err,
				   size_t errlen);
	enum nsc_submit (*submit)(struct nsc_icinga *client,
				  const struct nsc_passive *result,
				  long timeout_ms, char *why, size_t whylen);
	void (*close)(struct nsc_icinga *client);
	/* "https://host:port" and the prefix, for messages */
	const char *(*base)(const struct nsc_icinga *client);
};

#define NSC_ICINGA_ENTRY "nsc_icinga_api"

#endif
