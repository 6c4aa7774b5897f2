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

/* The module's symbol name, as an object pointer; NULL with err set. */
static void *module_symbol(const char *name, char *err, size_t errlen)
{
	char path[4096];
	void *handle = load(path, sizeof(path), err, errlen), *symbol;

	if (handle == NULL)
		return NULL;
	symbol = dlsym(handle, name);
	if (symbol == NULL)
		snprintf(err, errlen, "%s has no %s", path, name);
	return symbol;
}

nsc_query_fn wb_module_nsclient(char *err, size_t errlen)
{
	nsc_query_fn fn;

	/* POSIX's way to turn the object pointer into a function pointer */
	*(void **)&fn = module_symbol(NSC_ENTRY, err, errlen);
	return fn;
}

nsc_fleet_fn wb_module_nsclient_fleet(char *err, size_t errlen)
{
	nsc_fleet_fn fn;

	*(void **)&fn = module_symbol(NSC_FLEET_ENTRY, err, errlen);
	return fn;
}

const struct nsc_icinga_api *wb_module_icinga(char *err, size_t errlen)
{
	return module_symbol(NSC_ICINGA_ENTRY, err, errlen);
}
