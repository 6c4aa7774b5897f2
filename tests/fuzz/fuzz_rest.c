/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The whole NSClient++ REST query sequence with HTTP replaced by the
 * input, then the same steps as the plugin: facts, evaluation against the
 * shipped catalogue, both renderings.
 *
 * Input: one byte choosing the API (auto, v1, legacy: its value mod 3),
 * then the answers, separated by a line "%%". An answer is "NNN\n" (the
 * HTTP status), optional lines "Content-Type: ", "Location: " and
 * "Content-Encoding: " in that order, and the body; or "!" for a request
 * that got no answer. An answer without a status line is a 200. Seeds:
 * tests/fuzz/make-seeds.sh.
 */
#include "fake_http.h"
#include "fuzz.h"
#include "nsclient/facts.h"
#include "nsclient/nsclient.h"
#include "policy/evaluate.h"

#include <stdlib.h>
#include <string.h>

#define ANSWERS_MAX 16

static const uint8_t *find_separator(const uint8_t *p, const uint8_t *end)
{
	static const char sep[] = "\n%%\n";

	for (; p + 4 <= end; p++)
		if (memcmp(p, sep, 4) == 0)
			return p;
	return NULL;
}

/* A header line "Name: value\n" at *p: its value as a new string. */
static char *header(const uint8_t **p, size_t *len, const char *name)
{
	size_t n = strlen(name);
	const uint8_t *nl;
	char *value;

	if (*len <= n || memcmp(*p, name, n) != 0)
		return NULL;
	nl = memchr(*p + n, '\n', *len - n);
	if (nl == NULL)
		return NULL;
	value = fuzz_string(*p + n, (size_t)(nl - *p) - n);
	*len -= (size_t)(nl + 1 - *p);
	*p = nl + 1;
	return value;
}

/* The answer; header values go into owned[] (freed by the caller). */
static void read_answer(const uint8_t *p, size_t len, struct fake_answer *a,
			char *owned[3])
{
	*a = (struct fake_answer){.status = 200};
	if (len >= 1 && p[0] == '!') {
		a->status = 0;
	} else if (len >= 4 && p[3] == '\n' && p[0] >= '1' && p[0] <= '5' &&
		   p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9') {
		a->status = (p[0] - '0') * 100 + (p[1] - '0') * 10 + p[2] - '0';
		p += 4;
		len -= 4;
	}
	a->content_type = owned[0] = header(&p, &len, "Content-Type: ");
	a->location = owned[1] = header(&p, &len, "Location: ");
	a->encoding = owned[2] = header(&p, &len, "Content-Encoding: ");
	a->body = (const char *)p;
	a->len = len;
}

static void check_host(const struct nsc_host *h)
{
	fuzz_check_clean("agent version", h->agent_version);
	fuzz_check_clean("OS name", h->os_name);
	fuzz_check_clean("caption", h->caption);
	fuzz_check_clean("service pack", h->service_pack);
	fuzz_check_clean("architecture", h->arch);
	fuzz_check_clean("notes", h->notes);
	if (h->nhotfixes < 0 || h->nhotfixes > NSC_HOTFIX_MAX)
		fuzz_fail("%d hotfixes", h->nhotfixes);
	for (int i = 0; i < h->nhotfixes; i++) {
		fuzz_check_clean("hotfix id", h->hotfixes[i].id);
		if (i > 0 && h->hotfixes[i].installed >
				     h->hotfixes[i - 1].installed)
			fuzz_fail("hotfixes not newest first at %d", i);
	}
}

int fuzz_rest(const uint8_t *data, size_t size)
{
	static const enum nsc_api apis[] = {NSC_API_AUTO, NSC_API_V1,
					    NSC_API_LEGACY};
	struct fake_answer answers[ANSWERS_MAX];
	char *owned[ANSWERS_MAX][3] = {{NULL}};
	struct nsc_target target = {.host = "fuzz",
				    .port = 8443,
				    .password = "pw",
				    .timeout_ms = 1000};
	struct nsc_host *host;
	struct pol_facts facts;
	struct pol_report report = {0};
	const uint8_t *p, *end = data + size;
	size_t n = 0;
	char err[384];

	if (size == 0)
		return 0;
	target.api = apis[data[0] % 3];
	for (p = data + 1; p <= end && n < ANSWERS_MAX;) {
		const uint8_t *sep = find_separator(p, end);
		const uint8_t *stop = sep ? sep : end;
		read_answer(p, (size_t)(stop - p), &answers[n], owned[n]);
		n++;
		if (sep == NULL)
			break;
		p = sep + 4;
	}
	host = malloc(sizeof(*host));
	if (host == NULL)
		fuzz_fail("out of memory");
	fake_http_script(answers, n);
	if (nsc_query_host(&target, host, err, sizeof(err)) != NSC_OK) {
		fuzz_check_clean("the module's error", err);
		pol_report_fail(&report, WB_UNKNOWN, err);
	} else {
		check_host(host);
		nsc_host_facts(host, &facts);
		pol_evaluate(fuzz_shipped(), NULL, NULL, NULL, &facts, FUZZ_TODAY,
			     &report);
	}
	fuzz_check_report(&report);
	free(host);
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 3; k++)
			free(owned[i][k]);
	return 0;
}
