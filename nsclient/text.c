/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "text.h"

#include "policy/date.h"

#include <stdio.h>
#include <string.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads up to 9 digits; false if there are none. */
static bool read_number(const char **p, long *out)
{
	long v = 0;
	int n = 0;

	while (is_digit(**p) && n < 9) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*out = v;
	return n > 0 && !is_digit(**p);
}

bool nsc_parse_dotted(const char *text, struct nsc_dotted *out)
{
	const char *p = text;

	out->count = 0;
	for (int i = 0; i < 4; i++)
		out->part[i] = -1;
	while (out->count < 4) {
		if (!read_number(&p, &out->part[out->count]))
			return false;
		out->count++;
		if (*p != '.' || !is_digit(p[1]))
			break;
		p++;
	}
	return out->count >= 2;
}

/* Copies len bytes of text into dst, trimmed of blanks at both ends. */
static void copy_trimmed(char *dst, size_t dstlen, const char *s, size_t len)
{
	while (len > 0 && *s == ' ') {
		s++;
		len--;
	}
	while (len > 0 && s[len - 1] == ' ')
		len--;
	if (len >= dstlen)
		len = dstlen - 1;
	memcpy(dst, s, len);
	dst[len] = '\0';
}

bool nsc_parse_os_version(const char *message, struct nsc_os_version *out)
{
	const char *open = strrchr(message, '(');
	const char *colon = strstr(message, ": ");
	const char *name = message, *close;

	memset(out, 0, sizeof(*out));
	if (open == NULL || !nsc_parse_dotted(open + 1, &out->version) ||
	    out->version.count < 3)
		return false;
	close = strchr(open, ')');
	if (close == NULL)
		return false;
	/* "OK: Windows 2008 (": the status prefix is not part of the name */
	if (colon != NULL && colon < open)
		name = colon + 2;
	copy_trimmed(out->name, sizeof(out->name), name, (size_t)(open - name));
	copy_trimmed(out->arch, sizeof(out->arch), close + 1,
		     strlen(close + 1));
	return true;
}

/* The start of the n-th field from the right, fields split by ", ". */
static const char *field_from_right(const char *s, const char *end, int n)
{
	const char *p = end;

	for (int i = 0; i < n; i++) {
		while (p > s && !(p[-1] == ' ' && p - 1 > s && p[-2] == ','))
			p--;
		if (p == s)
			return NULL;
		p -= 2;
	}
	return p;
}

bool nsc_parse_wmi_os(const char *message, struct nsc_wmi_os *out)
{
	const char *end = message + strlen(message);
	const char *f[6];
	long type;

	memset(out, 0, sizeof(*out));
	/* f[0] ends the caption; f[1..5] start each later column */
	f[0] = field_from_right(message, end, 5);
	if (f[0] == NULL)
		return false;
	copy_trimmed(out->caption, sizeof(out->caption), message,
		     (size_t)(f[0] - message));
	f[1] = f[0] + 2;
	for (int i = 2; i <= 5; i++) {
		f[i] = strstr(f[i - 1], ", ");
		if (f[i] == NULL)
			return false;
		f[i] += 2;
	}
	if (!nsc_parse_dotted(f[1], &out->version) || out->version.count < 3 ||
	    !read_number(&f[2], &out->build) || *f[2] != ',' ||
	    !read_number(&f[3], &type) || *f[3] != ',' || type > 3)
		return false;
	out->product_type = (int)type;
	copy_trimmed(out->service_pack, sizeof(out->service_pack), f[4],
		     (size_t)(f[5] - 2 - f[4]));
	/* old agents print a NULL column as the word */
	if (strcmp(out->service_pack, "NULL") == 0)
		out->service_pack[0] = '\0';
	copy_trimmed(out->arch, sizeof(out->arch), f[5], strlen(f[5]));
	return out->caption[0] != '\0' && out->build == out->version.part[2];
}

