/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "inventory.h"

#include "args.h"

#include "lib/runtime.h"
#include "lib/sanitize.h"
#include "policy/policy.h"
#include "policy/rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "NAME:LINE: what", as the catalogue's and the policy's errors are */
#define bad(p, ...) (pol_rows_fail((p), __VA_ARGS__), false)

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Keys that would put a secret in the file, and the keys to write
 * instead: NAME-file=PATH or NAME-env=VARIABLE. */
static const struct {
	const char *key, *ref;
} inline_secrets[] = {{"community", "community"},
		      {"password", "password"},
		      {"authpasswd", "auth"},
		      {"privpasswd", "priv"},
		      {"auth-passphrase", "auth"},
		      {"priv-passphrase", "priv"},
		      {"authpassphrase", "auth"},
		      {"privpassphrase", "priv"},
		      {"auth", "auth"},
		      {"priv", "priv"}};

static bool set_once(struct pol_rows *p, const char *key, const char **slot,
		     const char *value)
{
	if (*slot != NULL)
		return bad(p, "%s= is given twice", key);
	*slot = value;
	return true;
}

/* A secret's reference, KIND-file=PATH or KIND-env=VARIABLE: 1 taken, -1
 * refused (err says why), 0 when key is none. */
static int secret_ref(struct pol_rows *p, struct wb_host *h, const char *key,
		      const char *value)
{
	static const char *const what[] = {
		"community", "community",
		"auth",	     "authentication passphrase",
		"priv",	     "privacy passphrase",
		"password",  "password"};
	enum wb_secret_ref *kind[] = {&h->community_ref, &h->auth_ref,
				      &h->priv_ref, &h->password_ref};
	const char **ref[] = {&h->community, &h->auth_pass, &h->priv_pass,
			      &h->password};
	const char *dash = strrchr(key, '-');

	if (dash == NULL ||
	    (strcmp(dash, "-file") != 0 && strcmp(dash, "-env") != 0))
		return 0;
	for (size_t i = 0; i < sizeof(ref) / sizeof(ref[0]); i++) {
		if (strlen(what[2 * i]) != (size_t)(dash - key) ||
		    strncmp(key, what[2 * i], (size_t)(dash - key)) != 0)
			continue;
		if (*kind[i] != WB_REF_NONE) {
			pol_rows_fail(p, "%s=: the %s is given twice", key,
				      what[2 * i + 1]);
			return -1;
		}
		*kind[i] = dash[1] == 'f' ? WB_REF_FILE : WB_REF_ENV;
		*ref[i] = value;
		return 1;
	}
	return 0;
}

/* seclevel=, authproto=, privproto=: what -L, -a and -x take. */
static bool snmp_name(struct pol_rows *p, const char *key, int opt,
		      const char *value, int *slot)
{
	if (*slot != -1)
		return bad(p, "%s= is given twice", key);
	if (!wb_snmp_name(opt, value, slot))
		return bad(p, "%s=%.20s is not one of %s", key, value,
			   wb_snmp_choices(opt));
	return true;
}

static bool source(struct pol_rows *p, struct wb_host *h, const char *value)
{
	if (h->source != WB_HOST_DEFAULT)
		return bad(p, "source= is given twice");
	if (strcmp(value, "snmp") == 0)
		h->source = WB_HOST_SNMP;
	else if (strcmp(value, "rest") == 0)
		h->source = WB_HOST_REST;
	else if (strcmp(value, "nrpe") == 0)
		h->source = WB_HOST_NRPE;
	else
		return bad(p,
			   "source=%.20s is not snmp, rest or nrpe (fleet "
			   "mode asks no other source)",
			   value);
	return true;
}

const char *wb_host_misfit(const struct wb_host *h, enum wb_host_source as)
{
	static const char *const ref_keys[][2] = {
		{"", ""}, {"auth-file", "priv-file"}, {"auth-env", "priv-env"}};
	bool snmp = as == WB_HOST_SNMP;

	/* SNMP's keys, then REST's; NRPE has no key of its own */
	if (!snmp && h->version != -1)
		return "version";
	if (!snmp && h->secname != NULL)
		return "secname";
	if (!snmp && h->context != NULL)
		return "context";
	if (!snmp && h->level != -1)
		return "seclevel";
	if (!snmp && h->auth != -1)
		return "authproto";
	if (!snmp && h->priv != -1)
		return "privproto";
	if (!snmp && h->auth_ref != WB_REF_NONE)
		return ref_keys[h->auth_ref][0];
	if (!snmp && h->priv_ref != WB_REF_NONE)
		return ref_keys[h->priv_ref][1];
	if (!snmp && h->community_ref != WB_REF_NONE)
		return h->community_ref == WB_REF_FILE ? "community-file"
						       : "community-env";
	if (as != WB_HOST_REST && h->password_ref != WB_REF_NONE)
		return h->password_ref == WB_REF_FILE ? "password-file"
						      : "password-env";
	if (as != WB_HOST_REST && h->user != NULL)
		return "user";
	return NULL;
}

