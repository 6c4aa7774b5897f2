/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "module.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

nsc_query_fn wb_module_nsclient(char *err, size_t errlen)
{
	const char *dir = getenv("WINBUILD_MODULE_DIR");
	char path[4096];
	nsc_query_fn fn;
	void *handle;

	if (dir != NULL)
		snprintf(path, sizeof(path), "%s/nsclient.so", dir);
	else
		snprintf(path, sizeof(path), "%s", WB_MODULE_PATH);
	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (handle == NULL) {
		snprintf(err, errlen, "cannot load the NSClient++ module: %s",
			 dlerror());
		return NULL;
	}
	/* POSIX's way to turn the object pointer into a function pointer */
	*(void **)&fn = dlsym(handle, NSC_ENTRY);
	if (fn == NULL)
		snprintf(err, errlen, "%s has no %s", path, NSC_ENTRY);
	return fn;
}
