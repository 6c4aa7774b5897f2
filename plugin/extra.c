/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "extra.h"

#include "lib/file.h"
#include "lib/ini.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define EXTRA_FILE_MAX (64 * 1024)

/* The monitoring-plugins' search path (parse_ini.c): the first that
 * exists is read. */
const char *const wb_extra_default_files[] = {
	"/usr/local/etc/monitoring-plugins/monitoring-plugins.ini",
	"/usr/local/etc/monitoring-plugins.ini",
	"/etc/monitoring-plugins/monitoring-plugins.ini",
	"/etc/monitoring-plugins.ini",
	"/etc/nagios/plugins.ini",
	"/usr/local/nagios/etc/plugins.ini",
	"/usr/local/etc/nagios/plugins.ini",
	"/etc/opt/nagios/plugins.ini",
	"/etc/nagios-plugins.ini",
	"/usr/local/etc/nagios-plugins.ini",
	"/etc/opt/nagios-plugins.ini",
	NULL,
};

/* The names looked for in each directory of MP_CONFIG_PATH and
 * NAGIOS_CONFIG_PATH. */
static const char *const path_names[] = {"monitoring-plugins.ini",
					 "plugins.ini", "nagios-plugins.ini"};

/* The options whose values are secrets, by name and by letter. */
static const char *const secret_options[] = {
	"community", "authpasswd", "privpasswd", "password",
	"C",	     "A",	   "X",		 NULL};

__attribute__((format(printf, 3, 4))) static bool fail(char *err, size_t len,
						       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return false;
}

/* Adds a string the expansion owns to the list of options read. */
static bool push(struct wb_extra *x, char ***list, int *n, char *s)
{
	char **grown, **owned;

	if (s == NULL)
		return false;
	grown = realloc(*list, (size_t)(*n + 1) * sizeof(**list));
	owned = realloc(x->owned, (size_t)(x->nowned + 1) * sizeof(*owned));
	if (owned != NULL)
		x->owned = owned;
	if (grown != NULL)
		*list = grown;
	if (grown == NULL || owned == NULL) {
		free(s);
		return false;
	}
	x->owned[x->nowned++] = s;
	(*list)[(*n)++] = s;
	return true;
}

/* The first file of the search path that exists, into path. */
static bool find_default(char *path, size_t len)
{
	const char *vars[] = {getenv("MP_CONFIG_PATH"),
			      getenv("NAGIOS_CONFIG_PATH")};
	struct stat st;

	for (size_t v = 0; v < 2; v++) {
		for (const char *d = vars[v]; d != NULL && *d != '\0';) {
			size_t n = strcspn(d, ":");
			for (size_t f = 0; n > 0 && f < 3; f++) {
				snprintf(path, len, "%.*s/%s", (int)n, d,
					 path_names[f]);
				if (stat(path, &st) == 0)
					return true;
			}
			d += n + (d[n] == ':');
		}
	}
	for (size_t f = 0; wb_extra_default_files[f] != NULL; f++) {
		snprintf(path, len, "%s", wb_extra_default_files[f]);
		if (stat(path, &st) == 0)
			return true;
	}
	return false;
}

/* What one section of one file gives. */
struct reading {
	struct wb_extra *x;
	const struct option *options;
	const char *section;
	bool found, secret;
	char **list; /* the options read, in order */
	int n;
};

static const struct option *find_option(const struct option *o, const char *key,
					size_t len)
{
	for (; o->name != NULL; o++)
		if (len == 1 ? o->val == key[0]
			     : strlen(o->name) == len &&
				       strncmp(o->name, key, len) == 0)
			return o;
	return NULL;
}

static bool on_entry(const struct wb_ini_entry *e, void *ctx, char *err,
		     size_t errlen)
{
	struct reading *r = ctx;
	const struct option *o;
	char name[64];

	if (e->section_len != strlen(r->section) ||
	    strncmp(e->section, r->section, e->section_len) != 0)
		return true;
	r->found = true;
	o = find_option(r->options, e->key, e->key_len);
	if (o == NULL || strcmp(o->name, "extra-opts") == 0)
		return fail(err, errlen, "'%.*s' is not an option of %s",
			    (int)e->key_len, e->key, WB_EXTRA_SECTION);
	for (size_t i = 0; secret_options[i] != NULL; i++)
		r->secret |= strcmp(o->name, secret_options[i]) == 0;
	snprintf(name, sizeof(name), "--%s", o->name);
	if (o->has_arg == no_argument) {
		if (e->value != NULL && e->value_len > 0)
			return fail(err, errlen, "%s takes no value", name);
		return push(r->x, &r->list, &r->n, strdup(name)) ||
		       fail(err, errlen, "out of memory");
	}
	if (e->value == NULL)
		return fail(err, errlen, "%s needs a value: %.*s = VALUE", name,
			    (int)e->key_len, e->key);
	return (push(r->x, &r->list, &r->n, strdup(name)) &&
		push(r->x, &r->list, &r->n, strndup(e->value, e->value_len))) ||
	       fail(err, errlen, "out of memory");
}

