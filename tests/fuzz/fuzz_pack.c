/*
 * fuzz_pack.c - a received pack, as the probe handles it
 * (crawler/transport/pack.c): the size scanner first, then libgit2's
 * indexer into a cache folder, with the caps of a by-id fetch. The
 * seeds hold delta bombs; no input may use more than a few megabytes
 * (libFuzzer's -rss_limit_mb says so). Byte 0 sets the split.
 */
#include "tests/fuzz/fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <unistd.h>
#include <git2.h>

#include "crawler/transport/pack.h"
#include "lib/error.h"

static char root[64];

/* The packs an input left: each input starts from an empty cache. */
static void clear_packs(void)
{
	char dir[128];
	DIR *d;
	struct dirent *e;

	snprintf(dir, sizeof(dir), "%s", root);
	if (!(d = opendir(dir)))
		return;
	while ((e = readdir(d))) {
		char path[512];

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	git_libgit2_init();
	strcpy(root, "/tmp/inventaire-fuzz-pack-XXXXXX");
	if (!mkdtemp(root))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pack *p;
	git_odb *odb;
	size_t step;
	char *buf;
	int rc = 0;

	if (size < 1)
		return 0;
	step = data[0] ? data[0] * 16u : 65536;
	buf = fuzz_exact(data + 1, size - 1);
	/* A fresh object database: the last input's packs are gone. */
	if (git_odb_new(&odb) < 0)
		abort();
	if (pack_new(&p, odb, root, 1ull << 20, 1000, "fuzz") == 0) {
		for (size_t i = 0; rc == 0 && i < size - 1; i += step)
			rc = pack_append(buf + i, size - 1 - i < step ? size - 1 - i
			                 : step, p);
		if (rc == 0)
			pack_commit(p);
		pack_free(p);
	}
	git_odb_free(odb);
	clear_packs();
	free(buf);
	error_clear();
	git_error_clear();
	return 0;
}
