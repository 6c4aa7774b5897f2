/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Keeping secrets out of process listings. The command line is parsed
 * from a copy; the parser wipes each secret in the copy (with NUL bytes)
 * as it takes it, and the process's own argv is then rewritten as one
 * title in which every secret reads "*", whatever its length: ps and
 * /proc/PID/cmdline show neither the secret nor how long it is.
 */
#ifndef WB_PROCTITLE_H
#define WB_PROCTITLE_H

/*
 * A copy of argv for the parser: *strings gets the same pointers in their
 * order, which the parser's option reordering leaves alone. NULL when out
 * of memory. Free both with wb_argv_free.
 */
char **wb_argv_copy(int argc, char *const *argv, char ***strings);
void wb_argv_free(char **copy, char **strings);

/*
 * Rewrites the memory of argv (argc strings) as one title: the arguments
 * joined by spaces, with the part of each argument the parser wiped in
 * strings (the copy's strings, in argv's order) shown as "*".
 */
void wb_argv_hide(int argc, char **argv, char *const *strings);

#endif
