/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A fleet inventory (--hosts, user text): every host has an address, on
 * increasing lines within the text's; its texts hold no blank, no control
 * character and no '#'; a port is a port, a version 1, 2c or 3, a security
 * level and protocols among -L's, -a's and -x's; a secret (community,
 * passphrases, password) is only ever a reference; a host whose source= is
 * written has none of the other source's keys. A refusal names the file,
 * and a line inside the text when it names one, and the answer that shows
 * it is clean.
 */
#include "fuzz.h"
#include "plugin/inventory.h"
#include "policy/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check_word(const char *what, const char *s)
{
	if (s == NULL)
		return;
	if (*s == '\0')
		fuzz_fail("an empty %s", what);
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == ' ' || *s == '#' ||
		    *s == 0x7f)
			fuzz_fail("%s byte 0x%02x", what, (unsigned char)*s);
}

int fuzz_inventory(const uint8_t *data, size_t size)
{
	static char text[WB_INVENTORY_BUF];
	struct wb_inventory_reader r;
	struct wb_host host;
	const struct wb_host *h = &host;
	char err[512], shown[600];
	int lines = 1, last = 0, got;
	size_t hosts = 0;
	FILE *in = fmemopen((void *)data, size, "r");

	if (in == NULL)
		fuzz_fail("fmemopen of %zu bytes", size);
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	wb_inventory_reader_init(&r, in, "hosts.txt");
	while ((got = wb_inventory_next(&r, text, &host, err, sizeof(err))) ==
	       1) {
		hosts++;
		if (h->line <= last || h->line > lines)
			fuzz_fail("host on line %d after %d, of %d", h->line,
				  last, lines);
		last = h->line;
		check_word("address", h->address);
		check_word("name", h->name);
		check_word("community reference", h->community);
		check_word("password reference", h->password);
		check_word("user", h->user);
		check_word("edition", h->edition);
		check_word("policy", h->policy);
		if (h->policy != NULL &&
		    !pol_is_name(h->policy, strlen(h->policy)))
			fuzz_fail("policy=%s is not a section name", h->policy);
		check_word("site", h->site);
		check_word("owner", h->owner);
		check_word("group", h->group);
		if (h->port < 0 || h->port > 65535)
			fuzz_fail("port %ld", h->port);
		if (h->version < -1 || h->version > 2)
			fuzz_fail("version %d", h->version);
		if ((h->community_ref == WB_REF_NONE) != (h->community == NULL))
			fuzz_fail("a community reference of kind %d",
				  (int)h->community_ref);
		check_word("secname", h->secname);
		check_word("context", h->context);
		check_word("authentication passphrase reference", h->auth_pass);
		check_word("privacy passphrase reference", h->priv_pass);
		if ((h->auth_ref == WB_REF_NONE) != (h->auth_pass == NULL) ||
		    (h->priv_ref == WB_REF_NONE) != (h->priv_pass == NULL))
			fuzz_fail("a passphrase reference of kinds %d, %d",
				  (int)h->auth_ref, (int)h->priv_ref);
		if (h->level < -1 || h->level > 2 || h->auth < -1 ||
		    h->auth > 5 || h->priv < -1 || h->priv > 3)
			fuzz_fail("level %d, auth %d, priv %d", h->level,
				  h->auth, h->priv);
		if ((h->password_ref == WB_REF_NONE) != (h->password == NULL))
			fuzz_fail("a password reference of kind %d",
				  (int)h->password_ref);
		/* a host that says its source carries no other's keys */
		if (h->source != WB_HOST_DEFAULT &&
		    wb_host_misfit(h, h->source) != NULL)
			fuzz_fail("source %d with %s=", (int)h->source,
				  wb_host_misfit(h, h->source));
	}
	fclose(in);
	if (got < 0) {
		int line;

		if (strncmp(err, "hosts.txt:", 10) != 0)
			fuzz_fail("a refusal without the file: '%s'", err);
		if (sscanf(err + 10, "%d", &line) == 1 &&
		    (line < 1 || line > lines))
			fuzz_fail("line %d of %d: '%s'", line, lines, err);
		/* it quotes the file: the answer that shows it is clean */
		wb_inventory_refusal(shown, sizeof(shown), err);
		if (strncmp(shown, "WINBUILD FLEET UNKNOWN - hosts.txt:", 35) !=
			    0 ||
		    shown[strlen(shown) - 1] != '\n')
			fuzz_fail("the answer '%s'", shown);
		shown[strlen(shown) - 1] = '\0';
		fuzz_check_clean("the answer", shown);
		return 0;
	}
	if (hosts == 0)
		fuzz_fail("no host, and no refusal");
	return 0;
}
