/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One JSON body of NSClient++'s REST API, any era: what parses has a
 * terminated message of the length it claims within the cap, a result of
 * -1 to 3 and at most NSC_PERF_MAX perf values; what does not parse has a
 * reason fit to show.
 */
#include "fuzz.h"
#include "nsclient/answer.h"

#include <stdlib.h>
#include <string.h>

int fuzz_nsc_answer(const uint8_t *data, size_t size)
{
	struct nsc_answer *a = malloc(sizeof(*a));
	char err[256], version[64];

	if (a == NULL)
		fuzz_fail("out of memory");
	if (nsc_answer_parse((const char *)data, size, a, err, sizeof(err))) {
		if (strlen(a->message) != a->message_len ||
		    a->message_len >= NSC_MESSAGE_MAX)
			fuzz_fail("message of %zu bytes, length %zu",
				  strlen(a->message), a->message_len);
		if (a->result < -1 || a->result > 3 || a->nperf < 0 ||
		    a->nperf > NSC_PERF_MAX)
			fuzz_fail("result %d, %d perf values", a->result,
				  a->nperf);
		if (memchr(a->command, '\0', sizeof(a->command)) == NULL)
			fuzz_fail("command not terminated");
	} else {
		fuzz_check_clean("the parse error", err);
	}
	if (nsc_info_version((const char *)data, size, version,
			     sizeof(version)) &&
	    memchr(version, '\0', sizeof(version)) == NULL)
		fuzz_fail("version not terminated");
	free(a);
	return 0;
}
