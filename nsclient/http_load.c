/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The HTTP client (http.c) is a module of its own, nsclient-http.so,
 * beside this one: libcurl and the thirty-odd libraries it needs cost an
 * NRPE check more than everything else it does, so only a REST check
 * loads them. These are http.h's functions, passed on to the module's.
 */
#define _GNU_SOURCE /* dladdr, glibc's and the BSDs' */
#include "http.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#define HTTP_MODULE "nsclient-http.so"

static struct {
	struct nsc_http *(*new_client)(const struct nsc_target *, char *,
				       size_t);
	void (*free_client)(struct nsc_http *);
	enum nsc_status (*get)(struct nsc_http *, const char *,
			       struct nsc_response *, char *, size_t);
	enum nsc_status (*post)(struct nsc_http *, const char *, const char *,
				size_t, long, struct nsc_response *, char *,
				size_t);
	const char *(*base)(const struct nsc_http *);
	struct nsc_http_multi *(*multi_new)(size_t, char *, size_t);
	void (*multi_free)(struct nsc_http_multi *);
	enum nsc_status (*start)(struct nsc_http_multi *, struct nsc_http *,
				 const char *, bool, void *, char *, size_t);
	bool (*multi_wait)(struct nsc_http_multi *, long, struct nsc_waitfd *,
			   size_t, char *, size_t);
	void *(*multi_ended)(struct nsc_http_multi *);
	enum nsc_status (*result)(struct nsc_http *, struct nsc_response *,
				  char *, size_t);
} http;

/* Each function by name; false with err set if one is missing. */
static bool find(void *handle, const char *path, char *err, size_t errlen)
{
	static const char *const names[] = {
		"nsc_http_new",		"nsc_http_free",  "nsc_http_get",
		"nsc_http_post",	"nsc_http_base",  "nsc_http_multi_new",
		"nsc_http_multi_free",	"nsc_http_start", "nsc_http_multi_wait",
		"nsc_http_multi_ended", "nsc_http_result"};
	void **slots[] = {(void **)&http.new_client, (void **)&http.free_client,
			  (void **)&http.get,	     (void **)&http.post,
			  (void **)&http.base,	     (void **)&http.multi_new,
			  (void **)&http.multi_free, (void **)&http.start,
			  (void **)&http.multi_wait, (void **)&http.multi_ended,
			  (void **)&http.result};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		/* POSIX's way to turn the object pointer into a function
		 * pointer, as plugin/module.c does */
		*slots[i] = dlsym(handle, names[i]);
		if (*slots[i] == NULL) {
			snprintf(err, errlen, "%s has no %s", path, names[i]);
			return false;
		}
	}
	return true;
}

/* The module from the directory this one was loaded from. */
static bool load(char *err, size_t errlen)
{
	Dl_info self;
	char path[4096];
	const char *slash;
	void *handle;

	if (http.new_client != NULL)
		return true;
	if (dladdr((void *)load, &self) == 0 || self.dli_fname == NULL ||
	    (slash = strrchr(self.dli_fname, '/')) == NULL) {
		snprintf(err, errlen,
			 "cannot tell where the NSClient++ "
			 "module was loaded from");
		return false;
	}
	snprintf(path, sizeof(path), "%.*s/%s", (int)(slash - self.dli_fname),
		 self.dli_fname, HTTP_MODULE);
	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (handle == NULL) {
		snprintf(err, errlen, "cannot load the HTTP module: %s",
			 dlerror());
		return false;
	}
	if (!find(handle, path, err, errlen)) {
		http.new_client = NULL;
		return false;
	}
	return true;
}

struct nsc_http *nsc_http_new(const struct nsc_target *target, char *err,
			      size_t errlen)
{
	return load(err, errlen) ? http.new_client(target, err, errlen) : NULL;
}

void nsc_http_free(struct nsc_http *client)
{
	if (client != NULL)
		http.free_client(client);
}

enum nsc_status nsc_http_get(struct nsc_http *client, const char *path,
			     struct nsc_response *resp, char *err,
			     size_t errlen)
{
	return http.get(client, path, resp, err, errlen);
}

enum nsc_status nsc_http_post(struct nsc_http *client, const char *path,
			      const char *body, size_t len, long timeout_ms,
			      struct nsc_response *resp, char *err,
			      size_t errlen)
{
	return http.post(client, path, body, len, timeout_ms, resp, err,
			 errlen);
}

const char *nsc_http_base(const struct nsc_http *client)
{
	return http.base(client);
}

struct nsc_http_multi *nsc_http_multi_new(size_t parallel, char *err,
					  size_t errlen)
{
	return load(err, errlen) ? http.multi_new(parallel, err, errlen) : NULL;
}

void nsc_http_multi_free(struct nsc_http_multi *multi)
{
	if (multi != NULL)
		http.multi_free(multi);
}

enum nsc_status nsc_http_start(struct nsc_http_multi *multi,
			       struct nsc_http *client, const char *path,
			       bool last, void *user, char *err, size_t errlen)
{
	return http.start(multi, client, path, last, user, err, errlen);
}

bool nsc_http_multi_wait(struct nsc_http_multi *multi, long wait_ms,
			 struct nsc_waitfd *fds, size_t nfds, char *err,
			 size_t errlen)
{
	return http.multi_wait(multi, wait_ms, fds, nfds, err, errlen);
}

void *nsc_http_multi_ended(struct nsc_http_multi *multi)
{
	return http.multi_ended(multi);
}

enum nsc_status nsc_http_result(struct nsc_http *client,
				struct nsc_response *resp, char *err,
				size_t errlen)
{
	return http.result(client, resp, err, errlen);
}
