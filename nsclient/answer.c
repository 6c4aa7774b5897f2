/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "answer.h"

#include "lib/sanitize.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char *const result_names[] = {"OK", "WARNING", "CRITICAL",
					   "UNKNOWN"};

/* A result given as 0-3 or as a state name; -1 for anything else. */
static int read_result(const json_t *v)
{
	if (json_is_integer(v)) {
		json_int_t n = json_integer_value(v);
		return n >= 0 && n <= 3 ? (int)n : -1;
	}
	if (json_is_string(v))
		for (int i = 0; i < 4; i++)
			if (strcmp(json_string_value(v), result_names[i]) == 0)
				return i;
	return -1;
}

/* A number, or the "value" of a {"value": n} object (0.6-0.8). */
static bool read_number(const json_t *v, double *out)
{
	if (json_is_object(v))
		v = json_object_get(v, "value");
	if (!json_is_number(v))
		return false;
	*out = json_number_value(v);
	return true;
}

static void add_perf(struct nsc_answer *a, const char *alias, double value)
{
	if (a->nperf == NSC_PERF_MAX)
		return;
	snprintf(a->perf[a->nperf].alias, sizeof(a->perf[0].alias), "%s",
		 alias);
	a->perf[a->nperf++].value = value;
}

/* The value of a perf entry: int_value, float_value or a plain value. */
static bool perf_value(const json_t *entry, double *out)
{
	const json_t *inner = json_object_get(entry, "float_value");

	if (inner == NULL)
		inner = json_object_get(entry, "int_value");
	if (inner == NULL)
		inner = entry;
	return read_number(json_object_get(inner, "value"), out);
}

/* Perf as a legacy array, a v1 object keyed by alias, or a v1 string. */
static void read_perf(const json_t *perf, struct nsc_answer *a)
{
	const char *key;
	const json_t *v;
	size_t i;
	double value;

	if (json_is_array(perf)) {
		json_array_foreach(perf, i, v)
		{
			const json_t *alias = json_object_get(v, "alias");
			if (json_is_string(alias) && perf_value(v, &value))
				add_perf(a, json_string_value(alias), value);
		}
	} else if (json_is_object(perf)) {
		json_object_foreach((json_t *)perf, key, v)
		{
			if (perf_value(v, &value))
				add_perf(a, key, value);
		}
	}
	/* the execute_nagios string form carries nothing we need */
}

/* Adds a line's message; what does not fit is dropped and flagged. */
static void append_message(struct nsc_answer *a, const char *text)
{
	size_t room = sizeof(a->message) - 1 - a->message_len;
	size_t len = strlen(text);

	if (a->capped)
		return;
	if (a->message_len > 0) {
		if (room == 0) {
			a->capped = true;
			return;
		}
		a->message[a->message_len++] = '\n';
		room--;
	}
	if (len > room) {
		a->capped = true;
		len = room;
	}
	memcpy(a->message + a->message_len, text, len);
	a->message_len += len;
	a->message[a->message_len] = '\0';
}

bool nsc_answer_parse(const char *body, size_t len, struct nsc_answer *out,
		      char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *root = json_loadb(body, len, 0, &jerr), *lines, *cmd;
	const json_t *line;
	char why[sizeof(jerr.text)];
	size_t i;
	bool ok = false;

	memset(out, 0, sizeof(*out));
	out->result = -1;
	if (!json_is_object(root)) {
		/* jansson quotes the agent's bytes near the error */
		wb_sanitize(why, sizeof(why), jerr.text, strlen(jerr.text));
		snprintf(err, errlen, "the answer is not a JSON object (%s)",
			 root ? "another JSON value" : why);
		goto free_root;
	}
	cmd = root;
	/* legacy /query: {"payload": [{...}]}; v1: the object itself */
	if (json_is_array(json_object_get(root, "payload")))
		cmd = json_array_get(json_object_get(root, "payload"), 0);
	lines = json_object_get(cmd, "lines");
	if (!json_is_array(lines)) {
		snprintf(err, errlen, "the answer has no \"lines\"");
		goto free_root;
	}
	if (json_is_string(json_object_get(cmd, "command")))
		snprintf(out->command, sizeof(out->command), "%s",
			 json_string_value(json_object_get(cmd, "command")));
	out->result = read_result(json_object_get(cmd, "result"));
	json_array_foreach(lines, i, line)
	{
		const json_t *message = json_object_get(line, "message");
		if (json_is_string(message))
			append_message(out, json_string_value(message));
		read_perf(json_object_get(line, "perf"), out);
	}
	ok = true;
free_root:
	json_decref(root);
	return ok;
}

bool nsc_info_version(const char *body, size_t len, char *buf, size_t buflen)
{
	json_t *root = json_loadb(body, len, 0, NULL);
	const json_t *v = json_object_get(root, "version");
	bool ok = json_is_string(v);

	if (ok)
		snprintf(buf, buflen, "%s", json_string_value(v));
	json_decref(root);
	return ok;
}
