/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The JSON of process-check-result: the request's body, Icinga's answer. */
#include "icinga.h"

#include "lib/sanitize.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One entry; a quoted label without blanks, '=' or quotes unquoted, as
 * Icinga writes the entries it splits from a plugin's perfdata itself. */
static bool add_entry(json_t *array, const char *entry, size_t len)
{
	const char *end = memchr(entry, '=', len);
	char plain[512];
	size_t label;

	if (len > 2 && entry[0] == '\'' && end != NULL && end[-1] == '\'' &&
	    (label = (size_t)(end - entry) - 2) > 0 &&
	    strcspn(entry + 1, " '=") == label && len - 2 < sizeof(plain)) {
		memcpy(plain, entry + 1, label);
		memcpy(plain + label, end, len - label - 2);
		entry = plain;
		len -= 2;
	}
	return json_array_append_new(array, json_stringn(entry, len)) == 0;
}

/* The perfdata's entries, split at blanks outside single quotes (a quoted
 * label may hold blanks; '' inside one is a quote, which splits nothing). */
static bool add_perfdata(json_t *array, const char *perf)
{
	const char *p = perf;

	while (*p != '\0') {
		const char *start;
		bool quoted = false;

		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		start = p;
		for (; *p != '\0' && (quoted || *p != ' '); p++)
			if (*p == '\'')
				quoted = !quoted;
		if (!add_entry(array, start, (size_t)(p - start)))
			return false;
	}
	return true;
}

char *nsc_icinga_body(const struct nsc_passive *r)
{
	json_t *body = json_object(), *perf = json_array();
	char *name = NULL, *text = NULL;
	size_t len;

	if (body == NULL || perf == NULL)
		goto release;
	len = strlen(r->host) + strlen(r->service) + 2;
	name = malloc(len);
	if (name == NULL)
		goto release;
	snprintf(name, len, "%s!%s", r->host, r->service);
	/* the service by its full name, not a filter: nothing in a host's
	 * name can then change what the request matches */
	if (json_object_set_new(body, "type", json_string("Service")) != 0 ||
	    json_object_set_new(body, "service", json_string(name)) != 0 ||
	    json_object_set_new(body, "exit_status",
				json_integer(r->exit_status)) != 0 ||
	    json_object_set_new(body, "plugin_output",
				json_string(r->output)) != 0 ||
	    (r->perfdata != NULL && !add_perfdata(perf, r->perfdata)) ||
	    json_object_set(body, "performance_data", perf) != 0 ||
	    (r->check_source != NULL &&
	     json_object_set_new(body, "check_source",
				 json_string(r->check_source)) != 0))
		goto release;
	text = json_dumps(body, JSON_COMPACT);
release:
	free(name);
	json_decref(perf);
	json_decref(body);
	return text;
}

/* Icinga's "status" text (or "error"'s) as one may show it. */
static void status_text(const json_t *object, char *why, size_t whylen)
{
	const json_t *status = json_object_get(object, "status");

	if (json_is_string(status))
		wb_sanitize(why, whylen, json_string_value(status),
			    json_string_length(status));
	else
		snprintf(why, whylen, "no status text");
}

/* The first result's code: 200 submitted, 404 no such object, any other
 * the object's refusal (403 when its passive checks are off). */
static enum nsc_submit first_result(const json_t *results, char *why,
				    size_t whylen)
{
	const json_t *first = json_array_get(results, 0);
	const json_t *code = json_object_get(first, "code");
	double value;

	if (!json_is_number(code)) {
		snprintf(why, whylen, "a result without a code");
		return NSC_SUBMIT_ANSWER;
	}
	status_text(first, why, whylen);
	value = json_number_value(code);
	if (value == 200)
		return NSC_SUBMIT_OK;
	if (value == 404)
		return NSC_SUBMIT_NO_OBJECT;
	return NSC_SUBMIT_REFUSED;
}

enum nsc_submit nsc_icinga_answer(long status, const char *body, size_t len,
				  char *why, size_t whylen)
{
	json_error_t error;
	json_t *root;
	const json_t *results;
	enum nsc_submit verdict;

	why[0] = '\0';
	/* 401 comes before Icinga reads the request, with HTML or JSON */
	if (status == 401) {
		snprintf(why, whylen, "HTTP 401");
		return NSC_SUBMIT_AUTH;
	}
	root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &error);
	if (!json_is_object(root)) {
		snprintf(why, whylen,
			 "HTTP %ld with a body that is not a JSON object",
			 status);
		json_decref(root);
		return status == 403 ? NSC_SUBMIT_AUTH : NSC_SUBMIT_ANSWER;
	}
	results = json_object_get(root, "results");
	if (json_is_array(results) && json_array_size(results) > 0) {
		verdict = first_result(results, why, whylen);
	} else if (status == 404) {
		status_text(root, why, whylen);
		verdict = NSC_SUBMIT_NO_OBJECT;
	} else if (status == 403) {
		/* the request as a whole: the ApiUser lacks the permission */
		status_text(root, why, whylen);
		verdict = NSC_SUBMIT_AUTH;
	} else {
		char text[200];

		status_text(root, text, sizeof(text));
		snprintf(why, whylen, "HTTP %ld: %s", status, text);
		verdict =
			status >= 500 ? NSC_SUBMIT_REFUSED : NSC_SUBMIT_ANSWER;
	}
	json_decref(root);
	return verdict;
}