const char *wb_host_key_source(const char *key)
{
	return strcmp(key, "user") == 0 || strncmp(key, "password", 8) == 0
		       ? "REST"
		       : "SNMP";
}

const char *wb_host_source_name(enum wb_host_source source)
{
	return source == WB_HOST_SNMP	? "snmp"
	       : source == WB_HOST_REST ? "rest"
	       : source == WB_HOST_NRPE ? "nrpe"
					: "default";
}

/* One KEY=VALUE field of host h. */
static bool field(struct pol_rows *p, struct wb_host *h, char *text)
{
	char *eq = strchr(text, '=');
	const char *key = text, *value;
	int ref;

	if (eq == NULL || eq == text)
		return bad(p, "'%.40s' is not KEY=VALUE", text);
	*eq = '\0';
	value = eq + 1;
	for (size_t i = 0;
	     i < sizeof(inline_secrets) / sizeof(inline_secrets[0]); i++)
		if (strcmp(key, inline_secrets[i].key) == 0)
			return bad(p,
				   "%s= would write a secret into the "
				   "inventory: give %s-file=PATH or "
				   "%s-env=VARIABLE",
				   key, inline_secrets[i].ref,
				   inline_secrets[i].ref);
	if (*value == '\0')
		return bad(p, "%s= has no value", key);
	ref = secret_ref(p, h, key, value);
	if (ref != 0)
		return ref > 0;
	if (strcmp(key, "name") == 0)
		return set_once(p, key, &h->name, value);
	if (strcmp(key, "port") == 0) {
		if (h->port != 0)
			return bad(p, "port= is given twice");
		if (!wb_parse_long(value, 1, 65535, &h->port))
			return bad(p,
				   "port=%.20s is not a port from 1 to 65535",
				   value);
		return true;
	}
	if (strcmp(key, "version") == 0) {
		if (h->version != -1)
			return bad(p, "version= is given twice");
		if (strcmp(value, "1") == 0)
			h->version = 0;
		else if (strcmp(value, "2c") == 0)
			h->version = 1;
		else if (strcmp(value, "3") == 0)
			h->version = 2;
		else
			return bad(p, "version=%.20s is not 1, 2c or 3", value);
		return true;
	}
	if (strcmp(key, "secname") == 0)
		return set_once(p, key, &h->secname, value);
	if (strcmp(key, "context") == 0)
		return set_once(p, key, &h->context, value);
	if (strcmp(key, "seclevel") == 0)
		return snmp_name(p, key, 'L', value, &h->level);
	if (strcmp(key, "authproto") == 0)
		return snmp_name(p, key, 'a', value, &h->auth);
	if (strcmp(key, "privproto") == 0)
		return snmp_name(p, key, 'x', value, &h->priv);
	if (strcmp(key, "source") == 0)
		return source(p, h, value);
	if (strcmp(key, "user") == 0)
		return set_once(p, key, &h->user, value);
	if (strcmp(key, "edition") == 0) {
		if (!pol_is_name(value, strlen(value)))
			return bad(p,
				   "edition=%.40s is not an edition name "
				   "(lower-case letters, digits and -)",
				   value);
		return set_once(p, key, &h->edition, value);
	}
	if (strcmp(key, "policy") == 0) {
		if (strlen(value) >= POL_ID_MAX ||
		    !pol_is_name(value, strlen(value)))
			return bad(p,
				   "policy=%.40s is not a section name "
				   "(lower-case letters, digits and -, as in "
				   "[policy:NAME])",
				   value);
		return set_once(p, key, &h->policy, value);
	}
	if (strcmp(key, "site") == 0)
		return set_once(p, key, &h->site, value);
	if (strcmp(key, "owner") == 0)
		return set_once(p, key, &h->owner, value);
	if (strcmp(key, "group") == 0)
		return set_once(p, key, &h->group, value);
	return bad(p,
		   "unknown key '%.40s' (name, source, port, version, "
		   "community-file, community-env, secname, seclevel, "
		   "context, authproto, auth-file, auth-env, privproto, "
		   "priv-file, priv-env, user, password-file, password-env, "
		   "edition, policy, site, owner, group)",
		   key);
}

