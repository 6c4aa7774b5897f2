/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The messages NSClient++ commands print, every era's format: the
 * check_os_version line, a Win32_OperatingSystem row, the hotfix rows,
 * dotted versions, and the edition a caption names. The module sanitises
 * a message before these parsers see it; here they get any bytes.
 */
#include "fuzz.h"
#include "nsclient/text.h"
#include "policy/edition.h"

#include <stdlib.h>
#include <string.h>

static void check_terminated(const char *what, const char *s, size_t size)
{
	if (memchr(s, '\0', size) == NULL)
		fuzz_fail("%s is not terminated", what);
}

int fuzz_nsc_text(const uint8_t *data, size_t size)
{
	char *m = fuzz_string(data, size);
	struct nsc_dotted d;
	struct nsc_os_version v;
	struct nsc_wmi_os w;
	struct pol_hotfix *fixes = malloc(NSC_HOTFIX_MAX * sizeof(*fixes));
	const char *e;
	bool capped;
	int n;

	if (fixes == NULL)
		fuzz_fail("out of memory");
	if (nsc_parse_dotted(m, &d) && (d.count < 2 || d.count > 4))
		fuzz_fail("%d parts", d.count);
	if (nsc_parse_os_version(m, &v)) {
		check_terminated("OS name", v.name, sizeof(v.name));
		check_terminated("arch", v.arch, sizeof(v.arch));
		if (v.version.count < 3)
			fuzz_fail("a version of %d parts", v.version.count);
	}
	if (nsc_parse_wmi_os(m, &w)) {
		check_terminated("caption", w.caption, sizeof(w.caption));
		check_terminated("service pack", w.service_pack,
				 sizeof(w.service_pack));
		if (w.caption[0] == '\0' || w.product_type < 0 ||
		    w.product_type > 3 || w.build != w.version.part[2])
			fuzz_fail("a WMI row read as '%s' type %d build %ld",
				  w.caption, w.product_type, w.build);
	}
	n = nsc_parse_hotfixes(m, fixes, NSC_HOTFIX_MAX, &capped);
	if (n < 0 || n > NSC_HOTFIX_MAX || (capped && n != NSC_HOTFIX_MAX))
		fuzz_fail("%d hotfixes, capped %d", n, capped);
	for (int i = 0; i < n; i++) {
		check_terminated("hotfix id", fixes[i].id, sizeof(fixes[i].id));
		if (i > 0 && fixes[i].installed > fixes[i - 1].installed)
			fuzz_fail("hotfixes not newest first at %d", i);
	}
	e = pol_edition_from_caption(m, (enum pol_family)(size % 3));
	if (e == NULL)
		fuzz_fail("no edition");
	free(fixes);
	free(m);
	return 0;
}
