/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Icinga 2's answer to process-check-result (--submit icinga2), as the
 * API's HTTP status in the first two bytes and the body after them:
 * every answer gets a verdict and a reason fit to show; and the bytes as
 * a result's output and perfdata make a body that is one JSON object.
 */
#include "fuzz.h"
#include "nsclient/icinga.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int fuzz_icinga(const uint8_t *data, size_t size)
{
	char why[256];
	long status;
	enum nsc_submit st;
	char *text, *body;
	struct nsc_passive result = {.host = "h", .service = "s"};
	json_t *root;

	if (size < 2)
		return 0;
	status = 100 + (data[0] << 8 | data[1]) % 500;
	st = nsc_icinga_answer(status, (const char *)data + 2, size - 2, why,
			       sizeof(why));
	if (st > NSC_SUBMIT_ANSWER)
		fuzz_fail("verdict %d", (int)st);
	if (memchr(why, '\0', sizeof(why)) == NULL)
		fuzz_fail("reason not terminated");
	fuzz_check_clean("the reason", why);
	/* the body: output and perfdata as given, JSON whatever they hold */
	text = fuzz_string(data + 2, size - 2);
	result.output = text;
	result.perfdata = text;
	result.exit_status = data[0] % 4;
	body = nsc_icinga_body(&result);
	if (body != NULL) {
		root = json_loads(body, 0, NULL);
		/* jansson refuses invalid UTF-8 and NUL: then no body */
		if (!json_is_object(root))
			fuzz_fail("the body is not a JSON object: %.100s",
				  body);
		json_decref(root);
	}
	free(body);
	free(text);
	return 0;
}
