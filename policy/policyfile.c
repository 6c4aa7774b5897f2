/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The policy file: sections of rules in the ini format of lib/ini.h.
 *
 *   [default] | [family:F] | [type:T] | [edition:E] | [product:ID] |
 *   [policy:NAME]                                 (the hosts that name it)
 *   support = mainstream|extended|esu|esu-azure
 *   warning = RANGE        critical = RANGE      (days of support left)
 *   min-build = VERSION[, VERSION...]            (one per build)
 *   deny = VERSION[-VERSION] [STATE]: REASON      (repeatable)
 *   allow = ADVISORY-ID | VERSION[-VERSION]       (lifts a deny)
 *   require-hotfix = KB[, KB...]
 *   min-agent = VERSION [STATE]
 *   missing-fact = STATE
 */
#include "policy.h"

#include "rows.h"
#include "lib/ini.h"
#include "date.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define POLICY_FILE_MAX (1024 * 1024)

void pol_policy_defaults(struct pol_policy *p)
{
	char err[64];

	*p = (struct pol_policy){.tier = POL_TIER_EXTENDED,
				 .agent_state = WB_CRITICAL,
				 .missing = WB_UNKNOWN};
	/* days of support left: warn below 180, critical once ended */
	wb_range_parse("180:", &p->warn, err, sizeof(err));
	wb_range_parse("0:", &p->crit, err, sizeof(err));
}

__attribute__((format(printf, 3, 4))) static bool fail(char *err, size_t len,
						       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return false;
}

struct span {
	const char *s;
	size_t len;
};

static struct span trim(const char *s, size_t len)
{
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return (struct span){s, len};
}

static bool state_of(struct span t, enum wb_state *state)
{
	char word[16];

	if (t.len == 0 || t.len >= sizeof(word))
		return false;
	memcpy(word, t.s, t.len);
	word[t.len] = '\0';
	return wb_state_parse(word, state);
}

bool pol_deny_parse(const char *text, size_t len, struct pol_deny *d, char *err,
		    size_t errlen)
{
	const char *colon = memchr(text, ':', len);
	struct span head, reason, versions, state;
	const char *blank;

	*d = (struct pol_deny){.state = WB_CRITICAL};
	if (colon == NULL)
		return fail(err, errlen,
			    "a deny is VERSION[-VERSION] [STATE]: REASON");
	head = trim(text, (size_t)(colon - text));
	reason = trim(colon + 1, len - (size_t)(colon - text) - 1);
	blank = memchr(head.s, ' ', head.len);
	versions = trim(head.s, blank ? (size_t)(blank - head.s) : head.len);
	state = blank ? trim(blank, head.len - (size_t)(blank - head.s))
		      : (struct span){NULL, 0};
	if (!pol_version_range_parse(versions.s, versions.len, &d->from,
				     &d->to))
		return fail(err, errlen,
			    "'%.*s' is not a version or a range of them "
			    "(6.0.6002, 10.0.17763.6000-10.0.17763.6100)",
			    (int)versions.len, versions.s);
	if (state.len > 0 && !state_of(state, &d->state))
		return fail(err, errlen,
			    "'%.*s' is not a state (ok, warning, critical, "
			    "unknown)",
			    (int)state.len, state.s);
	if (reason.len == 0 || reason.len >= sizeof(d->reason))
		return fail(err, errlen,
			    "a deny needs its reason after ':' (at most %zu "
			    "characters)",
			    sizeof(d->reason) - 1);
	memcpy(d->reason, reason.s, reason.len);
	d->reason[reason.len] = '\0';
	return true;
}

