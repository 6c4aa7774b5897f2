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
#include "session.h"
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

/* The questions, in the order a session asks them (S_INFO and S_REGISTRY
 * only on some branches). */
enum step {
	S_VERSION,    /* /api/v1/info/version */
	S_INFO,	      /* /api/v1/info, when the above is missing */
	S_HELLO,      /* NRPE's _NRPE_CHECK */
	S_OS_VERSION, /* check_os_version */
	S_OS_FACTS,   /* check_wmi Win32_OperatingSystem */
	S_REGISTRY,   /* check_registry_value UBR */
	S_KERNEL,     /* check_files ntoskrnl.exe */
	S_HOTFIXES,   /* check_wmi Win32_QuickFixEngineering */
	S_END
};

/* What each step asks. */
static const struct question {
	const char *what;      /* the command, or the info document's path */
	const char *args;      /* REST's, URL-encoded, or NULL */
	const char *nrpe_args; /* NRPE's, "!"-separated, or NULL */
	bool info;	       /* a document, not a command */
} questions[S_END] = {
	[S_VERSION] = {"/api/v1/info/version", NULL, NULL, true},
	[S_INFO] = {"/api/v1/info", NULL, NULL, true},
	[S_HELLO] = {"_NRPE_CHECK", NULL, NULL, false},
	[S_OS_VERSION] = {"check_os_version", NULL, NULL, false},
	[S_OS_FACTS] = {"check_wmi", "query=" Q_OS, N_OS, false},
	[S_REGISTRY] = {"check_registry_value", Q_UBR, NULL, false},
	[S_KERNEL] = {"check_files", Q_KERNEL, N_KERNEL, false},
	[S_HOTFIXES] = {"check_wmi", Q_HOTFIX, N_HOTFIX, false},
};

