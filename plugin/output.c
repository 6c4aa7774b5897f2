/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "output.h"

#include "policy/date.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A bounded writer: output past the end is dropped, never overrun. */
struct writer {
	char *buf;
	size_t len, cap;
	bool cut; /* something did not fit */
};

__attribute__((format(printf, 2, 3))) static void put(struct writer *w,
						      const char *fmt, ...)
{
	va_list ap;
	int n;

	if (w->len + 1 >= w->cap) {
		w->cut = true;
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(w->buf + w->len, w->cap - w->len, fmt, ap);
	va_end(ap);
	if (n > 0 && (size_t)n >= w->cap - w->len)
		w->cut = true;
	if (n > 0)
		w->len += (size_t)n < w->cap - w->len ? (size_t)n
						      : w->cap - w->len - 1;
}

/*
 * Text that reaches the plugin's output passes the sanitiser once more,
 * whatever its path: a host name given with -H, an error text quoting an
 * agent, a message built from facts. So no control character and no '|'
 * can reach Nagios or Icinga through any of them.
 */
static void put_text(struct writer *w, const char *text, size_t len)
{
	char clean[2 * WB_MESSAGE_MAX];

	wb_sanitize(clean, sizeof(clean), text, len);
	put(w, "%s", clean);
}

/* The rule that explains the overall state: the first that has it. */
static const char *headline(const struct pol_report *r)
{
	for (int i = 0; i < r->nrules; i++)
		if (r->rules[i].state == r->state)
			return r->rules[i].message;
	return r->summary;
}

/*
 * Where the first clause of a rule's message ends: at the first "; "
 * outside parentheses, so that "(..; ..)" is never cut in two.
 */
static size_t first_clause(const char *line)
{
	int depth = 0;
	size_t i;

	for (i = 0; line[i] != '\0'; i++) {
		if (line[i] == '(')
			depth++;
		else if (line[i] == ')' && depth > 0)
			depth--;
		else if (depth == 0 && line[i] == ';' && line[i + 1] == ' ')
			break;
	}
	return i;
}

/*
 * The summary line: the product and the first clause of the rule that
 * explains the state (the rule's own line carries the rest), or the whole
 * reason of a failure.
 */
static void summary(const struct pol_report *r, struct writer *w)
{
	const char *line = headline(r);
	size_t len = r->nrules > 0 ? first_clause(line) : strlen(line);

	if (r->product_name != NULL && r->nrules > 0) {
		/* the name comes from a catalogue file, maybe the user's */
		put_text(w, r->product_name, strlen(r->product_name));
		put(w, " %s: ", r->version);
	}
	put_text(w, line, len);
}

static void perf_value(const struct pol_perf *p, struct writer *w)
{
	put(w, "%.*f", p->decimals, p->value);
}

/* The edition the verdict used, else the one the facts name. */
static const char *edition(const struct pol_report *r)
{
	return r->src_edition != NULL ? r->edition : r->facts->edition;
}

#define HOTFIXES_SHOWN 8

/* "2022-05-10", or "" for POL_NO_DATE. */
static void date_text(long day, char buf[POL_DATE_TEXT])
{
	if (day == POL_NO_DATE)
		buf[0] = '\0';
	else
		pol_date_format(day, buf);
}

/* The hotfixes, newest first, the first few by name. */
static void text_hotfixes(const struct pol_facts *f, struct writer *w)
{
	char date[POL_DATE_TEXT];
	int shown =
		f->nhotfixes < HOTFIXES_SHOWN ? f->nhotfixes : HOTFIXES_SHOWN;

	put(w, "\\_ hotfixes: %d%s installed", f->nhotfixes,
	    f->hotfixes_capped ? " or more" : "");
	for (int i = 0; i < shown; i++) {
		date_text(f->hotfixes[i].installed, date);
		put(w, "%s%s%s%s%s",
		    i ? ", " : ", newest first: ", f->hotfixes[i].id,
		    date[0] ? " (" : "", date, date[0] ? ")" : "");
	}
	if (f->nhotfixes > shown)
		put(w, " and %s%d more", f->hotfixes_capped ? "at least " : "",
		    f->nhotfixes - shown);
	put(w, "\n");
}

/* The programs hrSWInstalledTable lists, and how many are updates. */
static void text_software(const struct pol_facts *f, struct writer *w)
{
	int updates = 0;

	for (int i = 0; i < f->nsoftware; i++)
		updates += f->software[i].kb[0] != '\0';
	put(w, "\\_ software: %d%s installed program%s (%d update%s by KB)\n",
	    f->nsoftware, f->software_capped ? " or more" : "",
	    f->nsoftware == 1 ? "" : "s", updates, updates == 1 ? "" : "s");
}

/* What the host told beyond the build, one line each, without a state. */
static void text_facts(const struct pol_report *r, struct writer *w)
{
	const struct pol_facts *f = r->facts;

	if (f == NULL)
		return;
	if (f->src_revision != NULL)
		put(w, "\\_ revision: %ld (%s)\n", f->revision,
		    f->src_revision);
	if (f->src_caption != NULL)
		put(w, "\\_ edition: %s%s%s%s%s (%s)\n", f->caption,
		    f->service_pack[0] ? ", " : "", f->service_pack,
		    f->arch[0] ? ", " : "", f->arch, edition(r));
	if (f->src_hotfixes != NULL)
		text_hotfixes(f, w);
	if (f->src_software != NULL)
		text_software(f, w);
	if (f->agent_api != NULL && strcmp(f->agent_api, "check_nt") == 0)
		put(w, "\\_ agent: NSClient++ %s, over check_nt (no TLS)\n",
		    f->agent);
	else if (f->agent_api != NULL && strcmp(f->agent_api, "nrpe") == 0)
		put(w, "\\_ agent: NSClient++ %s, over NRPE\n",
		    f->agent[0] ? f->agent : "(version not told)");
	else if (f->agent_api != NULL)
		put(w, "\\_ agent: NSClient++ %s, REST API %s\n",
		    f->agent[0] ? f->agent : "(version not told)",
		    f->agent_api);
	if (f->agent_api != NULL && f->tls_unverified)
		put(w, "\\_ tls: %s\n",
		    strcmp(f->agent_api, "nrpe") == 0
			    ? "the agent was not authenticated (--nrpe-tls "
			      "adh, anon-ecdh or none, or --insecure)"
			    : "the agent's certificate was not verified "
			      "(--insecure)");
	if (f->notes[0]) {
		put(w, "\\_ notes: ");
		put_text(w, f->notes, strlen(f->notes));
		put(w, "\n");
	}
}

/* A fact as --explain shows it: its name, its value and who told it. */
struct fact_line {
	const char *name, *source;
	char value[POL_TEXT_MAX];
};

#define FACT_LINES 9

/* The facts the verdict rests on, each with its source; unknown ones are
 * left out. Returns how many. */
static int fact_lines(const struct pol_report *r, struct fact_line *out)
{
	const struct pol_facts *f = r->facts;
	int n = 0;

#define FACT(label, src, ...)                                                  \
	do {                                                                   \
		out[n].name = label;                                           \
		out[n].source = src;                                           \
		snprintf(out[n].value, sizeof(out[n].value), __VA_ARGS__);     \
		n++;                                                           \
	} while (0)
	if (f == NULL)
		return 0;
	if (f->src_version != NULL)
		FACT("version", f->src_version, "%d.%d.%ld", f->nt_major,
		     f->nt_minor, f->build);
	if (f->src_revision != NULL)
		FACT("revision", f->src_revision, "%ld", f->revision);
	if (f->src_type != NULL)
		FACT("product type", f->src_type, "%s", pol_type_name(f->type));
	if (r->src_edition != NULL || f->src_edition != NULL)
		FACT("edition",
		     r->src_edition ? r->src_edition : f->src_edition, "%s",
		     edition(r));
	else if (r->edition_assumed != NULL)
		FACT("edition",
		     "assumed: the catalogue's row for an unknown "
		     "edition",
		     "%s", r->edition_assumed);
	if (f->src_caption != NULL)
		FACT("caption", f->src_caption, "%s", f->caption);
	if (f->src_name != NULL)
		FACT("name", f->src_name, "%s", f->name);
	if (f->src_uptime != NULL)
		FACT("uptime", f->src_uptime, "%ld s", f->uptime_seconds);
	if (f->src_agent != NULL)
		FACT("agent", f->src_agent, "NSClient++ %s",
		     f->agent[0] ? f->agent : "(version not told)");
	if (f->src_hotfixes != NULL)
		FACT("hotfixes", f->src_hotfixes, "%d%s", f->nhotfixes,
		     f->hotfixes_capped ? " or more" : "");
#undef FACT
	return n;
}

/* --explain: the catalogue row, every fact with its source, the policy
 * file's sections that apply, and what decided each rule. */
static void text_explain(const struct pol_report *r, struct writer *w)
{
	struct fact_line facts[FACT_LINES];
	int n = fact_lines(r, facts);

	if (r->catalog_source != NULL) {
		put(w, "\\_ explain: ");
		put_text(w, r->product_name, strlen(r->product_name));
		put(w, " is catalogue row %s (", r->product);
		put_text(w, r->catalog_name, strlen(r->catalog_name));
		put(w, ":%d): ", r->catalog_line);
		put_text(w, r->catalog_source, strlen(r->catalog_source));
		put(w, "\n");
	}
	for (int i = 0; i < n; i++) {
		put(w, "\\_ explain: %s ", facts[i].name);
		put_text(w, facts[i].value, strlen(facts[i].value));
		put(w, " from %s\n", facts[i].source);
	}
	if (r->policy_name != NULL) {
		put(w, "\\_ explain: policy ");
		put_text(w, r->policy_name, strlen(r->policy_name));
		put(w, ": ");
		if (r->sections[0] != '\0')
			put_text(w, r->sections, strlen(r->sections));
		else
			put(w, "no section applies");
		put(w, "\n");
	}
	for (int i = 0; i < r->nrules; i++) {
		if (r->rules[i].explain[0] == '\0')
			continue;
		put(w, "\\_ explain %s: ", r->rules[i].name);
		put_text(w, r->rules[i].explain, strlen(r->rules[i].explain));
		put(w, "\n");
	}
}

void wb_report_text(const struct pol_report *r, char *buf, size_t buflen)
{
	struct writer w = {buf, 0, buflen, false};

	buf[0] = '\0';
	put(&w, "WINBUILD %s - ", wb_state_name(r->state));
	summary(r, &w);
	put(&w, "\n");
	for (int i = 0; i < r->nrules; i++) {
		put(&w, "\\_ [%s] %s: ", wb_state_name(r->rules[i].state),
		    r->rules[i].name);
		put_text(&w, r->rules[i].message, strlen(r->rules[i].message));
		put(&w, "\n");
	}
	text_facts(r, &w);
	/* the notes name files the user gave: shown sanitised */
	if (r->catalog_note[0] != '\0') {
		put(&w, "\\_ catalogue: ");
		put_text(&w, r->catalog_note, strlen(r->catalog_note));
		put(&w, "\n");
	}
	if (r->updates_note[0] != '\0') {
		put(&w, "\\_ update history: ");
		put_text(&w, r->updates_note, strlen(r->updates_note));
		put(&w, "\n");
	}
	if (r->explain)
		text_explain(r, &w);
	if (r->advice != NULL) {
		put(&w, "\\_ advice: ");
		put_text(&w, r->advice, strlen(r->advice));
		put(&w, "\n");
	}
	if (r->nperf == 0)
		return;
	put(&w, "|");
	for (int i = 0; i < r->nperf; i++) {
		const struct pol_perf *p = &r->perf[i];
		put(&w, " '%s'=", p->label);
		perf_value(p, &w);
		put(&w, "%s;%s;%s;%s;%s", p->uom, p->warn, p->crit, p->min,
		    p->max);
	}
	put(&w, "\n");
}

static void json_string(struct writer *w, const char *s)
{
	if (s == NULL) {
		put(w, "null");
		return;
	}
	put(w, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			put(w, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f || c == '|')
			put(w, "\\u%04x", c);
		else
			put(w, "%c", c);
	}
	put(w, "\"");
}

static void json_key(struct writer *w, bool first, const char *key)
{
	put(w, "%s\"%s\":", first ? "" : ",", key);
}

static void json_text_field(struct writer *w, bool first, const char *key,
			    const char *value)
{
	json_key(w, first, key);
	json_string(w, value);
}

static void json_long_field(struct writer *w, const char *key, long value)
{
	json_key(w, false, key);
	if (value == POL_NOT_KNOWN)
		put(w, "null");
	else
		put(w, "%ld", value);
}

/* An ISO 8601 date, or null for POL_NO_DATE. */
static void json_date_field(struct writer *w, const char *key, long day)
{
	char date[POL_DATE_TEXT];

	date_text(day, date);
	json_text_field(w, false, key, date[0] ? date : NULL);
}

static const char *or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

/*
 * Room the answer needs after the software list (notes, sources, rules,
 * perfdata, escaped), and one software entry at its longest (a 64-byte
 * name with every character escaped): the list stops where the next entry
 * would leave the rest too little of the 64 KiB, and says how many it
 * left out, so that thousands of rows still make one whole JSON object.
 */
#define JSON_TAIL_ROOM	   12288
#define JSON_SOFTWARE_ROOM 224

static void json_software(const struct pol_facts *f, struct writer *w)
{
	int listed;

	json_key(w, false, "software");
	if (f->src_software == NULL) {
		put(w, "null");
		return;
	}
	put(w, "[");
	for (listed = 0; listed < f->nsoftware; listed++) {
		const struct pol_software *s = &f->software[listed];
		if (w->len + JSON_SOFTWARE_ROOM + JSON_TAIL_ROOM >= w->cap)
			break;
		put(w, "%s{", listed ? "," : "");
		json_text_field(w, true, "name", s->name);
		json_date_field(w, "installed", s->installed);
		json_text_field(w, false, "kb", or_null(s->kb));
		put(w, ",\"cut\":%s}", s->cut ? "true" : "false");
	}
	put(w, "],\"software_capped\":%s,\"software_left_out\":%d",
	    f->software_capped ? "true" : "false", f->nsoftware - listed);
}

/* An update of the history, {kb, date, kind, revision}, or null. */
static void json_update(struct writer *w, const char *key,
			const struct pol_update *u)
{
	json_key(w, false, key);
	if (u == NULL) {
		put(w, "null");
		return;
	}
	put(w, "{");
	json_text_field(w, true, "kb", u->kb);
	json_date_field(w, "date", u->released);
	json_text_field(w, false, "kind", pol_update_kind_name(u->kind));
	put(w, ",\"revision\":%ld}", u->revision);
}

/* Where the host stands in the update history, or null. */
static void json_patch(const struct pol_report *r, struct writer *w)
{
	const struct pol_patch *p = &r->patch;
	char month[POL_DATE_TEXT];

	json_key(w, false, "patch");
	if (r->updates_name == NULL || !p->known) {
		put(w, "null");
		return;
	}
	put(w, "{");
	json_text_field(w, true, "history", r->updates_name);
	put(w, ",\"newer_than_history\":%s", p->newer ? "true" : "false");
	json_long_field(w, "age_days", p->newer ? POL_NOT_KNOWN : p->age);
	json_long_field(w, "updates_behind",
			p->newer ? POL_NOT_KNOWN : p->behind);
	json_update(w, "newest", p->newest);
	json_update(w, "skipped_baseline", p->skipped);
	json_key(w, false, "baseline");
	if (r->baseline_month >= 0) {
		pol_month_format(r->baseline_month, month);
		put(w, "{");
		json_text_field(w, true, "month", month);
		json_update(w, "required", r->baseline);
		put(w, "}");
	} else {
		put(w, "null");
	}
	json_text_field(w, false, "note", or_null(r->updates_note));
	put(w, "}");
}

static void json_host(const struct pol_report *r, struct writer *w)
{
	const struct pol_facts *f = r->facts;

	json_key(w, false, "host");
	if (f == NULL) {
		put(w, "null,\"sources\":null");
		return;
	}
	put(w, "{");
	json_text_field(w, true, "address", f->address);
	json_text_field(w, false, "name", or_null(f->name));
	json_text_field(w, false, "product", r->product);
	json_text_field(w, false, "product_name", r->product_name);
	json_text_field(w, false, "version", or_null(r->version));
	json_long_field(w, "build", f->build);
	json_long_field(w, "revision", f->revision);
	json_text_field(w, false, "product_type", pol_type_name(f->type));
	json_text_field(w, false, "edition", or_null(edition(r)));
	json_text_field(w, false, "edition_assumed", r->edition_assumed);
	json_long_field(w, "uptime_seconds", f->uptime_seconds);
	json_text_field(w, false, "sysdescr", or_null(f->description));
	json_text_field(w, false, "sysobjectid", or_null(f->object_id));
	json_text_field(w, false, "caption", or_null(f->caption));
	json_text_field(w, false, "service_pack", or_null(f->service_pack));
	json_text_field(w, false, "arch", or_null(f->arch));
	json_update(w, "update", r->patch.newer ? NULL : r->patch.installed);
	json_key(w, false, "agent");
	if (f->agent_api != NULL) {
		put(w, "{");
		json_text_field(w, true, "version", or_null(f->agent));
		json_text_field(w, false, "api", f->agent_api);
		/* check_nt has no TLS at all */
		put(w, ",\"tls_verified\":%s}",
		    f->tls_unverified || !pol_facts_os_from_agent(f) ? "false"
								     : "true");
	} else {
		put(w, "null");
	}
	json_key(w, false, "hotfixes");
	if (f->src_hotfixes != NULL) {
		put(w, "[");
		for (int i = 0; i < f->nhotfixes; i++) {
			put(w, "%s{", i ? "," : "");
			json_text_field(w, true, "id", f->hotfixes[i].id);
			json_date_field(w, "installed",
					f->hotfixes[i].installed);
			put(w, "}");
		}
		put(w, "],\"hotfixes_capped\":%s",
		    f->hotfixes_capped ? "true" : "false");
	} else {
		put(w, "null");
	}
	json_software(f, w);
	json_text_field(w, false, "notes", or_null(f->notes));
	put(w, "}");
	json_key(w, false, "sources");
	put(w, "{");
	json_text_field(w, true, "version", f->src_version);
	json_text_field(w, false, "build", f->src_version);
	json_text_field(w, false, "revision", f->src_revision);
	json_text_field(w, false, "product_type", f->src_type);
	json_text_field(w, false, "edition",
			r->src_edition ? r->src_edition : f->src_edition);
	json_text_field(w, false, "name", f->src_name);
	json_text_field(w, false, "uptime", f->src_uptime);
	json_text_field(w, false, "caption", f->src_caption);
	json_text_field(w, false, "agent", f->src_agent);
	json_text_field(w, false, "hotfixes", f->src_hotfixes);
	json_text_field(w, false, "software", f->src_software);
	put(w, "}");
}

/* The support rule's tier, end and days left, or null. */
static void json_support(const struct pol_report *r, struct writer *w)
{
	json_key(w, false, "support");
	if (!r->support.set) {
		put(w, "null");
		return;
	}
	put(w, "{");
	json_text_field(w, true, "tier", pol_tier_name(r->support.tier));
	json_date_field(w, "end", r->support.end);
	put(w, ",\"days_left\":%ld}", r->support.days_left);
}

/* --explain's trace: the catalogue row, the facts with their sources,
 * the policy file's sections that apply (each rule's own explanation is
 * in rules[]). */
static void json_explain(const struct pol_report *r, struct writer *w)
{
	struct fact_line facts[FACT_LINES];
	int n = fact_lines(r, facts);

	json_key(w, false, "explain");
	put(w, "{");
	json_key(w, true, "catalog");
	if (r->catalog_source != NULL) {
		put(w, "{");
		json_text_field(w, true, "file", r->catalog_name);
		put(w, ",\"line\":%d", r->catalog_line);
		json_text_field(w, false, "row", r->product);
		json_text_field(w, false, "source", r->catalog_source);
		put(w, "}");
	} else {
		put(w, "null");
	}
	json_key(w, false, "facts");
	put(w, "[");
	for (int i = 0; i < n; i++) {
		put(w, "%s{", i ? "," : "");
		json_text_field(w, true, "fact", facts[i].name);
		json_text_field(w, false, "value", facts[i].value);
		json_text_field(w, false, "source", facts[i].source);
		put(w, "}");
	}
	put(w, "]");
	json_key(w, false, "policy");
	if (r->policy_name != NULL) {
		put(w, "{");
		json_text_field(w, true, "file", r->policy_name);
		json_text_field(w, false, "sections", or_null(r->sections));
		put(w, "}");
	} else {
		put(w, "null");
	}
	put(w, "}");
}

/* The start of every JSON answer: state, exit code, summary. */
static void json_head(const struct pol_report *r, const char *line,
		      struct writer *w)
{
	put(w, "{");
	json_text_field(w, true, "state", wb_state_name(r->state));
	put(w, ",\"exit_code\":%d", (int)r->state);
	json_text_field(w, false, "summary", line);
}

void wb_report_json(const struct pol_report *r, char *buf, size_t buflen)
{
	struct writer w = {buf, 0, buflen, false};
	char line[WB_MESSAGE_MAX + 128];
	struct writer s = {line, 0, sizeof(line), false};

	buf[0] = '\0';
	line[0] = '\0';
	summary(r, &s);
	json_head(r, line, &w);
	json_text_field(&w, false, "advice", r->advice);
	json_text_field(&w, false, "catalog_note", or_null(r->catalog_note));
	json_support(r, &w);
	json_patch(r, &w);
	json_host(r, &w);
	json_key(&w, false, "rules");
	put(&w, "[");
	for (int i = 0; i < r->nrules; i++) {
		put(&w, "%s{", i ? "," : "");
		json_text_field(&w, true, "name", r->rules[i].name);
		json_text_field(&w, false, "state",
				wb_state_name(r->rules[i].state));
		json_text_field(&w, false, "message", r->rules[i].message);
		if (r->explain)
			json_text_field(&w, false, "explain",
					or_null(r->rules[i].explain));
		put(&w, "}");
	}
	put(&w, "]");
	if (r->explain)
		json_explain(r, &w);
	json_key(&w, false, "perfdata");
	put(&w, "[");
	for (int i = 0; i < r->nperf; i++) {
		const struct pol_perf *p = &r->perf[i];
		put(&w, "%s{", i ? "," : "");
		json_text_field(&w, true, "label", p->label);
		json_key(&w, false, "value");
		perf_value(p, &w);
		json_text_field(&w, false, "uom", p->uom);
		json_text_field(&w, false, "warn", or_null(p->warn));
		json_text_field(&w, false, "crit", or_null(p->crit));
		json_text_field(&w, false, "min", or_null(p->min));
		json_text_field(&w, false, "max", or_null(p->max));
		put(&w, "}");
	}
	put(&w, "]}\n");
	if (w.cut) {
		/* what fits, still one JSON object */
		w = (struct writer){buf, 0, buflen, false};
		json_head(r, line, &w);
		put(&w, ",\"output_capped\":true}\n");
	}
}

const char *wb_snmp_silence(enum wbs_version version, enum wbs_level level)
{
	if (version == WBS_V3 && level == WBS_AUTH_PRIV)
		return "the host is down, no SNMP agent answers there, or the "
		       "privacy passphrase or protocol is wrong (-X, -x: "
		       "agents "
		       "drop what they cannot decrypt)";
	if (version == WBS_V3)
		return "the host is down or no SNMP agent answers there";
	return "the host is down, no SNMP agent answers there, or the "
	       "community is wrong (agents ignore a wrong community)";
}
