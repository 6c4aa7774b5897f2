/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fuzz targets: one function per parser of remote or user text, each
 * calling the real parser and checking properties of what comes out, not
 * only that nothing crashes. Built two ways: with libFuzzer (make fuzz,
 * clang, FUZZ_MAIN names the target) and as an ordinary test program that
 * replays the committed corpora (tests/fuzz/replay.c, any compiler).
 */
#ifndef WB_FUZZ_H
#define WB_FUZZ_H

#include "policy/catalog.h"
#include "policy/report.h"

#include <stddef.h>
#include <stdint.h>

int fuzz_args(const uint8_t *data, size_t size);
int fuzz_catalog(const uint8_t *data, size_t size);
int fuzz_date(const uint8_t *data, size_t size);
int fuzz_icinga(const uint8_t *data, size_t size);
int fuzz_ini(const uint8_t *data, size_t size);
int fuzz_inventory(const uint8_t *data, size_t size);
int fuzz_nsc_answer(const uint8_t *data, size_t size);
int fuzz_nsc_text(const uint8_t *data, size_t size);
int fuzz_nrpe(const uint8_t *data, size_t size);
int fuzz_nt(const uint8_t *data, size_t size);
int fuzz_policy(const uint8_t *data, size_t size);
int fuzz_range(const uint8_t *data, size_t size);
int fuzz_rest(const uint8_t *data, size_t size);
int fuzz_sanitize(const uint8_t *data, size_t size);
int fuzz_software(const uint8_t *data, size_t size);
int fuzz_sysdescr(const uint8_t *data, size_t size);
int fuzz_updates(const uint8_t *data, size_t size);

/* Stops the run (abort) with a message naming the broken property. */
void fuzz_fail(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));

/* The bytes as a new NUL-terminated string (the caller frees it). */
char *fuzz_string(const uint8_t *data, size_t size);

/* Text shown to a user: no control character, nothing outside ASCII,
 * no '|'. what names the text in the failure message. */
void fuzz_check_clean(const char *what, const char *text);

/*
 * Renders report as plugin text and as JSON, and checks both: the text
 * holds no control character but its line ends and at most one '|' (the
 * perfdata's); the JSON parses, is one object whose state and exit code
 * agree, and holds no '|' either.
 */
void fuzz_check_report(const struct pol_report *report);

/* The evaluation date of the targets: 2026-11-22 as a day number. */
#define FUZZ_TODAY 20779L

/* The shipped catalogue, loaded once (from WB_SRCDIR or the build's
 * source directory). */
const struct pol_catalog *fuzz_shipped(void);

#ifdef FUZZ_MAIN
/* libFuzzer's entry, for the target named by FUZZ_MAIN. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return FUZZ_MAIN(data, size);
}
#endif

#endif