struct nsc_session {
	const struct nsc_target *target;
	struct nsc_http *http; /* the blocking driver's, one of these two */
	struct nsc_nrpe *nrpe;
	const char *base; /* "https://host:port" or NRPE's, for messages */
	enum step step;
	enum nsc_status status; /* S_END's */
	bool args_refused;	/* NRPE's allow arguments is off */
	bool not_nsclient; /* NRPE: another agent, without NSClient++'s checks
			    */
	bool kernel_only;  /* the revision from the kernel file alone */
	bool old_agent;	   /* too old for check_registry_value */
	bool no_registry;  /* the agent does not have check_registry_value */
	struct nsc_host *host;
	struct nsc_dotted agent; /* count 0: unknown */
	bool before_info;	 /* no /api/v1/info: older than 0.5.2.15 */
	struct nsc_answer answer;
	char path[1024]; /* the request next() gave */
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3))) static void note(struct nsc_session *s,
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

/* The REST path of command with args (URL-encoded; NULL: none), in the
 * API the agent speaks, into s->path. */
static void command_path(struct nsc_session *s, const char *command,
			 const char *args)
{
	if (s->host->api == NSC_API_V1)
		snprintf(s->path, sizeof(s->path),
			 "/api/v1/queries/%s/commands/execute%s%s", command,
			 args ? "?" : "", args ? args : "");
	else
		snprintf(s->path, sizeof(s->path), "/query/%s%s%s", command,
			 args ? "?" : "", args ? args : "");
}

/*
 * Answers command!args without asking, when asking is useless: once
 * refused, every query with arguments is; an agent that is not
 * NSClient++ has none of the checks that take them; a v2 packet holds
 * payload length - 1 bytes (the agent's setting). False: ask it.
 */
static bool nrpe_shortcut(struct nsc_session *s, int version,
			  const char *command, const char *args)
{
	const char *m = NULL;

	if (args != NULL && (s->args_refused || s->not_nsclient))
		m = s->args_refused ? ARGS_REFUSED : NOT_ASKED;
	else if (version == 2 &&
		 (long)strlen(s->path) >= s->target->nrpe_payload) {
		note(s, "%s's query does not fit the payload length %ld",
		     command, s->target->nrpe_payload);
		m = TOO_LONG;
	}
	if (m == NULL)
		return false;
	nsc_plugin_output(m, strlen(m), 3, false, &s->answer);
	return true;
}

/*
 * A command's answer over REST (r, screened) into s->answer. NSC_OK also
 * for an answer whose message is an agent error; the caller reads the
 * message.
 */
static enum nsc_status rest_answer(struct nsc_session *s, const char *command,
				   const struct nsc_response *r)
{
	char why[256];

	if (r->status != 200) {
		snprintf(s->err, s->errlen, "%s answered HTTP %ld to %s",
			 s->base, r->status, command);
		return NSC_ERR_ANSWER;
	}
	if (!nsc_answer_parse(r->body, r->len, &s->answer, why, sizeof(why))) {
		snprintf(s->err, s->errlen, "cannot read %s's answer to %s: %s",
			 s->base, command, why);
		return NSC_ERR_ANSWER;
	}
	sanitise(s->answer.message, sizeof(s->answer.message));
	return NSC_OK;
}

/* False, with a note, when the agent could not run the command. */
static bool answered(struct nsc_session *s, const char *command)
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

static bool agent_at_least(const struct nsc_session *s, long a, long b, long c)
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
static bool agent_version(struct nsc_session *s, const struct nsc_response *r,
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
static enum nsc_status take_version(struct nsc_session *s,
				    const struct nsc_response *r)
{
	if (r->status == 200 &&
	    agent_version(s, r, "nsclient:/api/v1/info/version")) {
		s->host->api = NSC_API_V1;
		s->step = S_OS_VERSION;
		return NSC_OK;
	}
	if (r->status == 404) {
		s->step = S_INFO;
		return NSC_OK;
	}
	snprintf(s->err, s->errlen,
		 "%s answered HTTP %ld to /api/v1/info/version%s", s->base,
		 r->status, r->status == 200 ? " without a version" : "");
	return NSC_ERR_ANSWER;
}

static enum nsc_status take_info(struct nsc_session *s,
				 const struct nsc_response *r)
{
	if (r->status == 200) {
		s->host->api = NSC_API_V1;
		if (!agent_version(s, r, "nsclient:/api/v1/info"))
			note(s, "the agent version is unknown: /api/v1/info "
				"told none and /api/v1/info/version is "
				"missing");
		s->step = S_OS_VERSION;
		return NSC_OK;
	}
	if (r->status == 404 && s->target->api == NSC_API_AUTO) {
		s->host->api = NSC_API_LEGACY;
		s->before_info = true;
		note(s, "no /api/v1/info (an agent older than 0.5.2.15): the "
			"legacy /query API is used and the agent version is "
			"unknown");
		s->step = S_OS_VERSION;
		return NSC_OK;
	}
	if (r->status != 404)
		snprintf(s->err, s->errlen,
			 "%s answered HTTP 404 to /api/v1/info/version and "
			 "HTTP %ld to /api/v1/info",
			 s->base, r->status);
	else
		snprintf(s->err, s->errlen,
			 "%s answered HTTP 404 to /api/v1/info/version",
			 s->base);
	return NSC_ERR_ANSWER;
}

/*
 * NRPE's hello: _NRPE_CHECK, which every agent answers without arguments
 * and NSClient++ with its version. It also settles the packet version.
 */
static void take_hello(struct nsc_session *s)
{
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
	s->step = S_OS_VERSION;
}

static void take_os_version(struct nsc_session *s)
{
	struct nsc_os_version v;
	bool server;

	s->step = S_OS_FACTS;
	if (!answered(s, "check_os_version"))
		return;
	if (!nsc_parse_os_version(s->answer.message, &v)) {
		note(s, "check_os_version said \"%.80s\", without a version",
		     s->answer.message);
		return;
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
}

/*
 * Where the revision comes from: on Windows 10 and later the UBR where
 * the agent may have the registry check, else (and where that gives
 * nothing) the kernel file's, as before Windows 10; nothing to ask when
 * check_os_version told it or no build is known.
 */
static enum step revision_step(struct nsc_session *s)
{
	const struct nsc_host *h = s->host;

	if (h->src_revision != NULL || h->build <= 0)
		return S_HOTFIXES;
	if (h->major < 10 || s->target->api == NSC_API_NRPE) {
		s->kernel_only = true;
		return S_KERNEL;
	}
	s->old_agent = s->before_info ||
		       (s->agent.count > 0 && !agent_at_least(s, 0, 11, 32));
	return s->old_agent ? S_KERNEL : S_REGISTRY;
}

static void take_os_facts(struct nsc_session *s)
{
	struct nsc_wmi_os w;

	if (!answered(s, "check_wmi"))
		goto next;
	if (!nsc_parse_wmi_os(s->answer.message, &w)) {
		note(s, "Win32_OperatingSystem came back as \"%.80s\"",
		     s->answer.message);
		goto next;
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
next:
	s->step = revision_step(s);
}

/*
 * The registry's UBR (check_registry_value, 0.11.32 and later). An agent
 * without the command is not a fault to note; the kernel file is asked
 * next unless the UBR came.
 */
static void take_registry(struct nsc_session *s)
{
	long ubr;

	if (strncmp(s->answer.message, "Unknown command", 15) == 0)
		s->no_registry = true;
	else if (!answered(s, "check_registry_value"))
		;
	else if (!wb_parse_long(s->answer.message, 0, 999999, &ubr))
		note(s, "the UBR came back as \"%.40s\"", s->answer.message);
	else {
		s->host->revision = ubr;
		s->host->src_revision = "nsclient:check_registry_value UBR";
	}
	s->step = s->host->src_revision != NULL ? S_HOTFIXES : S_KERNEL;
}

/*
 * The revision from ntoskrnl.exe's file version, through check_files:
 * every agent from 0.4 on has it with the version keyword
 * (check_single_file came with 0.11.33, after the registry check). The
 * file's build is the host's, or on an enablement line the line's base
 * (10.0.19041.6456 on 10.0.19045); its revision is the host's.
 */
static void take_kernel(struct nsc_session *s)
{
	const struct nsc_host *h = s->host;
	struct nsc_dotted d;

	s->step = S_HOTFIXES;
	if (!answered(s, "check_files"))
		goto why_none;
	if (!nsc_parse_dotted(s->answer.message, &d) || d.count != 4 ||
	    d.part[0] != h->major || d.part[1] != h->minor ||
	    (d.part[2] != h->build &&
	     d.part[2] != pol_revision_line(h->build))) {
		note(s, "ntoskrnl.exe's version came back as \"%.40s\"",
		     s->answer.message);
		goto why_none;
	}
	s->host->revision = d.part[3];
	s->host->src_revision = "nsclient:check_files ntoskrnl.exe";
	return;
why_none:
	/* on Windows 10 and later, the agent's age may be why */
	if (s->kernel_only)
		return;
	if (s->old_agent && s->agent.count > 0)
		note(s,
		     "NSClient++ %s cannot report the UBR (0.11.32 or later "
		     "can)",
		     s->host->agent_version);
	else if (s->old_agent || s->no_registry)
		note(s, "the agent has no check_registry_value for the UBR "
			"(0.11.32 or later has)");
}

static void take_hotfixes(struct nsc_session *s)
{
	s->step = S_END;
	if (!answered(s, "check_wmi"))
		return;
	s->host->nhotfixes =
		nsc_parse_hotfixes(s->answer.message, s->host->hotfixes,
				   NSC_HOTFIX_MAX, &s->host->hotfixes_capped);
	s->host->hotfixes_capped |= s->answer.capped;
	s->host->src_hotfixes = "nsclient:check_wmi Win32_QuickFixEngineering";
}

/* A command's answer, in s->answer, read as the current step's. */
static void take_answer(struct nsc_session *s)
{
	switch (s->step) {
	case S_HELLO:
		take_hello(s);
		break;
	case S_OS_VERSION:
		take_os_version(s);
		break;
	case S_OS_FACTS:
		take_os_facts(s);
		break;
	case S_REGISTRY:
		take_registry(s);
		break;
	case S_KERNEL:
		take_kernel(s);
		break;
	case S_HOTFIXES:
		take_hotfixes(s);
		break;
	case S_VERSION:
	case S_INFO:
	case S_END:
		break;
	}
}

/* The verdict once every question is answered. */
static enum nsc_status verdict(struct nsc_session *s)
{
	const struct nsc_host *host = s->host;

	/* without WMI, 0.4's answer on 8.1/2012 R2 and later is a guess */
	if (host->api == NSC_API_LEGACY && host->build == 9200 &&
	    host->src_caption == NULL)
		note(s, "0.4 agents say 6.2.9200 on Windows 8.1, 2012 R2 and "
			"later too: the build is only sure with CheckWMI");
	if (host->build <= 0) {
		snprintf(s->err, s->errlen,
			 "NSClient++ at %s told no Windows version: %s",
			 s->base,
			 host->notes[0] ? host->notes : "no reason given");
		return NSC_ERR_FACTS;
	}
	return NSC_OK;
}

/* After a step: the session ends on a failure or once all is asked. */
static void advance(struct nsc_session *s, enum nsc_status st)
{
	if (st != NSC_OK) {
		s->status = st;
		s->step = S_END;
	} else if (s->step == S_END) {
		s->status = verdict(s);
	}
}

struct nsc_session *nsc_session_new(const struct nsc_target *target,
				    struct nsc_host *host, const char *base,
				    char *err, size_t errlen)
{
	struct nsc_session *s = calloc(1, sizeof(*s));

	memset(host, 0, sizeof(*host));
	host->build = -1;
	host->revision = -1;
	if (s == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	*s = (struct nsc_session){.target = target,
				  .host = host,
				  .base = base,
				  .err = err,
				  .errlen = errlen};
	if (target->api == NSC_API_NRPE) {
		host->api = NSC_API_NRPE;
		s->step = S_HELLO;
	} else if (target->api == NSC_API_LEGACY) {
		host->api = NSC_API_LEGACY;
		s->step = S_OS_VERSION;
	} else {
		s->step = S_VERSION;
	}
	return s;
}

void nsc_session_free(struct nsc_session *s)
{
	free(s);
}

bool nsc_session_next(struct nsc_session *s, const char **path,
		      const char **what)
{
	const struct question *q;

	if (s->step == S_END)
		return false;
	q = &questions[s->step];
	if (q->info)
		snprintf(s->path, sizeof(s->path), "%s", q->what);
	else
		command_path(s, q->what, q->args);
	*path = s->path;
	*what = q->what;
	return true;
}

bool nsc_session_last(const struct nsc_session *s)
{
	return s->step == S_HOTFIXES;
}

void nsc_session_take(struct nsc_session *s, enum nsc_status st,
		      const struct nsc_response *r)
{
	const struct question *q = &questions[s->step];

	if (s->step == S_END)
		return;
	if (st == NSC_OK)
		st = nsc_screen(s->target, s->base, q->what, r, s->err,
				s->errlen);
	if (st == NSC_OK && s->step == S_VERSION)
		st = take_version(s, r);
	else if (st == NSC_OK && s->step == S_INFO)
		st = take_info(s, r);
	else if (st == NSC_OK && (st = rest_answer(s, q->what, r)) == NSC_OK)
		take_answer(s);
	advance(s, st);
}

bool nsc_session_nrpe_next(struct nsc_session *s, int version,
			   const char **query)
{
	while (s->step != S_END) {
		const struct question *q = &questions[s->step];

		snprintf(s->path, sizeof(s->path), "%s%s%s", q->what,
			 q->nrpe_args ? "!" : "",
			 q->nrpe_args ? q->nrpe_args : "");
		if (!nrpe_shortcut(s, version, q->what, q->nrpe_args)) {
			*query = s->path;
			return true;
		}
		take_answer(s);
		advance(s, NSC_OK);
	}
	return false;
}

void nsc_session_nrpe_take(struct nsc_session *s, enum nsc_status st,
			   int result, const char *text, bool capped)
{
	const struct question *q = &questions[s->step];

	if (s->step == S_END)
		return;
	if (st == NSC_OK) {
		nsc_plugin_output(text, strlen(text), result, capped,
				  &s->answer);
		snprintf(s->answer.command, sizeof(s->answer.command), "%s",
			 q->what);
		sanitise(s->answer.message, sizeof(s->answer.message));
		take_answer(s);
	}
	advance(s, st);
}

enum nsc_status nsc_session_status(const struct nsc_session *s)
{
	return s->step == S_END ? s->status : NSC_ERR_CONNECT;
}

/* The NRPE questions, each answer awaited. */
static void ask_nrpe(struct nsc_session *s)
{
	static char text[NSC_MESSAGE_MAX];
	const char *query;

	while (nsc_session_nrpe_next(s, nsc_nrpe_version(s->nrpe), &query)) {
		int result = -1;
		bool capped = false;
		enum nsc_status st =
			nsc_nrpe_run(s->nrpe, query, &result, text,
				     sizeof(text), &capped, s->err, s->errlen);

		nsc_session_nrpe_take(s, st, result, text, capped);
	}
}

enum nsc_status nsc_query_host(const struct nsc_target *target,
			       struct nsc_host *host, char *err, size_t errlen)
{
	struct nsc_session *s =
		nsc_session_new(target, host, NULL, err, errlen);
	struct nsc_response r;
	const char *path, *what;
	enum nsc_status st;

	if (s == NULL)
		return NSC_ERR_ANSWER;
	if (target->api == NSC_API_NRPE)
		s->nrpe = nsc_nrpe_new(target, err, errlen);
	else
		s->http = nsc_http_new(target, err, errlen);
	if (s->http == NULL && s->nrpe == NULL) {
		st = NSC_ERR_CONNECT;
		goto free_session;
	}
	s->base = s->nrpe != NULL ? nsc_nrpe_base(s->nrpe)
				  : nsc_http_base(s->http);
	/* one question at a time, each answer awaited */
	if (s->nrpe != NULL)
		ask_nrpe(s);
	while (s->http != NULL && nsc_session_next(s, &path, &what)) {
		st = nsc_http_get(s->http, path, &r, err, errlen);
		nsc_session_take(s, st, &r);
	}
	st = s->status;
	nsc_http_free(s->http);
	nsc_nrpe_free(s->nrpe);
free_session:
	nsc_session_free(s);
	return st;
}
