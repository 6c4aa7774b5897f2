/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The JSON answers of NSClient++'s REST API, every generation: the legacy
 * /query payload (0.4/0.5 protobuf JSON with int_value, 0.6-0.8 with
 * nested thresholds, 0.9 flat, 0.10+ Boost.JSON with 6E1 numbers) and the
 * /api/v1 execute and execute_nagios forms. Pure functions.
 */
#ifndef NSC_ANSWER_H
#define NSC_ANSWER_H

#include <stdbool.h>
#include <stddef.h>

#define NSC_MESSAGE_MAX 65536
#define NSC_PERF_MAX	4

struct nsc_answer {
	char command[64];
	int result;		       /* 0-3, or -1 when the answer has none */
	char message[NSC_MESSAGE_MAX]; /* the lines' messages, "\n"-joined */
	size_t message_len;
	bool capped; /* the message did not fit */
	int nperf;
	struct {
		char alias[32];
		double value;
	} perf[NSC_PERF_MAX];
};

/*
 * Parses one answer body (len bytes). Returns false with a reason in err
 * when it is not JSON or has no lines. The result is taken as given: the
 * caller never trusts it alone (0.9.0-0.9.7 always said OK).
 */
bool nsc_answer_parse(const char *body, size_t len, struct nsc_answer *out,
		      char *err, size_t errlen);

/* The "version" of /api/v1/info/version ({"version":"0.16.4.55 ..."}). */
bool nsc_info_version(const char *body, size_t len, char *buf, size_t buflen);

#endif
