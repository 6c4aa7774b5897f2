/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The texts of -h, -V and the short usage, on standard output. */
#ifndef WB_HELP_H
#define WB_HELP_H

/* -h: what the plugin does, every option, the output and the exit codes. */
void wb_help_print(void);

/* The usage lines. */
void wb_help_usage(void);

/* -V: the version, the copyright and the licence. */
void wb_help_version(void);

#endif
