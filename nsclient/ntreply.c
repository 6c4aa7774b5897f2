/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ntreply.h"

#include "lib/sanitize.h"
#include "policy/version.h"

#include <stdio.h>
#include <string.h>

/*
 * Every error answer of NSClient++'s check_nt server, 0.3.9 to 0.16
 * (shared reference, nsclient-protocols.md 1.3). A prefix entry ends where
 * the agent appends a command name or a count.
 */
static const struct {
	const char *text;
	bool prefix, auth;
	const char *meaning;
} errors[] = {
	{"ERROR: Invalid password.", false, true,
	 "the agent refused the password (NSClient++ before 0.12.2 says "
	 "so): give its check_nt password with --password, --password-file "
	 "or WINBUILD_NSCLIENT_PASSWORD (without one, 'None' is sent)"},
	{"ERROR: Bad request.", false, true,
	 "NSClient++ 0.12.2 or later refused the request: either the "
	 "password is wrong, or the agent has no password set, and then it "
	 "refuses every check_nt request (it does not say which)"},
	{"ERROR: Command not allowed.", false, false,
	 "NSClient++ 0.13 or later: code 1 (CLIENTVERSION, group 'info') "
	 "is not in the check_nt server's allow list"},
	{"ERROR: No command specified.", false, false,
	 "the agent saw no command code in the request (NSClient++ before "
	 "0.12.2): something between here and the agent changed it"},
	{"ERROR: Non-numeric command code: ", true, false,
	 "NSClient++ 0.11.31 or later could not read the command code: "
	 "something between here and the agent changed the request"},
	{"ERROR: Failed to parse data from: ", true, false,
	 "the agent's command answered in a shape its check_nt server "
	 "cannot relay (NSClient++ 0.5 or later; its log says more)"},
	{"ERROR: Failed to parse", true, false,
	 "NSClient++ 0.4 to 0.11 could not read the command code: "
	 "something between here and the agent changed the request"},
	{"ERROR: Unknown command.", false, false,
	 "the agent does not know code 1 (CLIENTVERSION): this is not an "
	 "NSClient++ check_nt server"},
	{"ERROR: Could not complete the request check log file for more "
	 "information.",
	 false, false,
	 "the agent could not run the command; its log file says why"},
	{"ERROR: Invalid return from command: ", true, false,
	 "the agent's command answered in a shape its check_nt server "
	 "cannot relay (NSClient++ 0.4.4; its log says more)"},
	{"ERROR: Command returned invalid number of payloads: ", true, false,
	 "the agent's command answered in a shape its check_nt server "
	 "cannot relay (NSClient++ 0.5 or later; its log says more)"},
	{"ERROR: Invalid number of lines returned from command: ", true, false,
	 "the agent's command answered in a shape its check_nt server "
	 "cannot relay (NSClient++ 0.5 or later; its log says more)"},
	{"ERROR: No performance data from command: ", true, false,
	 "the agent's command answered in a shape its check_nt server "
	 "cannot relay (NSClient++ 0.5 or later; its log says more)"},
};

#define PRODUCT "NSClient++ "

static bool refused(const char *s, size_t len, struct nsc_nt_reply *r)
{
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		size_t n = strlen(errors[i].text);
		if (len < n || memcmp(s, errors[i].text, n) != 0 ||
		    (!errors[i].prefix && len != n))
			continue;
		r->kind = NSC_NT_REFUSED;
		r->auth = errors[i].auth;
		snprintf(r->meaning, sizeof(r->meaning), "%s",
			 errors[i].meaning);
		return true;
	}
	if (len >= 5 && memcmp(s, "ERROR", 5) == 0) {
		r->kind = NSC_NT_REFUSED;
		snprintf(r->meaning, sizeof(r->meaning),
			 "the agent answered with an error no NSClient++ "
			 "release is known to send");
		return true;
	}
	return false;
}

/* "NSClient++ VERSION[ DATE]", the version 2 to 4 dotted numbers. */
static bool version(const char *s, size_t len, struct nsc_nt_reply *r)
{
	size_t plen = strlen(PRODUCT), vlen, rest;
	struct pol_agent_version v;
	const char *ver;

	if (len <= plen || memcmp(s, PRODUCT, plen) != 0)
		return false;
	ver = s + plen;
	/* buf is not terminated: count within len */
	for (vlen = 0;
	     vlen < len - plen &&
	     (ver[vlen] == '.' || (ver[vlen] >= '0' && ver[vlen] <= '9'));
	     vlen++)
		;
	rest = len - plen - vlen;
	if (vlen == 0 || vlen >= sizeof(r->version) ||
	    (rest > 0 && ver[vlen] != ' ') ||
	    !pol_agent_version_parse(ver, vlen, &v))
		return false;
	r->kind = NSC_NT_VERSION;
	memcpy(r->version, ver, vlen);
	r->version[vlen] = '\0';
	if (rest > 1)
		wb_sanitize(r->date, sizeof(r->date), ver + vlen + 1, rest - 1);
	snprintf(r->meaning, sizeof(r->meaning), "NSClient++ %s", r->version);
	return true;
}

void nsc_nt_parse(const char *buf, size_t len, struct nsc_nt_reply *r)
{
	*r = (struct nsc_nt_reply){.kind = NSC_NT_GARBAGE};
	wb_sanitize(r->text, sizeof(r->text), buf,
		    len > NSC_NT_REPLY_MAX ? NSC_NT_REPLY_MAX : len);
	if (len > NSC_NT_REPLY_MAX) {
		snprintf(r->meaning, sizeof(r->meaning),
			 "an answer longer than %d bytes: not NSClient++'s "
			 "CLIENTVERSION",
			 NSC_NT_REPLY_MAX);
		return;
	}
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		len--;
	/* a NUL inside is not text an agent sends */
	if (len == 0 || memchr(buf, '\0', len) != NULL) {
		snprintf(r->meaning, sizeof(r->meaning), "%s",
			 len == 0 ? "an empty answer"
				  : "an answer with NUL bytes in it: not "
				    "NSClient++'s CLIENTVERSION");
		return;
	}
	if (refused(buf, len, r) || version(buf, len, r))
		return;
	snprintf(r->meaning, sizeof(r->meaning),
		 "not an answer to CLIENTVERSION (NSClient++ answers "
		 "'NSClient++ VERSION DATE')");
}

void nsc_nt_facts(const struct nsc_nt_reply *r, struct pol_facts *f)
{
	pol_facts_init(f);
	if (r->kind != NSC_NT_VERSION)
		return;
	snprintf(f->agent, sizeof(f->agent), "%s", r->version);
	f->src_agent = NSC_NT_SOURCE;
	f->agent_api = "check_nt";
}