bool pol_baseline_parse(const char *text, size_t len, struct pol_baseline *b,
			char *err, size_t errlen)
{
	struct span v = trim(text, len);
	const char *blank = memchr(v.s, ' ', v.len);
	struct span month = trim(v.s, blank ? (size_t)(blank - v.s) : v.len);
	struct span state = blank ? trim(blank, v.len - (size_t)(blank - v.s))
				  : (struct span){NULL, 0};
	long minus = 0;

	*b = (struct pol_baseline){.state = WB_CRITICAL};
	if (month.len >= 6 && memcmp(month.s, "latest", 6) == 0) {
		char n[8];
		b->latest = true;
		if (month.len > 6) {
			if (month.s[6] != '-' || month.len - 7 >= sizeof(n))
				goto bad;
			memcpy(n, month.s + 7, month.len - 7);
			n[month.len - 7] = '\0';
			if (!wb_parse_long(n, 0, 120, &minus))
				goto bad;
		}
		b->minus = (int)minus;
	} else if (!pol_month_parse(month.s, month.len, &b->month)) {
		goto bad;
	}
	if (state.len > 0 && !state_of(state, &b->state))
		return fail(err, errlen,
			    "'%.*s' is not a state (ok, warning, critical, "
			    "unknown)",
			    (int)state.len, state.s);
	return true;
bad:
	return fail(err, errlen,
		    "'%.*s' is not a month (2026-10), latest or latest-N "
		    "(N from 0 to 120)",
		    (int)month.len, month.s);
}

