/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The fuzz targets as an ordinary test (TAP, one line per target): every
 * input of tests/fuzz/corpus/TARGET and tests/fuzz/regressions/TARGET
 * goes through the target once, with any compiler and under valgrind or
 * the sanitizers. `replay TARGET FILE...` runs chosen files, naming each.
 */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct target {
	const char *name;
	int (*run)(const uint8_t *, size_t);
};

static const struct target targets[] = {
	{"args", fuzz_args},
	{"catalog", fuzz_catalog},
	{"date", fuzz_date},
	{"icinga", fuzz_icinga},
	{"ini", fuzz_ini},
	{"inventory", fuzz_inventory},
	{"nsc_answer", fuzz_nsc_answer},
	{"nsc_text", fuzz_nsc_text},
	{"nrpe", fuzz_nrpe},
	{"nt", fuzz_nt},
	{"policy", fuzz_policy},
	{"range", fuzz_range},
	{"rest", fuzz_rest},
	{"sanitize", fuzz_sanitize},
	{"software", fuzz_software},
	{"sysdescr", fuzz_sysdescr},
	{"updates", fuzz_updates},
};
#define NTARGETS (sizeof(targets) / sizeof(targets[0]))

/* Runs one file through t; false if it cannot be read. */
static bool run_file(const struct target *t, const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data;
	long len;
	bool ok;

	if (f == NULL)
		return false;
	ok = fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 &&
	     fseek(f, 0, SEEK_SET) == 0;
	data = ok ? malloc((size_t)len + 1) : NULL;
	ok = data != NULL && fread(data, 1, (size_t)len, f) == (size_t)len;
	fclose(f);
	if (ok)
		t->run(data, (size_t)len);
	free(data);
	return ok;
}

/* Every file of dir through t; -1 if dir cannot be read (a missing one
 * counts as empty). */
static long run_dir(const struct target *t, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];
	long n = 0;

	if (d == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!run_file(t, path)) {
			n = -1;
			break;
		}
		n++;
	}
	closedir(d);
	return n;
}

static const struct target *find_target(const char *name)
{
	for (size_t i = 0; i < NTARGETS; i++)
		if (strcmp(targets[i].name, name) == 0)
			return &targets[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const char *top = getenv("WB_SRCDIR");
	char dir[4096];
	int failed = 0;

	if (argc > 1) {
		const struct target *t = find_target(argv[1]);
		if (t == NULL) {
			fprintf(stderr, "replay: no target %s\n", argv[1]);
			return 2;
		}
		for (int i = 2; i < argc; i++) {
			fprintf(stderr, "replay: %s %s\n", t->name, argv[i]);
			if (!run_file(t, argv[i]))
				return 2;
		}
		return 0;
	}
	if (top == NULL)
		top = WB_FUZZ_SRCDIR;
	printf("1..%zu\n", NTARGETS);
	for (size_t i = 0; i < NTARGETS; i++) {
		long corpus, regressions;
		snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/%s", top,
			 targets[i].name);
		corpus = run_dir(&targets[i], dir);
		snprintf(dir, sizeof(dir), "%s/tests/fuzz/regressions/%s", top,
			 targets[i].name);
		regressions = run_dir(&targets[i], dir);
		if (corpus <= 0 || regressions < 0) {
			printf("not ok %zu - %s: corpus unreadable or empty\n",
			       i + 1, targets[i].name);
			failed = 1;
			continue;
		}
		printf("ok %zu - %s: %ld corpus and %ld regression inputs\n",
		       i + 1, targets[i].name, corpus, regressions);
		fflush(stdout);
	}
	return failed;
}
