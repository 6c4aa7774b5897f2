/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "proctitle.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

char **wb_argv_copy(int argc, char *const *argv, char ***strings)
{
	char **copy = calloc((size_t)argc + 1, sizeof(*copy));
	char **keep = calloc((size_t)argc + 1, sizeof(*keep));

	if (copy == NULL || keep == NULL)
		goto fail;
	for (int i = 0; i < argc; i++) {
		copy[i] = keep[i] = strdup(argv[i]);
		if (copy[i] == NULL)
			goto fail;
	}
	*strings = keep;
	return copy;
fail:
	wb_argv_free(copy, keep);
	return NULL;
}

void wb_argv_free(char **copy, char **strings)
{
	for (size_t i = 0; strings != NULL && strings[i] != NULL; i++)
		free(strings[i]);
	free(strings);
	free(copy);
}

void wb_argv_hide(int argc, char **argv, char *const *strings)
{
	char *area = argv[0], *title;
	size_t size, used = 0;

	bool secret = false;

	for (int i = 0; i < argc; i++)
		secret |= strlen(strings[i]) < strlen(argv[i]);
	if (!secret)
		return;
	/* the strings of argv lie one after the other */
	size = (size_t)(argv[argc - 1] + strlen(argv[argc - 1]) + 1 - area);
	title = malloc(size);
	if (title == NULL)
		return;
	for (int i = 0; i < argc && used + 1 < size; i++) {
		size_t whole = strlen(argv[i]), kept = strlen(strings[i]);
		size_t room = size - 1 - used;
		if (i > 0)
			title[used++] = ' ', room--;
		if (kept > room)
			kept = room;
		memcpy(title + used, argv[i], kept);
		used += kept;
		if (kept < whole && used + 1 < size)
			title[used++] = '*';
	}
	/*
	 * The title, its NUL, then blanks to the end of the area: Linux shows
	 * a command line whose last byte is not NUL as one string (the
	 * setproctitle convention), so nothing after the title is seen.
	 */
	memset(area, ' ', size);
	if (used >= size - 1)
		used = size - 2;
	memcpy(area, title, used);
	area[used] = '\0';
	free(title);
}
