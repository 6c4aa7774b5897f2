/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screen.h"

#include "lib/sanitize.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

struct screen {
	const struct nsc_target *target;
	const char *base;
	char *err;
	size_t errlen;
};

/*
 * Remote text (len bytes) for a message: through the plugin's sanitiser,
 * and with the password masked, should the other side echo it back.
 */
static void quote(const struct screen *s, char *dst, size_t dstlen,
		  const char *src, size_t len)
{
	const char *pw = s->target->password;
	char secret[256];
	char *at;
	size_t n;

	wb_sanitize(dst, dstlen, src, len);
	if (pw == NULL || pw[0] == '\0')
		return;
	wb_sanitize(secret, sizeof(secret), pw, strlen(pw));
	n = strlen(secret);
	for (at = dst; n > 0 && (at = strstr(at, secret)) != NULL; at += n)
		memset(at, '*', n);
	memset(secret, 0, sizeof(secret));
}

/* Where needle starts, in any case, in the first len bytes of text. */
static const char *find_nocase(const char *text, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++)
		if (strncasecmp(text + i, needle, n) == 0)
			return text + i;
	return NULL;
}

static bool starts_nocase(const char *text, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && strncasecmp(text, prefix, n) == 0;
}

/* An HTML page, by its Content-Type or its first tag. */
static bool is_html(const struct nsc_response *r)
{
	const char *type = r->content_type;
	size_t i = 0;

	if (type != NULL &&
	    (starts_nocase(type, strlen(type), "text/html") ||
	     starts_nocase(type, strlen(type), "application/xhtml")))
		return true;
	while (i < r->len && isspace((unsigned char)r->body[i]))
		i++;
	return starts_nocase(r->body + i, r->len - i, "<!doctype html") ||
	       starts_nocase(r->body + i, r->len - i, "<html");
}

/* The quoted <title> of an HTML page, "" without one. */
static void html_title(const struct screen *s, const struct nsc_response *r,
		       char *dst, size_t dstlen)
{
	size_t head = r->len < 8192 ? r->len : 8192;
	const char *end = r->body + head;
	const char *tag = find_nocase(r->body, head, "<title");
	const char *text = tag ? memchr(tag, '>', (size_t)(end - tag)) : NULL;
	const char *stop =
		text ? find_nocase(text, (size_t)(end - text), "</title")
		     : NULL;

	dst[0] = '\0';
	if (stop != NULL)
		quote(s, dst, dstlen, text + 1, (size_t)(stop - text - 1));
}

/* 3xx: never followed (the password would go along), said where to. */
static enum nsc_status redirected(const struct screen *s, const char *what,
				  const struct nsc_response *r)
{
	char where[200] = "nowhere (no Location)";

	if (r->location != NULL)
		quote(s, where, sizeof(where), r->location,
		      strlen(r->location));
	snprintf(s->err, s->errlen,
		 "%s answered HTTP %ld to %s, a redirect to %s: not followed%s "
		 "(NSClient++ does not redirect: is a proxy or another web "
		 "server on this port?)",
		 s->base, r->status, what, where,
		 s->target->password ? ", the password not sent there" : "");
	return NSC_ERR_ANSWER;
}

/* A Content-Encoding that was not asked for: not decoded either. */
static enum nsc_status encoded(const struct screen *s, const char *what,
			       const struct nsc_response *r)
{
	char coding[40];

	quote(s, coding, sizeof(coding), r->encoding, strlen(r->encoding));
	snprintf(s->err, s->errlen,
		 "%s sent its answer to %s compressed (Content-Encoding: %s) "
		 "although the plugin asked for none: not decoded (is a proxy "
		 "in between?)",
		 s->base, what, coding);
	return NSC_ERR_ANSWER;
}

/* 401: NSClient++ answers 403 to refused credentials, never 401. */
static enum nsc_status unauthorized(const struct screen *s)
{
	if (s->target->user == NULL)
		snprintf(s->err, s->errlen,
			 "%s asks for HTTP authentication (HTTP 401), which "
			 "NSClient++ does not (it answers 403): is a proxy or "
			 "another web server on this port? For Basic "
			 "authentication give --user and --password",
			 s->base);
	else
		snprintf(
			s->err, s->errlen,
			"%s refused the Basic authentication of --user (HTTP "
			"401): check --user and --password (NSClient++ itself "
			"answers 403: is a proxy or another web server on this "
			"port?)",
			s->base);
	return NSC_ERR_AUTH;
}

/* An HTML page where NSClient++ answers JSON or plain text. */
static enum nsc_status not_nsclient(const struct screen *s, const char *what,
				    const struct nsc_response *r)
{
	char title[100];

	html_title(s, r, title, sizeof(title));
	snprintf(s->err, s->errlen,
		 "%s answered HTTP %ld to %s with an HTML page%s%s%s, not "
		 "NSClient++'s JSON: is a proxy or another web server on this "
		 "port?",
		 s->base, r->status, what, title[0] ? " (\"" : "", title,
		 title[0] ? "\")" : "");
	return NSC_ERR_ANSWER;
}

/* 403, with the agent's own text. 0.16 blocks an address for a minute
 * after 10 failed logins, with the same answer even to the right
 * password; its text is the 0.13+ "You're not allowed". */
static enum nsc_status refused(const struct screen *s,
			       const struct nsc_response *r)
{
	char text[128];

	quote(s, text, sizeof(text), r->body, strcspn(r->body, "\r\n"));
	if (s->target->password == NULL)
		snprintf(s->err, s->errlen,
			 "NSClient++ refused the credentials at %s (HTTP 403: "
			 "\"%s\"): none were given, use --password, "
			 "--password-file or WINBUILD_NSCLIENT_PASSWORD",
			 s->base, text);
	else
		snprintf(
			s->err, s->errlen,
			"NSClient++ refused the credentials at %s%s (HTTP 403: "
			"\"%s\"): check --password or --user, and the agent's "
			"allowed hosts",
			s->base,
			strstr(text, "You're not allowed")
				? ", or blocks this address for a minute "
				  "after 10 failed logins"
				: "",
			text);
	return NSC_ERR_AUTH;
}

enum nsc_status nsc_screen(const struct nsc_target *target, const char *base,
			   const char *what, const struct nsc_response *r,
			   char *err, size_t errlen)
{
	const struct screen s = {target, base, err, errlen};

	if (r->status >= 300 && r->status < 400)
		return redirected(&s, what, r);
	if (r->encoding != NULL)
		return encoded(&s, what, r);
	if (r->status == 401)
		return unauthorized(&s);
	if (is_html(r))
		return not_nsclient(&s, what, r);
	if (r->status == 403)
		return refused(&s, r);
	return NSC_OK;
}
