/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The one gate remote text passes before it is shown: the plugin's
 * output, its traces and the NSClient++ module all use it.
 */
#ifndef WB_SANITIZE_H
#define WB_SANITIZE_H

#include <stddef.h>

/*
 * Copies at most srclen bytes of untrusted text into dst (dstlen bytes,
 * always terminated). Printable ASCII is kept; control characters and '|'
 * become spaces; the encoding is unknown (Windows agents send cp1252,
 * newer ones UTF-8), so the registered and trade mark signs of either
 * become "(R)" and "(TM)" and any other non-ASCII character one '?'.
 * Runs of spaces fold into one, and text that does not fit ends in "...".
 */
void wb_sanitize(char *dst, size_t dstlen, const char *src, size_t srclen);

#endif