/* A host whose source= is written has no key of the other source. */
static bool explicit_fit(struct pol_rows *p, const struct wb_host *h)
{
	const char *key;

	if (h->source == WB_HOST_DEFAULT ||
	    (key = wb_host_misfit(h, h->source)) == NULL)
		return true;
	return bad(p, "%s= goes with %s hosts, and this one is source=%s", key,
		   wb_host_key_source(key), wb_host_source_name(h->source));
}

/* One host line, NUL-terminated, no comment, not blank. */
static bool host_line(struct pol_rows *p, char *s, struct wb_host *h)
{
	char *word;

	*h = (struct wb_host){.line = p->line,
			      .version = -1,
			      .level = -1,
			      .auth = -1,
			      .priv = -1};
	for (bool first = true; *s != '\0'; first = false) {
		while (is_blank(*s))
			s++;
		if (*s == '\0')
			break;
		word = s;
		while (*s != '\0' && !is_blank(*s))
			s++;
		if (*s != '\0')
			*s++ = '\0';
		if (first) {
			if (strchr(word, '=') != NULL)
				return bad(p,
					   "a line starts with the host's "
					   "address, not '%.40s'",
					   word);
			h->address = word;
		} else if (!field(p, h, word)) {
			return false;
		}
	}
	return explicit_fit(p, h);
}

void wb_inventory_reader_init(struct wb_inventory_reader *r, FILE *in,
			      const char *name)
{
	*r = (struct wb_inventory_reader){.in = in, .name = name};
}

/*
 * A line of in into buf (WB_INVENTORY_BUF bytes), NUL-terminated, without
 * its newline or the carriage return before it; of a longer line, the
 * first WB_INVENTORY_LINE_MAX + 1 characters. *bad: its first control
 * character (a carriage return is one where no newline follows), or -1.
 * False at the end of in.
 */
static bool read_line(FILE *in, char *buf, size_t *len, int *bad)
{
	size_t n = 0;
	bool any = false, cr = false;
	int c;

	*bad = -1;
	while ((c = getc(in)) != EOF) {
		any = true;
		if (c == '\n')
			break;
		if (cr && *bad < 0)
			*bad = '\r';
		cr = c == '\r';
		if (cr)
			continue;
		if (((c < 0x20 && c != '\t') || c == 0x7f) && *bad < 0)
			*bad = c;
		if (n <= WB_INVENTORY_LINE_MAX)
			buf[n++] = (char)c;
	}
	buf[n] = '\0';
	*len = n;
	return any;
}

int wb_inventory_next(struct wb_inventory_reader *r, char *buf,
		      struct wb_host *h, char *err, size_t errlen)
{
	struct pol_rows p = {.name = r->name, .err = err, .errlen = errlen};
	size_t len;
	int control;
	char *s;

	while (read_line(r->in, buf, &len, &control)) {
		p.line = ++r->line;
		if (control >= 0) {
			pol_rows_fail(&p, "a control character (0x%02x)",
				      control);
			return -1;
		}
		if (len > WB_INVENTORY_LINE_MAX) {
			pol_rows_fail(&p, "longer than %d characters",
				      WB_INVENTORY_LINE_MAX);
			return -1;
		}
		buf[strcspn(buf, "#")] = '\0';
		for (s = buf; is_blank(*s); s++)
			;
		if (*s == '\0')
			continue;
		if (++r->hosts > WB_INVENTORY_HOSTS_MAX) {
			snprintf(err, errlen, "%s: more than %d hosts", r->name,
				 WB_INVENTORY_HOSTS_MAX);
			return -1;
		}
		return host_line(&p, s, h) ? 1 : -1;
	}
	if (ferror(r->in)) {
		snprintf(err, errlen, "cannot read the inventory %s", r->name);
		return -1;
	}
	if (r->hosts == 0) {
		snprintf(err, errlen, "%s: no host in it", r->name);
		return -1;
	}
	return 0;
}

void wb_inventory_refusal(char *buf, size_t len, const char *why)
{
	char shown[512];

	wb_sanitize(shown, sizeof(shown), why, strlen(why));
	snprintf(buf, len, "WINBUILD FLEET UNKNOWN - %s\n", shown);
}