bool pol_is_name(const char *s, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

/* The reading of one file. */
struct reading {
	struct pol_file *file;
	size_t capacity;
};

static const char *const kinds[] = {"default", "family",  "type",
				    "edition", "product", "policy"};
#define KINDS (sizeof(kinds) / sizeof(kinds[0]))

/* A section header's kind and name: "default" or "KIND:NAME". */
static bool section_of(struct span s, struct pol_section *out, char *err,
		       size_t errlen)
{
	const char *colon = memchr(s.s, ':', s.len);
	struct span kind = trim(s.s, colon ? (size_t)(colon - s.s) : s.len);
	struct span name = {"", 0};
	size_t k;

	if (colon != NULL)
		name = trim(colon + 1, s.len - (size_t)(colon - s.s) - 1);
	for (k = 0; k < KINDS; k++)
		if (kind.len == strlen(kinds[k]) &&
		    strncmp(kind.s, kinds[k], kind.len) == 0)
			break;
	if (k == KINDS || (k == 0) != (colon == NULL) ||
	    name.len >= POL_ID_MAX || (k > 0 && name.len == 0))
		return fail(err, errlen,
			    "[%.*s] (line %d) is not a section: [default], "
			    "[family:client|server], [type:workstation|server|"
			    "domain_controller], [edition:NAME], "
			    "[product:ID] or [policy:NAME]",
			    (int)s.len, s.s, out->line);
	out->kind = (enum pol_section_kind)k;
	memcpy(out->name, name.s, name.len);
	out->name[name.len] = '\0';
	if ((out->kind == POL_SECTION_FAMILY &&
	     strcmp(out->name, "client") != 0 &&
	     strcmp(out->name, "server") != 0) ||
	    (out->kind == POL_SECTION_TYPE &&
	     strcmp(out->name, "workstation") != 0 &&
	     strcmp(out->name, "server") != 0 &&
	     strcmp(out->name, "domain_controller") != 0))
		return fail(err, errlen, "[%.*s] (line %d): no such %s",
			    (int)s.len, s.s, out->line, kinds[k]);
	if (out->kind == POL_SECTION_POLICY &&
	    !pol_is_name(out->name, name.len))
		return fail(err, errlen,
			    "[%.*s] (line %d): a policy's name is lower-case "
			    "letters, digits and -",
			    (int)s.len, s.s, out->line);
	return true;
}

/* The section an entry belongs to, opened at its first key. */
static struct pol_section *section_for(struct reading *r,
				       const struct wb_ini_entry *e, char *err,
				       size_t errlen)
{
	struct pol_file *f = r->file;
	struct pol_section s = {.line = e->section_line};

	if (!section_of((struct span){e->section, e->section_len}, &s, err,
			errlen))
		return NULL;
	for (size_t i = 0; i < f->count; i++)
		if (f->sections[i].kind == s.kind &&
		    strcmp(f->sections[i].name, s.name) == 0)
			return &f->sections[i];
	if (f->count == r->capacity) {
		size_t cap = r->capacity ? r->capacity * 2 : 8;
		struct pol_section *grown =
			realloc(f->sections, cap * sizeof(*grown));
		if (grown == NULL) {
			fail(err, errlen, "out of memory");
			return NULL;
		}
		f->sections = grown;
		r->capacity = cap;
	}
	f->sections[f->count] = s;
	return &f->sections[f->count++];
}

/* Sets a scalar's bit; in a file, once per section. */
static bool set_key(struct pol_policy *p, enum pol_key key, const char *name,
		    struct pol_where at, bool once, char *err, size_t errlen)
{
	if (once && (p->set & (1u << key)))
		return fail(err, errlen,
			    "%s is given twice in this section (line %d)", name,
			    p->at[key].line);
	p->set |= 1u << key;
	p->at[key] = at;
	return true;
}

/* Calls each() for every item of a comma list. */
static bool each_item(struct span v,
		      bool (*each)(struct span, void *, char *, size_t),
		      void *ctx, char *err, size_t errlen)
{
	const char *p = v.s, *end = v.s + v.len;

	while (p <= end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *stop = comma ? comma : end;
		if (!each(trim(p, (size_t)(stop - p)), ctx, err, errlen))
			return false;
		p = stop + 1;
	}
	return true;
}

struct item {
	struct pol_policy *rules;
	struct pol_where at;
};

static bool add_min(struct span t, void *ctx, char *err, size_t errlen)
{
	struct item *it = ctx;
	struct pol_policy *p = it->rules;

	if (p->nmin == POL_LIST_MAX)
		return fail(err, errlen, "more than %d minimum versions",
			    POL_LIST_MAX);
	if (!pol_version_parse(t.s, t.len, &p->min[p->nmin]))
		return fail(err, errlen,
			    "'%.*s' is not a build (6003, 6.0.6003 or "
			    "6.0.6003.21481)",
			    (int)t.len, t.s);
	for (int i = 0; i < p->nmin; i++)
		if (pol_version_same_build(&p->min[i], &p->min[p->nmin]))
			return fail(err, errlen,
				    "the minimum of build %ld is given twice",
				    p->min[i].build);
	p->min_at[p->nmin++] = it->at;
	return true;
}

static bool add_hotfix(struct span t, void *ctx, char *err, size_t errlen)
{
	struct item *it = ctx;
	struct pol_policy *p = it->rules;
	size_t digits = 0;

	if (t.len > 2 && strncasecmp(t.s, "KB", 2) == 0)
		while (2 + digits < t.len && t.s[2 + digits] >= '0' &&
		       t.s[2 + digits] <= '9')
			digits++;
	if (digits == 0 || digits > 9 || 2 + digits != t.len)
		return fail(err, errlen,
			    "'%.*s' is not a KB number (KB4474419)", (int)t.len,
			    t.s);
	if (p->nhotfix == POL_LIST_MAX)
		return fail(err, errlen, "more than %d required hotfixes",
			    POL_LIST_MAX);
	snprintf(p->hotfix[p->nhotfix], POL_KB_MAX, "KB%.*s", (int)digits,
		 t.s + 2);
	p->hotfix_at[p->nhotfix++] = it->at;
	return true;
}

static bool add_allow(struct span t, void *ctx, char *err, size_t errlen)
{
	struct item *it = ctx;
	struct pol_policy *p = it->rules;

	if (t.len == 0 || t.len >= POL_ID_MAX)
		return fail(err, errlen,
			    "allow names an advisory or a version, at most "
			    "%d characters",
			    POL_ID_MAX - 1);
	if (p->nallow == POL_LIST_MAX)
		return fail(err, errlen, "more than %d allows", POL_LIST_MAX);
	memcpy(p->allow[p->nallow], t.s, t.len);
	p->allow[p->nallow++][t.len] = '\0';
	return true;
}

/* min-agent's value: "VERSION [STATE]". */
static bool agent_of(struct span v, struct pol_policy *p, char *err,
		     size_t errlen)
{
	const char *blank = memchr(v.s, ' ', v.len);
	struct span ver = trim(v.s, blank ? (size_t)(blank - v.s) : v.len);
	struct span st = {NULL, 0};

	if (blank != NULL)
		st = trim(blank, v.len - (size_t)(blank - v.s));
	p->agent_state = WB_CRITICAL;
	if (!pol_agent_version_parse(ver.s, ver.len, &p->agent))
		return fail(err, errlen, "'%.*s' is not a version (0.5.2.35)",
			    (int)ver.len, ver.s);
	if (st.len > 0 && !state_of(st, &p->agent_state))
		return fail(err, errlen, "'%.*s' is not a state", (int)st.len,
			    st.s);
	return true;
}

/* The rules whose value is a range, and where it goes. */
static const struct {
	const char *name;
	enum pol_key key;
	size_t at;
} ranges[] = {
	{"warning", POL_KEY_WARN, offsetof(struct pol_policy, warn)},
	{"critical", POL_KEY_CRIT, offsetof(struct pol_policy, crit)},
	{"patch-age-warning", POL_KEY_AGE_WARN,
	 offsetof(struct pol_policy, age_warn)},
	{"patch-age-critical", POL_KEY_AGE_CRIT,
	 offsetof(struct pol_policy, age_crit)},
	{"updates-behind-warning", POL_KEY_BEHIND_WARN,
	 offsetof(struct pol_policy, behind_warn)},
	{"updates-behind-critical", POL_KEY_BEHIND_CRIT,
	 offsetof(struct pol_policy, behind_crit)},
};

bool pol_policy_set(struct pol_policy *p, const char *key, const char *value,
		    size_t len, struct pol_where at, bool once, char *err,
		    size_t errlen)
{
	struct span v = trim(value, len);
	struct item it = {p, at};
	char text[WB_RANGE_TEXT_MAX + 8], why[160];

	if (v.len == 0)
		return fail(err, errlen, "a value is needed");
	if (v.len < sizeof(text)) {
		memcpy(text, v.s, v.len);
		text[v.len] = '\0';
	} else {
		text[0] = '\0'; /* too long for a scalar: refused below */
	}
	if (strcmp(key, "support") == 0)
		return set_key(p, POL_KEY_TIER, key, at, once, err, errlen) &&
		       (pol_tier_parse(text, &p->tier) ||
			fail(err, errlen,
			     "'%.*s' is not mainstream, extended, esu or "
			     "esu-azure",
			     (int)v.len, v.s));
	for (size_t i = 0; i < sizeof(ranges) / sizeof(*ranges); i++)
		if (strcmp(key, ranges[i].name) == 0)
			return set_key(p, ranges[i].key, key, at, once, err,
				       errlen) &&
			       (wb_range_parse(
					text,
					(struct wb_range *)((char *)p +
							    ranges[i].at),
					why, sizeof(why)) ||
				fail(err, errlen, "%s", why));
	if (strcmp(key, "baseline") == 0)
		return set_key(p, POL_KEY_BASELINE, key, at, once, err,
			       errlen) &&
		       pol_baseline_parse(v.s, v.len, &p->baseline, err,
					  errlen);
	if (strcmp(key, "baseline-grace") == 0)
		return set_key(p, POL_KEY_GRACE, key, at, once, err, errlen) &&
		       (wb_parse_long(text, 0, 60, &p->grace) ||
			fail(err, errlen,
			     "'%.*s' is not a number of days from 0 to 60",
			     (int)v.len, v.s));
	if (strcmp(key, "missing-fact") == 0)
		return set_key(p, POL_KEY_MISSING, key, at, once, err,
			       errlen) &&
		       (wb_state_parse(text, &p->missing) ||
			fail(err, errlen,
			     "'%.*s' is not a state (ok, warning, critical, "
			     "unknown)",
			     (int)v.len, v.s));
	if (strcmp(key, "min-build") == 0) {
		if (!set_key(p, POL_KEY_MIN, key, at, once, err, errlen))
			return false;
		p->nmin = 0; /* on the command line, the last one counts */
		return each_item(v, add_min, &it, err, errlen);
	}
	if (strcmp(key, "min-agent") == 0)
		return set_key(p, POL_KEY_AGENT, key, at, once, err, errlen) &&
		       agent_of(v, p, err, errlen);
	if (strcmp(key, "deny") == 0) {
		if (p->ndeny == POL_LIST_MAX)
			return fail(err, errlen, "more than %d denies",
				    POL_LIST_MAX);
		if (!pol_deny_parse(v.s, v.len, &p->deny[p->ndeny], err,
				    errlen))
			return false;
		p->deny[p->ndeny++].at = at;
		return true;
	}
	if (strcmp(key, "require-hotfix") == 0)
		return each_item(v, add_hotfix, &it, err, errlen);
	if (strcmp(key, "allow") == 0)
		return each_item(v, add_allow, &it, err, errlen);
	return fail(err, errlen,
		    "no rule is called '%s' (support, warning, critical, "
		    "min-build, deny, allow, require-hotfix, min-agent, "
		    "patch-age-warning, patch-age-critical, "
		    "updates-behind-warning, updates-behind-critical, "
		    "baseline, baseline-grace, missing-fact)",
		    key);
}

static bool on_key(const struct wb_ini_entry *e, void *ctx, char *err,
		   size_t errlen)
{
	struct reading *r = ctx;
	struct pol_section *s = section_for(r, e, err, errlen);
	char key[32], why[256];

	if (s == NULL)
		return false;
	if (e->value == NULL)
		return fail(err, errlen, "%.*s needs a value: %.*s = ...",
			    (int)e->key_len, e->key, (int)e->key_len, e->key);
	snprintf(key, sizeof(key), "%.*s", (int)e->key_len, e->key);
	if (pol_policy_set(&s->rules, key, e->value, e->value_len,
			   (struct pol_where){r->file->name, e->line}, true,
			   why, sizeof(why)))
		return true;
	/* "warning: 'abc' is not a range", unless it names the key */
	if (strncmp(why, "'", 1) == 0 || strncmp(why, "a value", 7) == 0)
		return fail(err, errlen, "%s: %s", key, why);
	return fail(err, errlen, "%s", why);
}

enum pol_status pol_file_parse(const char *text, size_t len, const char *name,
			       struct pol_file **out, char *err, size_t errlen)
{
	struct pol_file *f = calloc(1, sizeof(*f));
	struct reading r = {.file = f};

	*out = NULL;
	if (f == NULL || (f->name = strdup(name)) == NULL) {
		pol_file_free(f);
		snprintf(err, errlen, "%s: out of memory", name);
		return POL_ERR_NOMEM;
	}
	if (!wb_ini_parse(text, len, name, on_key, &r, err, errlen)) {
		pol_file_free(f);
		return POL_ERR_SYNTAX;
	}
	*out = f;
	return POL_OK;
}

enum pol_status pol_file_load(const char *path, struct pol_file **out,
			      char *err, size_t errlen)
{
	char *text;
	size_t len;
	enum pol_status st;

	*out = NULL;
	if ((st = pol_read(path, POLICY_FILE_MAX, "policy", "1 MiB", &text,
			   &len, err, errlen)) != POL_OK)
		return st;
	st = pol_file_parse(text, len, path, out, err, errlen);
	free(text);
	return st;
}

void pol_file_free(struct pol_file *file)
{
	if (file == NULL)
		return;
	free(file->sections);
	free(file->name);
	free(file);
}
