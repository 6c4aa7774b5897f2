/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sysdescr.h"

#include <stdio.h>
#include <string.h>

/* A cursor over length-delimited, untrusted bytes. */
struct cursor {
	const char *p, *end;
};

static void skip_blanks(struct cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

static bool take_word(struct cursor *c, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0)
		return false;
	c->p += n;
	return true;
}

/* Up to 6 decimal digits; build numbers stay far below a million. */
static bool take_number(struct cursor *c, long *out)
{
	long v = 0;
	int digits = 0;

	while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		if (++digits > 6)
			return false;
		v = v * 10 + (*c->p++ - '0');
	}
	*out = v;
	return digits > 0;
}

static const char *find(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);

	for (; p + n <= end; p++)
		if (memcmp(p, word, n) == 0)
			return p;
	return NULL;
}

static void normalise(struct wbs_descr *d)
{
	d->nt_major = d->reported_major;
	d->nt_minor = d->reported_minor;
	/* Windows 10 and later report 6.3 to programs without a manifest */
	if (d->build >= 10240 && d->reported_major == 6 &&
	    d->reported_minor == 3) {
		d->nt_major = 10;
		d->nt_minor = 0;
	}
}

/* "Windows [NT |2000 ]Version M.m (Build[ Number:] B ..." */
static bool parse_microsoft(struct cursor c, struct wbs_descr *d)
{
	long major, minor;

	if (!take_word(&c, "Windows"))
		return false;
	skip_blanks(&c);
	if (take_word(&c, "NT ") || take_word(&c, "2000 "))
		skip_blanks(&c);
	if (!take_word(&c, "Version"))
		return false;
	skip_blanks(&c);
	if (!take_number(&c, &major) || !take_word(&c, ".") ||
	    !take_number(&c, &minor))
		return false;
	skip_blanks(&c);
	if (!take_word(&c, "(Build"))
		return false;
	skip_blanks(&c);
	if (take_word(&c, "Number:"))
		skip_blanks(&c);
	if (!take_number(&c, &d->build) || major > 99 || minor > 99)
		return false;
	/* a complete number: a value cut short must not pass as a build */
	if (c.p == c.end || (*c.p != ' ' && *c.p != ')' && *c.p != '.'))
		return false;
	d->agent = WBS_AGENT_MICROSOFT;
	d->reported_major = (int)major;
	d->reported_minor = (int)minor;
	d->family = POL_FAMILY_UNKNOWN;
	normalise(d);
	return true;
}

/* "Windows HOST M.m.B Windows 10 Home ...": net-snmp's agent on Windows */
static bool parse_netsnmp(struct cursor c, struct wbs_descr *d)
{
	long major, minor;

	if (!take_word(&c, "Windows "))
		return false;
	while (c.p < c.end && *c.p != ' ')
		c.p++;
	skip_blanks(&c);
	if (!take_number(&c, &major) || !take_word(&c, ".") ||
	    !take_number(&c, &minor) || !take_word(&c, ".") ||
	    !take_number(&c, &d->build) || !take_word(&c, " Windows") ||
	    major > 99 || minor > 99)
		return false;
	d->agent = WBS_AGENT_NETSNMP;
	d->reported_major = (int)major;
	d->reported_minor = (int)minor;
	d->family = find(c.p, c.end, "Server") ? POL_FAMILY_SERVER
					       : POL_FAMILY_CLIENT;
	normalise(d);
	return true;
}

bool wbs_parse_sysdescr(const char *text, size_t len, struct wbs_descr *out)
{
	struct cursor all = {text, text + len};
	const char *software = find(text, text + len, "Software:");

	if (software != NULL) {
		struct cursor c = {software + strlen("Software:"), all.end};
		skip_blanks(&c);
		return parse_microsoft(c, out);
	}
	return parse_microsoft(all, out) || parse_netsnmp(all, out);
}

enum pol_product_type wbs_product_type(const char *object_id)
{
	static const char prefix[] = "1.3.6.1.4.1.311.1.1.3.1.";
	const char *p = object_id[0] == '.' ? object_id + 1 : object_id;

	if (strncmp(p, prefix, sizeof(prefix) - 1) != 0)
		return POL_TYPE_UNKNOWN;
	p += sizeof(prefix) - 1;
	if (p[0] == '\0' || p[1] != '\0')
		return POL_TYPE_UNKNOWN;
	switch (p[0]) {
	case '1':
		return POL_TYPE_WORKSTATION;
	case '2':
		return POL_TYPE_SERVER;
	case '3':
		return POL_TYPE_DOMAIN_CONTROLLER;
	}
	return POL_TYPE_UNKNOWN;
}

bool wbs_is_transport(const char *host)
{
	static const char *const prefixes[] = {
		"udp:", "udp6:", "tcp:", "tcp6:"};

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(host, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

/* After a transport prefix: does the address end in ":port"? */
static bool ends_in_port(const char *addr)
{
	const char *colon = strrchr(addr, ':');
	const char *bracket = strrchr(addr, ']');

	if (colon == NULL || (bracket != NULL && colon < bracket))
		return false;
	if (bracket == NULL && strchr(addr, ':') != colon)
		return false; /* a bare IPv6 address */
	if (colon[1] == '\0')
		return false;
	for (const char *p = colon + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

bool wbs_peer_name(const char *host, long port, char *buf, size_t buflen,
		   char *err, size_t errlen)
{
	long p = port ? port : 161;
	int n;

	if (host[0] == '\0') {
		snprintf(err, errlen,
			 "-H is empty; give a host name or address");
		return false;
	}
	if (wbs_is_transport(host) || host[0] == '[') {
		const char *addr =
			host[0] == '[' ? host : strchr(host, ':') + 1;
		const char *prefix = host[0] == '[' ? "udp6:" : "";
		if (ends_in_port(addr)) {
			if (port) {
				snprintf(err, errlen,
					 "-H %s already names a port; leave "
					 "out -p",
					 host);
				return false;
			}
			n = snprintf(buf, buflen, "%s%s", prefix, host);
		} else {
			n = snprintf(buf, buflen, "%s%s:%ld", prefix, host, p);
		}
	} else if (strchr(host, ':') != NULL) {
		n = snprintf(buf, buflen, "udp6:[%s]:%ld", host, p);
	} else {
		n = snprintf(buf, buflen, "%s:%ld", host, p);
	}
	if (n < 0 || (size_t)n >= buflen) {
		snprintf(err, errlen, "-H is too long");
		return false;
	}
	return true;
}
