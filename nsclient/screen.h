/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Whether an HTTP answer is NSClient++'s to read. Pure: the answer is
 * judged, nothing is asked again.
 */
#ifndef NSC_SCREEN_H
#define NSC_SCREEN_H

#include "http.h"
#include "nsclient.h"

#include <stddef.h>

/*
 * NSC_OK for an answer the caller reads. Otherwise an error, said in err
 * (errlen bytes) with base (the agent's https://host:port) and what (the
 * request, for messages): a redirect (never followed, the password not
 * sent on), a Content-Encoding nobody asked for, a 401 (NSClient++ sends
 * 403), an HTML page, or a 403 with the agent's text. Remote text in the
 * message is sanitised, with target's password masked should it echo.
 */
enum nsc_status nsc_screen(const struct nsc_target *target, const char *base,
			   const char *what, const struct nsc_response *r,
			   char *err, size_t errlen);

#endif
