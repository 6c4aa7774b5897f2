/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "module.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

/* nsclient.so, loaded once; its path in path. */
static void *load(char *path, size_t pathlen, char *err, size_t errlen)
{
	static void *handle;
	const char *dir = getenv("WINBUILD_MODULE_DIR");

	if (dir != NULL)
		snprintf(path, pathlen, "%s/nsclient.so", dir);
	else
		snprintf(path, pathlen, "%s", WB_MODULE_PATH);
	if (handle != NULL)
		return handle;
	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (handle == NULL)
		snprintf(err, errlen, "cannot load the NSClient++ module: %s",
			 dlerror());
	return handle;
}

nsc_query_fn wb_module_nsclient(char *err, size_t errlen)
{
	char path[4096];
	nsc_query_fn fn;
	void *handle = load(path, sizeof(path), err, errlen);

	if (handle == NULL)
		return NULL;
	/* POSIX's way to turn the object pointer into a function pointer */
	*(void **)&fn = dlsym(handle, NSC_ENTRY);
	if (fn == NULL)
		snprintf(err, errlen, "%s has no %s", path, NSC_ENTRY);
	return fn;
}

const struct nsc_icinga_api *wb_module_icinga(char *err, size_t errlen)
{
	char path[4096];
	const struct nsc_icinga_api *api;
	void *handle = load(path, sizeof(path), err, errlen);

	if (handle == NULL)
		return NULL;
	api = dlsym(handle, NSC_ICINGA_ENTRY);
	if (api == NULL)
		snprintf(err, errlen, "%s has no %s", path, NSC_ICINGA_ENTRY);
	return api;
}
