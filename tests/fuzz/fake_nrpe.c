/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The NRPE transport's place in the fuzz builds, which link query.c
 * without OpenSSL: no target asks over NRPE, so every call fails. The
 * NRPE answers' parsing is fuzzed through fuzz_nrpe and fuzz_nsc_text.
 */
#include "nsclient/nrpe.h"

#include <stdio.h>

struct nsc_nrpe *nsc_nrpe_new(const struct nsc_target *target, char *err,
			      size_t errlen)
{
	(void)target;
	snprintf(err, errlen, "no NRPE in the fuzz build");
	return NULL;
}

void nsc_nrpe_free(struct nsc_nrpe *nrpe)
{
	(void)nrpe;
}

enum nsc_status nsc_nrpe_run(struct nsc_nrpe *nrpe, const char *query,
			     int *result, char *text, size_t cap, bool *capped,
			     char *err, size_t errlen)
{
	(void)nrpe, (void)query, (void)result, (void)text, (void)cap;
	(void)capped;
	snprintf(err, errlen, "no NRPE in the fuzz build");
	return NSC_ERR_CONNECT;
}

const char *nsc_nrpe_base(const struct nsc_nrpe *nrpe)
{
	(void)nrpe;
	return "nrpe://fuzz";
}

int nsc_nrpe_version(const struct nsc_nrpe *nrpe)
{
	(void)nrpe;
	return 0;
}
