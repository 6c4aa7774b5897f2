/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * nsc_query_host: which API the agent speaks, then check_os_version,
 * Win32_OperatingSystem, the revision and the hotfixes, each read in the
 * format of the agent's generation, whether REST or NRPE carried it.
 */
#include "answer.h"
#include "http.h"
#include "nrpe.h"
#include "nsclient.h"
#include "lib/runtime.h"
#include "lib/sanitize.h"
#include "policy/version.h"
#include "screen.h"
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define Q_OS                                                                   \
	"SELECT%20Caption%2C%20Version%2C%20BuildNumber%2C%20ProductType"      \
	"%2C%20CSDVersion%2C%20OSArchitecture%20FROM%20Win32_OperatingSystem"
#define Q_HOTFIX                                                               \
	"query=SELECT%20HotFixID%2C%20InstalledOn%20FROM%20"                   \
	"Win32_QuickFixEngineering&detail-syntax=%25(HotFixID)%20%25("         \
	"InstalledOn)"
#define Q_UBR                                                                  \
	"key=HKLM%5CSOFTWARE%5CMicrosoft%5CWindows%20NT%5CCurrentVersion"      \
	"&value=UBR&top-syntax=%25(list)&detail-syntax=%25(int_value)"
#define Q_KERNEL                                                               \
	"path=C%3A%2FWindows%2FSystem32&pattern=ntoskrnl.exe"                  \
	"&top-syntax=%25(list)&detail-syntax=%25(version)&show-all"
/*
 * The same over NRPE, "!"-separated, without the characters NSClient++
 * refuses by default (|`&><'"\[]{}): %(x) for ${x}, forward slashes. The
 * UBR's registry key needs backslashes, so NRPE reads the kernel file's.
 */
#define N_OS                                                                   \
	"query=SELECT Caption, Version, BuildNumber, ProductType, "            \
	"CSDVersion, OSArchitecture FROM Win32_OperatingSystem"
#define N_HOTFIX                                                               \
	"query=SELECT HotFixID, InstalledOn FROM Win32_QuickFixEngineering"    \
	"!detail-syntax=%(HotFixID) %(InstalledOn)"
#define N_KERNEL                                                               \
	"path=C:/Windows/System32!pattern=ntoskrnl.exe!top-syntax=%(list)"     \
	"!detail-syntax=%(version)!show-all"
#define ARGS_REFUSED "Request contained arguments"
#define TOO_LONG     "(query too long for the payload length)"
#define NOT_ASKED    "(not asked: not NSClient++)"