/* Reads one --extra-opts locator, [SECTION][@FILE], into r->list. */
static bool read_locator(const char *locator, struct reading *r, char *err,
			 size_t errlen)
{
	size_t at = strcspn(locator, "@");
	char section[128], path[4096];
	size_t len;
	bool others, ok;
	char *text;

	if (at >= sizeof(section) || strlen(locator) - at >= sizeof(path))
		return fail(err, errlen, "--extra-opts=%.60s: too long",
			    locator);
	if (at == 0)
		snprintf(section, sizeof(section), "%s", WB_EXTRA_SECTION);
	else
		snprintf(section, sizeof(section), "%.*s", (int)at, locator);
	if (locator[at] == '@')
		snprintf(path, sizeof(path), "%s", locator + at + 1);
	else if (!find_default(path, sizeof(path)))
		return fail(err, errlen,
			    "--extra-opts: no ini file found (set "
			    "MP_CONFIG_PATH, or give --extra-opts=@FILE)");
	if (path[0] == '\0')
		return fail(err, errlen, "--extra-opts=%s names no file",
			    locator);
	if (wb_read_file(path, EXTRA_FILE_MAX, "--extra-opts file", "64 KiB",
			 &text, &len, &others, err, errlen) != WB_READ_OK)
		return false;
	r->section = section;
	ok = wb_ini_parse(text, len, path, on_entry, r, err, errlen);
	/* as the monitoring-plugins do: a missing section falls back */
	if (ok && !r->found && strcmp(section, WB_EXTRA_SECTION) != 0) {
		r->section = WB_EXTRA_SECTION;
		ok = wb_ini_parse(text, len, path, on_entry, r, err, errlen);
	}
	free(text);
	if (ok && !r->found)
		ok = fail(err, errlen, "--extra-opts: %s has no [%s] section",
			  path, section);
	if (ok && r->secret && others)
		snprintf(r->x->advice, sizeof(r->x->advice),
			 "--extra-opts file %.150s holds a secret and is "
			 "readable "
			 "by every user: chmod o-r it",
			 path);
	return ok;
}

/*
 * How many arguments from argv[i] an --extra-opts takes: 1 for
 * "--extra-opts[=LOCATOR]", 2 for "--extra-opts LOCATOR" (the form Icinga 2
 * passes a value in), 0 for anything else; *locator gets its locator.
 */
static int extra_at(int argc, char **argv, int i, const char **locator)
{
	if (strncmp(argv[i], "--extra-opts=", 13) == 0) {
		*locator = argv[i] + 13;
		return 1;
	}
	if (strcmp(argv[i], "--extra-opts") != 0)
		return 0;
	if (i + 1 < argc && argv[i + 1][0] != '-') {
		*locator = argv[i + 1];
		return 2;
	}
	*locator = "";
	return 1;
}

bool wb_extra_opts(int argc, char **argv, const struct option *options,
		   struct wb_extra *out, char *err, size_t errlen)
{
	struct reading r = {.x = out, .options = options};
	const char *locator;
	int i, n = 0, taken, asked = 0;
	bool ok = true;

	*out = (struct wb_extra){.argc = argc, .argv = argv};
	for (i = 1; ok && i < argc && strcmp(argv[i], "--") != 0; i++) {
		taken = extra_at(argc, argv, i, &locator);
		if (taken == 0)
			continue;
		ok = read_locator(locator, &r, err, errlen);
		r.found = r.secret = false;
		i += taken - 1;
		asked++;
	}
	if (ok && asked == 0)
		return true; /* argv as it is */
	out->argv = NULL;
	if (ok)
		out->argv =
			calloc((size_t)(argc + r.n + 1), sizeof(*out->argv));
	if (ok && out->argv == NULL)
		ok = fail(err, errlen, "out of memory");
	if (out->argv != NULL) {
		out->copied = true;
		out->argv[n++] = argv[0];
		for (i = 0; i < r.n; i++)
			out->argv[n++] = r.list[i];
		for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
			taken = extra_at(argc, argv, i, &locator);
			if (taken == 0)
				out->argv[n++] = argv[i];
			else
				i += taken - 1;
		}
		while (i < argc)
			out->argv[n++] = argv[i++];
		out->argc = n;
	}
	free(r.list);
	return ok;
}

void wb_extra_free(struct wb_extra *x)
{
	for (int i = 0; i < x->nowned; i++)
		free(x->owned[i]);
	free(x->owned);
	if (x->copied)
		free(x->argv);
	*x = (struct wb_extra){0};
}