/* 1 to max digits in [*p, end) as a number. */
static bool read_bounded(const char **p, const char *end, int max, long *out)
{
	long v = 0;
	int n = 0;

	while (*p < end && is_digit(**p) && n < max) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*out = v;
	return n > 0 && (*p == end || !is_digit(**p));
}

/* WMI's InstalledOn, "M/D/YYYY" (as NSClient++'s own check_patch_age
 * shows it); anything else is not a date here. */
static long installed_on(const char *s, size_t len)
{
	char iso[64]; /* room for any long: the parts have 1 to 4 digits */
	long month, mday, year, day;
	const char *p = s, *end = s + len;

	if (!read_bounded(&p, end, 2, &month) || p == end || *p++ != '/' ||
	    !read_bounded(&p, end, 2, &mday) || p == end || *p++ != '/' ||
	    !read_bounded(&p, end, 4, &year) || p != end)
		return POL_NO_DATE;
	snprintf(iso, sizeof(iso), "%04ld-%02ld-%02ld", year, month, mday);
	return pol_date_parse(iso, strlen(iso), &day) ? day : POL_NO_DATE;
}

/* Newest first, undated last; stable, so the agent's order breaks ties. */
static void sort_newest_first(struct pol_hotfix *h, int n)
{
	for (int i = 1; i < n; i++) {
		struct pol_hotfix x = h[i];
		int j = i;
		while (j > 0 && h[j - 1].installed < x.installed) {
			h[j] = h[j - 1];
			j--;
		}
		h[j] = x;
	}
}

int nsc_parse_hotfixes(const char *message, struct pol_hotfix *out, int max,
		       bool *capped)
{
	const char *p = message;
	int n = 0;

	*capped = false;
	while (*p != '\0') {
		const char *end = strstr(p, ", ");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *space = memchr(p, ' ', len);
		size_t idlen = space ? (size_t)(space - p) : len;

		if (idlen > 0 && idlen < sizeof(out[0].id)) {
			if (n == max) {
				*capped = true;
				break;
			}
			copy_trimmed(out[n].id, sizeof(out[n].id), p, idlen);
			out[n].installed =
				space ? installed_on(space + 1, len - idlen - 1)
				      : POL_NO_DATE;
			n++;
		}
		if (end == NULL)
			break;
		p = end + 2;
	}
	sort_newest_first(out, n);
	return n;
}

const char *nsc_command_module(const char *command)
{
	if (strcmp(command, "check_wmi") == 0)
		return "CheckWMI";
	if (strcmp(command, "check_files") == 0)
		return "CheckDisk";
	return "CheckSystem";
}

void nsc_plugin_output(const char *text, size_t len, int result, bool capped,
		       struct nsc_answer *out)
{
	size_t at = 0, n = 0;
	bool perf = false;

	memset(out, 0, sizeof(*out));
	out->result = result >= 0 && result <= 3 ? result : -1;
	out->capped = capped;
	for (at = 0; at < len; at++) {
		char ch = text[at];

		/* '|' starts perfdata up to the line's end */
		if (ch == '\n')
			perf = false;
		else if (ch == '|' || perf) {
			perf = true;
			continue;
		}
		if (n + 1 >= sizeof(out->message)) {
			out->capped = true;
			break;
		}
		out->message[n++] = ch;
	}
	while (n > 0 && (out->message[n - 1] == '\n' ||
			 out->message[n - 1] == '\r' ||
			 out->message[n - 1] == ' '))
		n--;
	out->message[n] = '\0';
	out->message_len = n;
}

bool nsc_nrpe_check_version(const char *text, char *buf, size_t buflen)
{
	struct nsc_dotted d;
	size_t n;

	if (strncmp(text, "I (", 3) != 0 || !nsc_parse_dotted(text + 3, &d))
		return false;
	n = strspn(text + 3, "0123456789.");
	if (n + 1 > buflen)
		return false;
	memcpy(buf, text + 3, n);
	buf[n] = '\0';
	return true;
}
