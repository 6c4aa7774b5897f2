/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Interpretation of what Windows SNMP agents report: the sysDescr formats
 * of the Microsoft SNMP service (NT 4 to Server 2025) and of net-snmp's
 * agent on Windows, and the sysObjectID product types. Pure functions.
 */
#ifndef WBS_SYSDESCR_H
#define WBS_SYSDESCR_H

#include "policy/catalog.h"
#include "policy/facts.h"

#include <stdbool.h>
#include <stddef.h>

enum wbs_agent {
	WBS_AGENT_MICROSOFT, /* "... - Software: Windows Version 6.3 (Build" */
	WBS_AGENT_NETSNMP    /* "Windows HOST 10.0.19043 Windows 10 Home" */
};

struct wbs_descr {
	enum wbs_agent agent;
	int reported_major, reported_minor; /* as the agent said */
	int nt_major, nt_minor; /* 6.3 with build >= 10240 is 10.0 */
	long build;
	enum pol_family family; /* from net-snmp's product text, if any */
};

/*
 * Parses a sysDescr of len bytes (not NUL-terminated). Returns false when
 * it is not a Windows version string this parser knows.
 */
bool wbs_parse_sysdescr(const char *text, size_t len, struct wbs_descr *out);

/*
 * The product type a numeric sysObjectID ("1.3.6.1.4.1.311.1.1.3.1.2",
 * leading dot optional) stands for: Microsoft's .1 workstation, .2 server,
 * .3 domain controller; anything else is unknown.
 */
enum pol_product_type wbs_product_type(const char *object_id);

/* True when host starts with a net-snmp transport (udp:, udp6:, tcp:, tcp6:).
 */
bool wbs_is_transport(const char *host);

/*
 * Builds a net-snmp peer name from -H and -p: a name or IPv4 address
 * becomes "host:port", an IPv6 literal ("::1" or "[::1]") "udp6:[::1]:port",
 * a transport spec ("udp:", "udp6:", "tcp:", "tcp6:") keeps its prefix and
 * gets ":port" unless it has one. port 0 means the default 161. Returns
 * false with a reason in err on an empty host, a port given twice, or text
 * that is too long.
 */
bool wbs_peer_name(const char *host, long port, char *buf, size_t buflen,
		   char *err, size_t errlen);

#endif
