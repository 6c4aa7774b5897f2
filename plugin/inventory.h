/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The inventory of a fleet run (--hosts FILE): one host a line, its
 * address first, then KEY=VALUE fields where it differs from the command
 * line, and labels:
 *
 *     # comment
 *     ADDRESS [name=NAME] [source=snmp|rest|nrpe] [port=PORT]
 *             [version=1|2c|3]
 *             [community-file=PATH | community-env=VARIABLE]
 *             [secname=USER] [seclevel=LEVEL] [context=NAME]
 *             [authproto=PROTO] [auth-file=PATH | auth-env=VARIABLE]
 *             [privproto=PROTO] [priv-file=PATH | priv-env=VARIABLE]
 *             [user=USER] [password-file=PATH | password-env=VARIABLE]
 *             [edition=EDITION] [policy=NAME]
 *             [site=TEXT] [owner=TEXT] [group=TEXT]
 *
 * source= says how the host is asked (default: the command line's
 * --source), port= is that source's port. version=, community-* and the
 * SNMPv3 keys go with SNMP hosts, user= and password-* with NSClient++
 * REST hosts; NRPE hosts take the command line's --nrpe-* settings and no
 * key of their own. The SNMPv3 keys take what -U, -L, -N, -a and -x take;
 * a key not given is the command line's. Secrets (the community, the
 * SNMPv3 passphrases, NSClient++'s password) come by reference only (a
 * file's first line or an environment variable), never inline. Values
 * hold no blanks and no control characters. The file is read a line at
 * a time, each parsed in place.
 */
#ifndef WB_INVENTORY_H
#define WB_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The longest line, and the most hosts, one inventory may hold. */
#define WB_INVENTORY_LINE_MAX  4096
#define WB_INVENTORY_HOSTS_MAX 100000

enum wb_secret_ref { WB_REF_NONE, WB_REF_FILE, WB_REF_ENV };

/* How a host is asked: as the command line says, over SNMP, REST or
 * NRPE. */
enum wb_host_source {
	WB_HOST_DEFAULT,
	WB_HOST_SNMP,
	WB_HOST_REST,
	WB_HOST_NRPE
};

/* One host; every text points into its line's buffer. */
struct wb_host {
	int line;
	const char *address;
	const char *name; /* NULL: the address */
	enum wb_host_source source;
	long port;   /* 0: the command line's for that source */
	int version; /* -1: the command line's, else enum wbs_version */
	enum wb_secret_ref community_ref;
	const char *community; /* the file's path or the variable's name */
	/* SNMPv3: NULL or -1, the command line's */
	const char *secname, *context;
	int level, auth, priv; /* enum wbs_level, wbs_auth, wbs_priv */
	enum wb_secret_ref auth_ref, priv_ref;
	const char *auth_pass, *priv_pass; /* a path or a variable's name */
	enum wb_secret_ref password_ref;   /* NSClient++'s password */
	const char *password; /* the file's path or the variable's name */
	const char *user;     /* NULL: the command line's --user */
	const char *edition;  /* NULL: the command line's */
	const char *policy;   /* its [policy:NAME]; NULL: the command line's */
	const char *site, *owner, *group; /* labels, or NULL */
};

/* What wb_inventory_next needs for one line: the longest and its end. */
#define WB_INVENTORY_BUF (WB_INVENTORY_LINE_MAX + 2)

/* One pass over an inventory: a line at a time, so that a fleet run's
 * memory does not grow with the estate. */
struct wb_inventory_reader {
	FILE *in;
	const char *name; /* for messages */
	int line;	  /* the last line read */
	size_t hosts;	  /* host lines read */
};

/* Reads in (the caller's, left open) from its start; name is for
 * messages. */
void wb_inventory_reader_init(struct wb_inventory_reader *r, FILE *in,
			      const char *name);

/*
 * The next host of r into *h, parsed in place in buf (WB_INVENTORY_BUF
 * bytes, the caller's: h's texts point into it): 1. 0 at the end. -1
 * with "NAME:LINE: what is wrong" in err on an unknown key, a key given
 * twice, a bad value, a secret written inline, a control character, a
 * line over WB_INVENTORY_LINE_MAX; "NAME: ..." at the end of one with no
 * host at all, past WB_INVENTORY_HOSTS_MAX, or when in cannot be read.
 */
int wb_inventory_next(struct wb_inventory_reader *r, char *buf,
		      struct wb_host *h, char *err, size_t errlen);

/*
 * The first key of h that does not go with the source it is asked over
 * (as: SNMP, REST or NRPE), e.g. "community-file" on a REST host,
 * "password-env" on an SNMP one, either on an NRPE one; NULL when all fit.
 */
const char *wb_host_misfit(const struct wb_host *h, enum wb_host_source as);

/* "SNMP" or "REST": the source a key wb_host_misfit names goes with. */
const char *wb_host_key_source(const char *key);

/* "snmp", "rest" or "nrpe", as source= writes it. */
const char *wb_host_source_name(enum wb_host_source source);

/*
 * The fleet run's answer when it cannot go on (an inventory refused, a
 * secret not found): "WINBUILD FLEET UNKNOWN - why" and a newline into
 * buf, why sanitised as remote text is, since it quotes the inventory.
 */
void wb_inventory_refusal(char *buf, size_t len, const char *why);

#endif