struct session {
	const struct nsc_target *target;
	struct nsc_http *http; /* one of these two */
	struct nsc_nrpe *nrpe;
	bool args_refused; /* NRPE's allow arguments is off */
	bool not_nsclient; /* NRPE: another agent, without NSClient++'s checks
			    */
	struct nsc_host *host;
	struct nsc_dotted agent; /* count 0: unknown */
	bool before_info;	 /* no /api/v1/info: older than 0.5.2.15 */
	struct nsc_answer answer;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3))) static void note(struct session *s,
						       const char *fmt, ...)
{
	size_t used = strlen(s->host->notes);
	char text[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (strstr(s->host->notes, text) != NULL ||
	    used + 3 + strlen(text) >= sizeof(s->host->notes))
		return;
	if (used) {
		memcpy(s->host->notes + used, "; ", 3);
		used += 2;
	}
	memcpy(s->host->notes + used, text, strlen(text) + 1);
}

/* In place, through the plugin's one sanitiser. */
static void sanitise(char *text, size_t size)
{
	char *copy = strdup(text);

	if (copy == NULL) {
		text[0] = '\0';
		return;
	}
	wb_sanitize(text, size, copy, strlen(copy));
	free(copy);
}

static const char *base(const struct session *s)
{
	return s->nrpe != NULL ? nsc_nrpe_base(s->nrpe)
			       : nsc_http_base(s->http);
}

/* GETs path (what names it in messages) and screens the answer. */
static enum nsc_status get(struct session *s, const char *path,
			   const char *what, struct nsc_response *r)
{
	enum nsc_status st = nsc_http_get(s->http, path, r, s->err, s->errlen);

	if (st != NSC_OK)
		return st;
	return nsc_screen(s->target, base(s), what, r, s->err, s->errlen);
}

/* command!nrpe_args over NRPE into s->answer, as run() does. */
static enum nsc_status run_nrpe(struct session *s, const char *command,
				const char *args)
{
	static char text[NSC_MESSAGE_MAX];
	char query[1024];
	int result = -1;
	bool capped = false;
	enum nsc_status st;

	/* once refused, every query with arguments is; an agent that is not
	 * NSClient++ has none of the checks that take them */
	if (args != NULL && (s->args_refused || s->not_nsclient)) {
		const char *m = s->args_refused ? ARGS_REFUSED : NOT_ASKED;

		nsc_plugin_output(m, strlen(m), 3, false, &s->answer);
		return NSC_OK;
	}
	snprintf(query, sizeof(query), "%s%s%s", command, args ? "!" : "",
		 args ? args : "");
	/* a v2 packet holds payload length - 1 bytes: the agent's setting */
	if (nsc_nrpe_version(s->nrpe) == 2 &&
	    (long)strlen(query) >= s->target->nrpe_payload) {
		note(s, "%s's query does not fit the payload length %ld",
		     command, s->target->nrpe_payload);
		nsc_plugin_output(TOO_LONG, strlen(TOO_LONG), 3, false,
				  &s->answer);
		return NSC_OK;
	}
	st = nsc_nrpe_run(s->nrpe, query, &result, text, sizeof(text), &capped,
			  s->err, s->errlen);
	if (st != NSC_OK)
		return st;
	nsc_plugin_output(text, strlen(text), result, capped, &s->answer);
	snprintf(s->answer.command, sizeof(s->answer.command), "%s", command);
	sanitise(s->answer.message, sizeof(s->answer.message));
	return NSC_OK;
}

/*
 * Runs command with args (already URL-encoded for REST, "!"-separated
 * for NRPE; NULL: none) through the chosen API into s->answer. NSC_OK
 * also for an answer whose message is an agent error; the caller reads
 * the message.
 */
static enum nsc_status run(struct session *s, const char *command,
			   const char *args, const char *nrpe_args)
{
	struct nsc_response r;
	char path[1024], why[256];
	enum nsc_status st;

	if (s->nrpe != NULL)
		return run_nrpe(s, command, nrpe_args);
	if (s->host->api == NSC_API_V1)
		snprintf(path, sizeof(path),
			 "/api/v1/queries/%s/commands/execute%s%s", command,
			 args ? "?" : "", args ? args : "");
	else
		snprintf(path, sizeof(path), "/query/%s%s%s", command,
			 args ? "?" : "", args ? args : "");
	st = get(s, path, command, &r);
	if (st != NSC_OK)
		return st;
	if (r.status != 200) {
		snprintf(s->err, s->errlen, "%s answered HTTP %ld to %s",
			 base(s), r.status, command);
		return NSC_ERR_ANSWER;
	}
	if (!nsc_answer_parse(r.body, r.len, &s->answer, why, sizeof(why))) {
		snprintf(s->err, s->errlen, "cannot read %s's answer to %s: %s",
			 base(s), command, why);
		return NSC_ERR_ANSWER;
	}
	sanitise(s->answer.message, sizeof(s->answer.message));
	return NSC_OK;
}

/* False, with a note, when the agent could not run the command. */
static bool answered(struct session *s, const char *command)
{
	const char *m = s->answer.message;

	if (strstr(m, ARGS_REFUSED) != NULL) {
		s->args_refused = true;
		note(s,
		     "the agent refuses arguments over NRPE, so only "
		     "check_os_version ran: set 'allow arguments = true' "
		     "under [/settings/NRPE/server] (nrpe: "
		     "dont_blame_nrpe=1) for the caption%s and hotfixes",
		     s->host->src_revision != NULL ? "" : ", revision");
		return false;
	}
	if (strcmp(m, TOO_LONG) == 0 || strcmp(m, NOT_ASKED) == 0)
		return false;
	if (strstr(m, "illegal metachars") != NULL) {
		note(s,
		     "the agent refused %s's characters ('allow nasty "
		     "characters' is off)",
		     command);
		return false;
	}
	if (strncmp(m, "Unknown command", 15) == 0 ||
	    (strncmp(m, "NRPE: Command '", 15) == 0 &&
	     strstr(m, "' not defined") != NULL)) {
		note(s, "the agent does not know %s: enable its %s module",
		     command, nsc_command_module(command));
		return false;
	}
	if (strstr(m, "WMIQuery failed") != NULL ||
	    strstr(m, "not allowed") != NULL) {
		note(s, "%s failed: %.120s", command, m);
		return false;
	}
	return true;
}

static bool agent_at_least(const struct session *s, long a, long b, long c)
{
	const long *v = s->agent.part;

	if (s->agent.count == 0)
		return false;
	if (v[0] != a)
		return v[0] > a;
	if (v[1] != b)
		return v[1] > b;
	return v[2] >= c;
}

/*
 * The agent's version from an info document (r, from path): /api/v1/info
 * and /api/v1/info/version both carry it. False when it has none.
 */
static bool agent_version(struct session *s, const struct nsc_response *r,
			  const char *path)
{
	if (!nsc_info_version(r->body, r->len, s->host->agent_version,
			      sizeof(s->host->agent_version)))
		return false;
	sanitise(s->host->agent_version, sizeof(s->host->agent_version));
	s->host->agent_version[strcspn(s->host->agent_version, " ")] = '\0';
	s->host->src_agent = path;
	if (!nsc_parse_dotted(s->host->agent_version, &s->agent))
		s->agent.count = 0;
	return true;
}

/*
 * /api/v1/info/version: the v1 API and the agent's version. Without it,
 * /api/v1/info (0.5.2.15 and later serve both; what answers only the
 * first is still the v1 API); without either, the legacy /query API.
 */
static enum nsc_status choose_api(struct session *s, enum nsc_api want)
{
	struct nsc_response r;
	enum nsc_status st;

	if (want == NSC_API_LEGACY) {
		s->host->api = NSC_API_LEGACY;
		return NSC_OK;
	}
	st = get(s, "/api/v1/info/version", "/api/v1/info/version", &r);
	if (st != NSC_OK)
		return st;
	if (r.status == 200 &&
	    agent_version(s, &r, "nsclient:/api/v1/info/version")) {
		s->host->api = NSC_API_V1;
		return NSC_OK;
	}
	if (r.status == 404) {
		st = get(s, "/api/v1/info", "/api/v1/info", &r);
		if (st != NSC_OK)
			return st;
		if (r.status == 200) {
			s->host->api = NSC_API_V1;
			if (!agent_version(s, &r, "nsclient:/api/v1/info"))
				note(s, "the agent version is unknown: "
					"/api/v1/info told none and "
					"/api/v1/info/version is missing");
			return NSC_OK;
		}
		if (r.status == 404 && want == NSC_API_AUTO) {
			s->host->api = NSC_API_LEGACY;
			s->before_info = true;
			note(s, "no /api/v1/info (an agent older than "
				"0.5.2.15): the legacy /query API is used and "
				"the agent version is unknown");
			return NSC_OK;
		}
		if (r.status != 404) {
			snprintf(s->err, s->errlen,
				 "%s answered HTTP 404 to /api/v1/info/version "
				 "and HTTP %ld to /api/v1/info",
				 base(s), r.status);
			return NSC_ERR_ANSWER;
		}
	}
	snprintf(s->err, s->errlen,
		 "%s answered HTTP %ld to /api/v1/info/version%s", base(s),
		 r.status, r.status == 200 ? " without a version" : "");
	return NSC_ERR_ANSWER;
}

/*
 * NRPE's hello: _NRPE_CHECK, which every agent answers without arguments
 * and NSClient++ with its version. It also settles the packet version.
 */
static enum nsc_status nrpe_hello(struct session *s)
{
	enum nsc_status st = run(s, "_NRPE_CHECK", NULL, NULL);

	s->host->api = NSC_API_NRPE;
	if (st != NSC_OK)
		return st;
	if (nsc_nrpe_check_version(s->answer.message, s->host->agent_version,
				   sizeof(s->host->agent_version))) {
		s->host->src_agent = "nsclient:_NRPE_CHECK";
		if (!nsc_parse_dotted(s->host->agent_version, &s->agent))
			s->agent.count = 0;
	} else {
		/* NSClient++ answers it with its version, whatever the era */
		s->not_nsclient = true;
		note(s,
		     "the agent answered _NRPE_CHECK with \"%.60s\": not "
		     "NSClient++, so only check_os_version was asked, not "
		     "NSClient++'s check_wmi and check_files",
		     s->answer.message);
	}
	return NSC_OK;
}

static enum nsc_status os_version(struct session *s)
{
	struct nsc_os_version v;
	bool server;
	enum nsc_status st = run(s, "check_os_version", NULL, NULL);

	if (st != NSC_OK || !answered(s, "check_os_version"))
		return st;
	if (!nsc_parse_os_version(s->answer.message, &v)) {
		note(s, "check_os_version said \"%.80s\", without a version",
		     s->answer.message);
		return NSC_OK;
	}
	snprintf(s->host->os_name, sizeof(s->host->os_name), "%s", v.name);
	snprintf(s->host->arch, sizeof(s->host->arch), "%s", v.arch);
	s->host->major = (int)v.version.part[0];
	s->host->minor = (int)v.version.part[1];
	s->host->build = v.version.part[2];
	s->host->src_version = "nsclient:check_os_version";
	/* until WMI says better: "Windows 2012" and "Windows Server 2008"
	 * are servers, "Windows 8" and "Windows 11 24H2" workstations (a
	 * guess: 0.6.15 and later swap the names of Windows 7 and 2008 R2) */
	server = strstr(v.name, "Server") != NULL ||
		 strncmp(v.name, "Windows 20", 10) == 0;
	s->host->product_type = server ? 3 : 1;
	s->host->src_type = "nsclient:check_os_version";
	/* the UBR is the fourth part from 0.15.0 on; 0 before Windows 10 */
	if (v.version.count == 4 && s->host->major >= 10) {
		s->host->revision = v.version.part[3];
		s->host->src_revision = "nsclient:check_os_version";
	}
	return NSC_OK;
}

static enum nsc_status os_facts(struct session *s)
{
	struct nsc_wmi_os w;
	enum nsc_status st = run(s, "check_wmi", "query=" Q_OS, N_OS);

	if (st != NSC_OK || !answered(s, "check_wmi"))
		return st;
	if (!nsc_parse_wmi_os(s->answer.message, &w)) {
		note(s, "Win32_OperatingSystem came back as \"%.80s\"",
		     s->answer.message);
		return NSC_OK;
	}
	snprintf(s->host->caption, sizeof(s->host->caption), "%s", w.caption);
	snprintf(s->host->service_pack, sizeof(s->host->service_pack), "%s",
		 w.service_pack);
	snprintf(s->host->arch, sizeof(s->host->arch), "%s", w.arch);
	s->host->product_type = w.product_type;
	s->host->src_type = "nsclient:check_wmi Win32_OperatingSystem";
	s->host->src_caption = "nsclient:check_wmi Win32_OperatingSystem";
	/* WMI tells the truth where 0.4's GetVersionEx said 6.2.9200 */
	s->host->major = (int)w.version.part[0];
	s->host->minor = (int)w.version.part[1];
	s->host->build = w.build;
	s->host->src_version = s->host->src_caption;
	return NSC_OK;
}

/*
 * The revision from ntoskrnl.exe's file version, through check_files:
 * every agent from 0.4 on has it with the version keyword
 * (check_single_file came with 0.11.33, after the registry check). The
 * file's build is the host's, or on an enablement line the line's base
 * (10.0.19041.6456 on 10.0.19045); its revision is the host's.
 */
static enum nsc_status kernel_revision(struct session *s)
{
	const struct nsc_host *h = s->host;
	struct nsc_dotted d;
	enum nsc_status st = run(s, "check_files", Q_KERNEL, N_KERNEL);

	if (st != NSC_OK || !answered(s, "check_files"))
		return st;
	if (!nsc_parse_dotted(s->answer.message, &d) || d.count != 4 ||
	    d.part[0] != h->major || d.part[1] != h->minor ||
	    (d.part[2] != h->build &&
	     d.part[2] != pol_revision_line(h->build))) {
		note(s, "ntoskrnl.exe's version came back as \"%.40s\"",
		     s->answer.message);
		return NSC_OK;
	}
	s->host->revision = d.part[3];
	s->host->src_revision = "nsclient:check_files ntoskrnl.exe";
	return NSC_OK;
}

/*
 * The registry's UBR (check_registry_value, 0.11.32 and later). *missing:
 * the agent does not have the command, which is not a fault to note.
 */
static enum nsc_status registry_revision(struct session *s, bool *missing)
{
	long ubr;
	enum nsc_status st = run(s, "check_registry_value", Q_UBR, NULL);

	*missing = false;
	if (st != NSC_OK)
		return st;
	if (strncmp(s->answer.message, "Unknown command", 15) == 0) {
		*missing = true;
		return NSC_OK;
	}
	if (!answered(s, "check_registry_value"))
		return NSC_OK;
	if (!wb_parse_long(s->answer.message, 0, 999999, &ubr)) {
		note(s, "the UBR came back as \"%.40s\"", s->answer.message);
		return NSC_OK;
	}
	s->host->revision = ubr;
	s->host->src_revision = "nsclient:check_registry_value UBR";
	return NSC_OK;
}

/*
 * The revision: on Windows 10 and later the UBR where the agent may have
 * the registry check, else (and where that gives nothing) the kernel
 * file's, as before Windows 10.
 */
static enum nsc_status revision(struct session *s)
{
	bool old, missing = false;
	enum nsc_status st;

	if (s->host->src_revision != NULL || s->host->build <= 0)
		return NSC_OK;
	if (s->host->major < 10 || s->nrpe != NULL)
		return kernel_revision(s);
	old = s->before_info ||
	      (s->agent.count > 0 && !agent_at_least(s, 0, 11, 32));
	if (!old) {
		st = registry_revision(s, &missing);
		if (st != NSC_OK || s->host->src_revision != NULL)
			return st;
	}
	st = kernel_revision(s);
	if (st != NSC_OK || s->host->src_revision != NULL)
		return st;
	if (old && s->agent.count > 0)
		note(s,
		     "NSClient++ %s cannot report the UBR (0.11.32 or later "
		     "can)",
		     s->host->agent_version);
	else if (old || missing)
		note(s, "the agent has no check_registry_value for the UBR "
			"(0.11.32 or later has)");
	return NSC_OK;
}

static enum nsc_status hotfixes(struct session *s)
{
	enum nsc_status st = run(s, "check_wmi", Q_HOTFIX, N_HOTFIX);

	if (st != NSC_OK || !answered(s, "check_wmi"))
		return st;
	s->host->nhotfixes =
		nsc_parse_hotfixes(s->answer.message, s->host->hotfixes,
				   NSC_HOTFIX_MAX, &s->host->hotfixes_capped);
	s->host->hotfixes_capped |= s->answer.capped;
	s->host->src_hotfixes = "nsclient:check_wmi Win32_QuickFixEngineering";
	return NSC_OK;
}

enum nsc_status nsc_query_host(const struct nsc_target *target,
			       struct nsc_host *host, char *err, size_t errlen)
{
	struct session *s = calloc(1, sizeof(*s));
	enum nsc_status st;

	memset(host, 0, sizeof(*host));
	host->build = -1;
	host->revision = -1;
	if (s == NULL) {
		snprintf(err, errlen, "out of memory");
		return NSC_ERR_ANSWER;
	}
	*s = (struct session){
		.target = target, .host = host, .err = err, .errlen = errlen};
	if (target->api == NSC_API_NRPE)
		s->nrpe = nsc_nrpe_new(target, err, errlen);
	else
		s->http = nsc_http_new(target, err, errlen);
	if (s->http == NULL && s->nrpe == NULL) {
		st = NSC_ERR_CONNECT;
		goto free_session;
	}
	if ((st = s->nrpe != NULL ? nrpe_hello(s)
				  : choose_api(s, target->api)) != NSC_OK ||
	    (st = os_version(s)) != NSC_OK || (st = os_facts(s)) != NSC_OK ||
	    (st = revision(s)) != NSC_OK || (st = hotfixes(s)) != NSC_OK)
		goto free_http;
	/* without WMI, 0.4's answer on 8.1/2012 R2 and later is a guess */
	if (host->api == NSC_API_LEGACY && host->build == 9200 &&
	    host->src_caption == NULL)
		note(s, "0.4 agents say 6.2.9200 on Windows 8.1, 2012 R2 and "
			"later too: the build is only sure with CheckWMI");
	if (host->build <= 0) {
		snprintf(err, errlen,
			 "NSClient++ at %s told no Windows version: %s",
			 base(s),
			 host->notes[0] ? host->notes : "no reason given");
		st = NSC_ERR_FACTS;
	}
free_http:
	nsc_http_free(s->http);
	nsc_nrpe_free(s->nrpe);
free_session:
	free(s);
	return st;
}
