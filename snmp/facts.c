/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "facts.h"

#include "lib/sanitize.h"
#include "sysdescr.h"

#include <stdio.h>

bool wbs_sysinfo_facts(const struct wbs_sysinfo *si, struct pol_facts *f,
		       char *why, size_t whylen)
{
	struct wbs_descr descr;
	char seen[128];

	wb_sanitize(f->description, sizeof(f->description), si->descr.buf,
		    si->descr.len);
	if (si->name.present)
		wb_sanitize(f->name, sizeof(f->name), si->name.buf,
			    si->name.len);
	if (si->has_object_id) {
		snprintf(f->object_id, sizeof(f->object_id), "%s",
			 si->object_id);
		f->type = wbs_product_type(si->object_id);
	}
	f->src_name = f->name[0] ? "snmp:sysName.0" : NULL;
	f->src_type = f->type != POL_TYPE_UNKNOWN ? "snmp:sysObjectID.0" : NULL;
	if (si->has_uptime) {
		f->uptime_seconds = (long)(si->uptime_ticks / 100);
		f->src_uptime = "snmp:hrSystemUptime.0";
	}
	if (!wbs_parse_sysdescr(si->descr.buf, si->descr.len, &descr)) {
		wb_sanitize(seen, sizeof(seen), si->descr.buf, si->descr.len);
		snprintf(why, whylen,
			 "not a Windows version this plugin knows: sysDescr.0 "
			 "is '%s'%s%s",
			 seen, f->object_id[0] ? ", sysObjectID.0 " : "",
			 f->object_id);
		return false;
	}
	f->nt_major = descr.nt_major;
	f->nt_minor = descr.nt_minor;
	f->build = descr.build;
	f->family_hint = descr.family;
	f->src_version = "snmp:sysDescr.0";
	return true;
}
