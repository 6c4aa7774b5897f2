/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * nsclient/http.h without a network, for fuzzing the whole REST query
 * sequence: each GET takes the next answer of a script.
 */
#ifndef WB_FAKE_HTTP_H
#define WB_FAKE_HTTP_H

#include <stddef.h>

struct fake_answer {
	long status; /* 0: the request failed (no connection, timeout) */
	const char *body;
	size_t len;
	/* the headers http.c reports, NULL when absent */
	const char *content_type, *location, *encoding;
};

/* The answers the next client gives, in order; once they run out, every
 * GET fails as a timeout would. The script is the caller's until the
 * client is freed. */
void fake_http_script(const struct fake_answer *answers, size_t n);

#endif
